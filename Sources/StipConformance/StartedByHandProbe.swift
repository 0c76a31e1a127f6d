import Foundation
import StipPluginDefinition
import StipPluginProtocol
import Subprocess
#if canImport(SystemPackage)
    import SystemPackage
#endif

/// §15 item 2: started without the cookie (by a person, not by `stipd`), a plugin says what it is on stderr and
/// exits 1, rather than waiting for protocol messages nobody will send.
struct StartedByHandProbe {
    let definition: PluginDefinition
    let steps: StepLog
    /// How long a plugin may take to say so; one that waits longer is killed. As long as it may take to start
    /// (`initialize_ms`, at least 5 s): an interpreter starting on a busy machine is not a plugin that waits.
    var limit: Duration { max(.seconds(5), definition.timeouts.initialize) }

    func run() async {
        let sent = "started \(definition.executable.lastPathComponent) without \(PluginProtocol.cookieName), stdin at end of file"
        let outcome = await withTaskGroup(of: Result?.self) { group in
            group.addTask { await launch() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()  // cancelling the launch kills the process (its teardown sequence)
            return first
        }
        guard let outcome else {
            steps.record(
                2, "started by hand", .failed, sent: sent, received: "still running after \(limit); killed",
                detail: "without the cookie, print \"\(PluginProtocol.startedByHandMessage)\" to stderr and exit 1 at once")
            return
        }
        let said = outcome.stderr.split(separator: "\n").last.map(String.init) ?? ""
        let received = "\(outcome.status); stderr: \(said.isEmpty ? "(nothing)" : "\"\(said.clipped(200))\"")"
        steps.expect(
            2, "started by hand", outcome.status == "exited(1)" && outcome.stderr.contains(PluginProtocol.startedByHandMessage),
            sent: sent, received: received,
            failure: "without the cookie, print \"\(PluginProtocol.startedByHandMessage)\" to stderr and exit 1")
    }

    private struct Result: Sendable {
        var status: String
        var stderr: String
    }

    private func launch() async -> Result? {
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .milliseconds(500))]
        do {
            let result = try await Subprocess.run(
                .path(FilePath(definition.executable.path)), arguments: Arguments(definition.arguments),
                environment: .custom(["PATH=/usr/local/bin:/usr/bin:/bin"].map { Array($0.utf8) + [0] }),
                workingDirectory: FilePath(definition.directory.path), platformOptions: options,
                input: .none, output: .discarded, error: .string(limit: 1 << 16))
            return Result(status: "\(result.terminationStatus)", stderr: result.standardError)
        } catch {
            return Result(status: "could not be started: \(error)", stderr: "")
        }
    }
}
