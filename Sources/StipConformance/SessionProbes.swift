import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// The probes of one session, in the order a session goes: the handshake, the requests of the manifest's
/// capabilities, robustness, and finally `shutdown` + `exit` (whose outcome ``ShutdownProbes/judgeExit`` judges
/// once the process has gone). Each probe records what it sent and what came back.
struct SessionProbes: Sendable {
    let definition: PluginDefinition
    let connection: ProbeConnection
    let givenConfig: JSONValue?
    let steps: StepLog

    /// The `host` member of `initialize`.
    static let host = JSONValue.object(["name": .string("stip-conformance"), "version": .string("1")])

    /// The params every activity-scoped request carries.
    static let activity: [String: JSONValue] = ["workspace": .string("conformance"), "activity_id": .string("check")]

    /// How a session ended, which decides whether the process's exit is judged.
    enum End: Sendable {
        /// No session to speak of: nothing after the handshake was probed.
        case handshakeFailed
        /// The process had gone before `shutdown`.
        case processGone
        /// `shutdown` + `exit` reached a running process: its exit is judged.
        case exitSent
    }

    func run() async -> End {
        guard let session = await handshake() else { return .handshakeFailed }
        checkSchemas(session.manifest)
        await secondInitialize()
        await pings()
        let config = await chooseConfig(session.manifest)
        await validation(config)
        await formAndImport(session.manifest, config: config)
        if session.manifest.capabilities.validateBatch && PluginProtocol.version(session.version, includes: 1, 1) {
            await batchValidation(config)
        }
        await unknownMethodsAndFields()
        await notifications()
        await cancellation(config)
        await evaluation(session.manifest, config: config)
        if PluginProtocol.version(session.version, includes: 1, 2) { await exports(session.manifest, config: config) }
        await malformedLines()
        let reachedExit = await shutdown()
        judgeStdout()
        return reachedExit ? .exitSent : .processGone
    }

    /// When the process has gone, a probe cannot look: it says so instead of failing or passing.
    /// - Returns: `true` when the probe must not run.
    func skipIfGone(_ item: Int, _ name: String, sent: String) -> Bool {
        guard let ending = connection.ending else { return false }
        steps.record(
            item, name, .notProbed, sent: sent, received: "the process \(ending) before this probe",
            detail: "fix the failure that ended the process, then run the check again")
        return true
    }

    /// A ping answered after a probe: the plugin survived what the probe sent.
    func stillAnswers() async -> (Bool, String) {
        let ping = await connection.request(PluginProtocol.Method.ping, timeout: .seconds(5))
        return (ping.result != nil, "then ping: \(ping)")
    }
}

/// The activity config the probes use, and whether the plugin accepted it.
struct ProbeConfig: Sendable {
    var value: JSONValue
    /// Whether `validate_activity` accepted it: only then can the probes reach past the plugin's refusal.
    var usable: Bool
    /// Where it came from, for the transcript.
    var origin: String

    /// A probe's answer when the plugin refused the config: a fair answer, but nothing was looked at.
    func notProbedDetail() -> String {
        "the plugin refused the \(origin) with invalid_config, so this was not probed; run the check with --activity-config FILE (a valid config)"
    }
}
