public import Foundation
public import StipJSON
import StipPluginDefinition
import StipPluginProtocol
import Subprocess
#if canImport(SystemPackage)
    import SystemPackage
#endif

/// Runs a plugin through the protocol on its own, without a daemon, and reports what a plugin developer must
/// fix (`stipctl plugin check PATH/plugin.yaml`). It speaks to the process line by line itself rather than
/// through the host, so that it can send what the host never would and see exactly what comes back.
public enum ConformanceCheck {
    /// One checked behaviour: what was sent and what came back.
    public struct Step: Sendable, Codable {
        public var name: String
        public var passed: Bool
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    /// Runs every step against the plugin described by `manifestFile`.
    /// - Parameters:
    ///   - manifestFile: the plugin's `plugin.yaml`.
    ///   - config: a valid activity config, so the later steps run the plugin's own code rather than its refusal of `{}`.
    public static func run(manifestFile: URL, config: JSONValue? = nil) async -> [Step] {
        let steps = Steps()
        let definition: PluginDefinition
        do {
            definition = try PluginDefinition.load(manifestFile)
            steps.record("plugin.yaml", true, "\(definition.id) \(definition.version), protocol \(definition.protocolVersion)")
        } catch {
            steps.record("plugin.yaml", false, error.description)
            return steps.all
        }
        steps.record(
            "started by hand", await refusesWithoutCookie(definition),
            "without \(PluginProtocol.cookieName) it must print \"\(PluginProtocol.startedByHandMessage)\" to stderr and exit 1")
        let run = await ProbeConnection.run(definition, grace: definition.timeouts.shutdownGrace) { connection in
            await ProtocolWalk(definition: definition, connection: connection, config: config, steps: steps).run()
        }
        if let failure = run.startFailure {
            steps.record("start", false, failure)
        } else if run.value == true {
            let clean = run.exitedInTime && run.termination == "exited(0)"
            steps.record(
                "shutdown", clean,
                clean
                    ? "exited with status 0 after shutdown + exit"
                    : "after shutdown + exit it must exit by itself with status 0 within \(definition.timeouts.shutdownGrace); it \(run.exitedInTime ? run.termination : "did not exit and was killed")"
            )
        }
        return steps.all
    }

    static func refusesWithoutCookie(_ definition: PluginDefinition) async -> Bool {
        do {
            let result = try await Subprocess.run(
                .path(FilePath(definition.executable.path)), arguments: Arguments(definition.arguments),
                environment: .custom(["PATH=/usr/local/bin:/usr/bin:/bin"].map { Array($0.utf8) + [0] }),
                workingDirectory: FilePath(definition.directory.path),
                input: .none, output: .discarded, error: .string(limit: 1 << 16))
            guard case .exited(let code) = result.terminationStatus else { return false }
            return code == 1 && result.standardError.contains(PluginProtocol.startedByHandMessage)
        } catch {
            return false
        }
    }
}

/// The steps recorded so far (filled from the probes' task).
final class Steps: Sendable {
    private let list = Mutex<[ConformanceCheck.Step]>([])

    func record(_ name: String, _ passed: Bool, _ detail: String) {
        list.withLock { $0.append(ConformanceCheck.Step(name: name, passed: passed, detail: detail)) }
    }

    var all: [ConformanceCheck.Step] { list.withLock { $0 } }
}

import Synchronization
