import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 3 and 4 (the refusal half): what a plugin that is still `new` must answer. They run in a process of
/// their own, so a plugin that wrongly accepts a version it does not speak cannot spoil the session that follows.
enum BeforeInitializeProbes {
    static func run(_ definition: PluginDefinition, steps: StepLog) async {
        let session = await ProbeConnection.run(definition, grace: .seconds(2)) { connection in
            let ping = await connection.request(PluginProtocol.Method.ping, timeout: definition.timeouts.initialize)
            steps.expect(
                3, "request before initialize", ping.error?.knownCode == .notInitialized,
                sent: "ping, before initialize", received: "\(ping)",
                failure: "every request before initialize gets \(RPCError.Code.notInitialized.label) (§5, §16.1)")

            let alien = JSONValue.array([.string("999.0")])
            let hello = await connection.request(
                PluginProtocol.Method.initialize, .object(["protocol_versions": alien, "host": SessionProbes.host]),
                timeout: definition.timeouts.initialize)
            let supported = hello.error?.data?["supported"]
            let listsVersions = supported.map { $0.isArray && !$0.elements.isEmpty && $0.elements.allSatisfy { $0.stringValue != nil } }
            steps.expect(
                4, "initialize with only 999.0", hello.error?.knownCode == .unsupportedProtocol && listsVersions == true,
                sent: "initialize {\"protocol_versions\": [\"999.0\"]}", received: "\(hello)",
                failure: hello.error?.knownCode == .unsupportedProtocol
                    ? "data.supported must list the versions the plugin speaks, as strings"
                    : "a plugin that speaks none of the offered versions answers \(RPCError.Code.unsupportedProtocol.label) with data.supported (§6)"
            )
        }
        if let failure = session.startFailure {
            steps.record(3, "request before initialize", .failed, sent: "start the plugin", received: failure)
        }
    }
}
