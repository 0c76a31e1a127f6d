import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 4, 5, 6 and 14: the handshake, the manifest and its schemas, a second `initialize`, pings.
extension SessionProbes {
    struct Session {
        var version: String
        var manifest: PluginManifest
    }

    func handshake() async -> Session? {
        let offered = PluginProtocol.supportedVersions
        let sent = "initialize {\"protocol_versions\": [\(offered.map { "\"\($0)\"" }.joined(separator: ", "))]}"
        let hello = await connection.request(
            PluginProtocol.Method.initialize,
            .object(["protocol_versions": .array(offered.map { .string($0) }), "host": Self.host]),
            timeout: definition.timeouts.initialize)
        guard let answer = hello.result, let chosen = answer["protocol_version"]?.stringValue else {
            steps.record(
                4, "handshake", .failed, sent: sent, received: "\(hello)",
                detail: "initialize must answer {protocol_version, manifest} (§8.1); the remaining items were not probed")
            return nil
        }
        let manifest: PluginManifest
        do {
            manifest = try (answer["manifest"] ?? .null).decode(PluginManifest.self)
        } catch {
            steps.record(
                4, "handshake", .failed, sent: sent, received: "protocol \(chosen); manifest: \(error)",
                detail: "the manifest must have the members of §7; the remaining items were not probed")
            return nil
        }
        var problems = manifest.problems(expectedID: definition.id)
        if manifest.version != definition.version {
            problems.append("the manifest says version \(manifest.version) but plugin.yaml says \(definition.version)")
        }
        if !offered.contains(chosen) { problems.append("it chose \(chosen), which was not offered") }
        steps.expect(
            4, "handshake", problems.isEmpty, sent: sent,
            received: "protocol \(chosen); \(manifest.id) \(manifest.version); modes \(manifest.modes.joined(separator: ", ")); "
                + "\(manifest.metrics.count) metric(s)",
            failure: problems.joined(separator: "; "))
        return Session(version: chosen, manifest: manifest)
    }

    /// The hand-written schemas must be schemas (JSON Schema 2020-12), not just any object.
    func checkSchemas(_ manifest: PluginManifest) {
        let problems =
            JSONSchema(manifest.configSchema).schemaProblems().map { "config_schema\($0)" }
            + JSONSchema(manifest.contributionSchema).schemaProblems().map { "contribution_schema\($0)" }
        let objects = [manifest.configSchema, manifest.contributionSchema].allSatisfy(\.isObject)
        steps.expect(
            14, "manifest schemas", objects && problems.isEmpty, sent: "read config_schema and contribution_schema of the manifest",
            received: problems.isEmpty
                ? (objects ? "both are JSON Schema 2020-12" : "not objects") : problems.prefix(5).joined(separator: "; "),
            failure: "write them in the subset of JSON Schema 2020-12 that §15 item 14 lists")
    }

    func secondInitialize() async {
        let sent = "initialize again"
        if skipIfGone(5, "second initialize", sent: sent) { return }
        let again = await connection.request(
            PluginProtocol.Method.initialize,
            .object(["protocol_versions": .array(PluginProtocol.supportedVersions.map { .string($0) }), "host": Self.host]))
        steps.expect(
            5, "second initialize", again.error?.knownCode == .invalidRequest, sent: sent, received: "\(again)",
            failure: "initialize comes once; a second one gets \(RPCError.Code.invalidRequest.label) (§5)")
    }

    func pings() async {
        if skipIfGone(6, "ping", sent: "ping") { return }
        let ping = await connection.request(PluginProtocol.Method.ping)
        steps.expect(
            6, "ping", ping.result == .object([:]), sent: "ping", received: "\(ping)", failure: "ping answers {} (§8.7)")

        // Three lines in one write: a plugin that reads stdin in chunks and handles one line per chunk loses two.
        let ids = (0..<3).map { _ in connection.reserveID() }
        let lines = ids.flatMap { RPCMessage.request(id: $0, method: PluginProtocol.Method.ping, params: .object([:])).encodedLine() }
        let answers = await connection.send(lines, awaiting: ids, timeout: .seconds(5))
        let answered = answers.filter { $0.result != nil }.count
        steps.expect(
            6, "three pings in one write", answered == 3,
            sent: "three pings (ids \(ids.map(String.init).joined(separator: ", "))) in one write",
            received: zip(ids, answers).map { "\($0): \($1)" }.joined(separator: "; "),
            failure: "every line gets its answer, however the lines arrive (§3)")

        let concurrent = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { await connection.request(PluginProtocol.Method.ping).result != nil } }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        steps.expect(
            6, "16 requests in flight", concurrent == 16, sent: "16 pings before reading any answer",
            received: "\(concurrent) of 16 answered under their own ids",
            failure: "the host keeps up to max_concurrent_requests in flight (§4.4)")
    }
}
