import Foundation
import Logging
import StipDomain
import StipPluginDefinition
import StipPluginHost

/// A plugin host serving some plugins for the length of one test, inside a task group as the daemon runs it.
enum RunningHost {
    /// No log lines in the test output: what the tests check is what the host answers.
    static let quiet = Logger(label: "stip-plugin-host-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` with a host that has the plugins of `manifests` installed (not scanned); stops every plugin
    /// and the host afterwards, also when `body` throws.
    static func with<T: Sendable>(_ manifests: [URL], _ body: (PluginHost) async throws -> T) async throws -> T {
        let definitions = try manifests.map { manifest throws(PluginDefinitionError) in try PluginDefinition.load(manifest) }
        let host = PluginHost(directories: [], logger: quiet)
        for definition in definitions { host.install(definition) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await host.run() }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body(host))
            } catch {
                outcome = .failure(error)
            }
            await host.stopAll()
            group.cancelAll()
            try await group.waitForAll()
            return try outcome.get()
        }
    }

    /// The plugin's status once `condition` holds, polling for at most `seconds`; the last status seen otherwise.
    static func status(
        of id: String, in host: PluginHost, within seconds: Int = 20, where condition: (PluginStatus) -> Bool
    ) async throws -> PluginStatus? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last: PluginStatus?
        while ContinuousClock.now < deadline {
            last = await host.statuses().plugins.first { $0.id == id }
            if let last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }
}
