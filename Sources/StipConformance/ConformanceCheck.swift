public import Foundation
public import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// Runs a plugin through the protocol on its own, without a daemon, and reports what a plugin developer must
/// fix (`stipctl plugin check PATH/plugin.yaml`). It speaks to the process line by line itself rather than
/// through the host, so that it can send what the host never would and see exactly what comes back.
///
/// Every numbered item of `docs/plugin-protocol.md` §15 is one or more probes. A probe passes only when it saw
/// the behaviour it checks; when it could not look (no usable config, the process already gone) it says
/// "not probed" and why, rather than "passed".
public enum ConformanceCheck {
    /// Runs every probe against the plugin described by `manifestFile`.
    /// - Parameters:
    ///   - manifestFile: the plugin's `plugin.yaml`.
    ///   - config: a valid activity config, so that the probes run the plugin's own code rather than its refusal
    ///     of `{}`. Without one, the check builds one from the manifest's `config_schema` when it can.
    /// - Returns: the probes' outcomes, ordered by §15 item.
    public static func run(manifestFile: URL, config: JSONValue? = nil) async -> [ConformanceStep] {
        // A plugin may exit while the check still writes to it (that is what some probes provoke): the write must
        // fail, not kill the process running the check.
        signal(SIGPIPE, SIG_IGN)
        let steps = StepLog()
        let definition: PluginDefinition
        do {
            definition = try PluginDefinition.load(manifestFile)
            steps.record(
                1, "plugin.yaml", .passed, sent: "read \(manifestFile.path)",
                received: "\(definition.id) \(definition.version), protocol \(definition.protocolVersion)")
        } catch {
            steps.record(
                1, "plugin.yaml", .failed, sent: "read \(manifestFile.path)", received: error.description,
                detail: "fix plugin.yaml (docs/plugin-protocol.md §11); nothing else was probed")
            return steps.all
        }
        await StartedByHandProbe(definition: definition, steps: steps).run()
        await BeforeInitializeProbes.run(definition, steps: steps)
        let session = await ProbeConnection.run(definition, grace: definition.timeouts.shutdownGrace) { connection in
            await SessionProbes(definition: definition, connection: connection, givenConfig: config, steps: steps).run()
        }
        ShutdownProbes.judgeExit(session, definition: definition, steps: steps)
        return steps.all
    }
}

/// One probe: which §15 item it belongs to, what was sent, what came back, and the verdict.
public struct ConformanceStep: Sendable, Codable, Equatable {
    /// Whether the plugin did what the item asks.
    public enum Outcome: String, Sendable, Codable {
        case passed
        case failed
        /// The probe could not look (no usable activity config, or the process had already gone): not a pass.
        case notProbed = "not_probed"
    }

    /// The numbered item of `docs/plugin-protocol.md` §15.
    public var item: Int
    public var name: String
    public var outcome: Outcome
    /// What the check sent (or did), in a line.
    public var sent: String
    /// What came back, in a line.
    public var received: String
    /// Why it failed or was not probed, and what to do; empty when it passed.
    public var detail: String

    public init(item: Int, name: String, outcome: Outcome, sent: String, received: String, detail: String = "") {
        self.item = item
        self.name = name
        self.outcome = outcome
        self.sent = sent
        self.received = received
        self.detail = detail
    }

    /// Only a failure fails the check.
    public var failed: Bool { outcome == .failed }
}
