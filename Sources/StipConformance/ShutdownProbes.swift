import Foundation
import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 12 and 13: stdout carries nothing but protocol messages; `shutdown` is answered, then every request
/// gets -32005, and `exit` ends the process with status 0 within the grace period.
extension SessionProbes {
    /// - Returns: whether `shutdown` and `exit` reached a running process (only then is its exit judged).
    func shutdown() async -> Bool {
        let sent = "shutdown"
        if skipIfGone(13, "shutdown", sent: sent) { return false }
        let shutdown = await connection.request(PluginProtocol.Method.shutdown, timeout: definition.timeouts.shutdownGrace)
        steps.expect(
            13, "shutdown", shutdown.result == .object([:]), sent: sent, received: "\(shutdown)", failure: "shutdown answers {} (§8.8)")
        let ping = await connection.request(PluginProtocol.Method.ping, timeout: .seconds(5))
        steps.expect(
            13, "ping after shutdown", ping.error?.knownCode == .shuttingDown, sent: "ping after shutdown", received: "\(ping)",
            failure: "after shutdown every request, ping included, gets \(RPCError.Code.shuttingDown.label) (§5)")
        connection.notify(PluginProtocol.Method.exit)
        connection.closeInput()
        return true
    }

    /// Looks at every line the session saw that was not a protocol message.
    func judgeStdout() {
        let foreign = connection.unexpected.filter { $0.kind == .notProtocol }
        steps.expect(
            12, "stdout", foreign.isEmpty, sent: "the whole session",
            received: foreign.isEmpty
                ? "only protocol messages on stdout"
                : "\(foreign.count) line(s) that are not JSON-RPC messages, the first: \(foreign[0].text.clipped(200))",
            failure: "stdout carries protocol messages only; write logs to stderr (§2)")
    }
}

enum ShutdownProbes {
    /// The end of the session, once the process has gone: after `shutdown` + `exit` it exits by itself with status 0
    /// within `shutdown_grace_ms`.
    static func judgeExit(_ session: ProbeConnection.Run<SessionProbes.End>, definition: PluginDefinition, steps: StepLog) {
        if let failure = session.startFailure {
            steps.record(4, "start", .failed, sent: "start \(definition.executable.path) with the cookie", received: failure)
            return
        }
        guard case .exitSent = session.value else {
            if case .processGone = session.value {
                steps.record(
                    13, "exit", .notProbed, sent: "exit, then stdin closed",
                    received: "the process had already ended: \(session.termination)",
                    detail: "fix the failure that ended the process, then run the check again")
            }
            return
        }
        let sent = "exit, then stdin closed"
        let clean = session.exitedInTime && session.termination == "exited(0)"
        steps.expect(
            13, "exit", clean, sent: sent,
            received: session.exitedInTime ? session.termination : "still running after \(definition.timeouts.shutdownGrace); killed",
            failure: "after shutdown + exit the process exits by itself with status 0 within shutdown_grace_ms (§5)")
    }
}
