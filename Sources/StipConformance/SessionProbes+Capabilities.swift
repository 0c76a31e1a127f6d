import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 10 and 15: `public_form` and `import` are refused with -32004 exactly when the capability is missing,
/// and answered in their shape when it is there; `validate_contributions` answers one entry per submission.
extension SessionProbes {
    func formAndImport(_ manifest: PluginManifest, config: ProbeConfig) async {
        if manifest.capabilities.publicForm {
            for locale in ["nl", "en"] {
                await expectCapability(
                    "public_form (\(locale))", PluginProtocol.Method.publicForm,
                    ["config": config.value, "locale": .string(locale)], config: config
                ) { result in
                    result["form"]?["fields"]?.isArray == true ? nil : "the result must hold form.fields, a list (§8.4)"
                }
            }
        } else {
            await expectUnsupported("public_form", PluginProtocol.Method.publicForm, ["config": config.value, "locale": .string("nl")])
        }
        if manifest.capabilities.importFormats.isEmpty {
            await expectUnsupported(
                "import", PluginProtocol.Method.importRows,
                ["config": config.value, "format": .string("csv"), "rows": .array([]), "first_row": .int(2)])
        }
        for format in manifest.capabilities.importFormats {
            await expectCapability(
                "import (\(format))", PluginProtocol.Method.importRows,
                ["config": config.value, "format": .string(format), "rows": .array([]), "first_row": .int(2)], config: config
            ) { result in
                result["contributions"]?.isArray == true && result["errors"]?.isArray == true
                    ? nil : "the result must hold contributions and errors, both lists (§8.5)"
            }
        }
    }

    /// A request the manifest says the plugin does not take: -32004.
    private func expectUnsupported(_ name: String, _ method: String, _ params: [String: JSONValue]) async {
        let sent = "\(method), which the manifest does not offer"
        if skipIfGone(10, "\(name) without the capability", sent: sent) { return }
        let reply = await connection.request(method, .object(params))
        steps.expect(
            10, "\(name) without the capability", reply.error?.knownCode == .unsupported, sent: sent, received: "\(reply)",
            failure: "a request of a capability the manifest does not declare gets \(RPCError.Code.unsupported.label)")
    }

    /// A request of a declared capability: never -32004; with a usable config, a result of the right shape.
    private func expectCapability(
        _ name: String, _ method: String, _ params: [String: JSONValue], config: ProbeConfig, shapeProblem: (JSONValue) -> String?
    ) async {
        let sent = "\(method) with the \(config.origin)"
        if skipIfGone(10, name, sent: sent) { return }
        let reply = await connection.request(method, .object(params))
        switch reply {
        case .result(let result):
            let problem = shapeProblem(result)
            steps.expect(10, name, problem == nil, sent: sent, received: "\(reply)", failure: problem ?? "")
        case .error(let error) where error.knownCode == .invalidConfig && !config.usable:
            steps.record(10, name, .notProbed, sent: sent, received: "\(reply)", detail: config.notProbedDetail())
        case .error(let error) where error.knownCode == .unsupported:
            steps.record(
                10, name, .failed, sent: sent, received: "\(reply)",
                detail: "the manifest declares this capability, so the request may not get -32004")
        default:
            steps.record(
                10, name, .failed, sent: sent, received: "\(reply)",
                detail: config.usable ? "with a valid config this must be answered with a result" : "expected a result or -32010")
        }
    }

    /// `validate_contributions` (capability `validate_batch`): one entry per submission, in order, each exactly a
    /// result or an error object; or the whole request refused because the config cannot be read.
    func batchValidation(_ config: ProbeConfig) async {
        let name = PluginProtocol.Method.validateContributions
        let sent = "\(name) with 3 submissions {} and the \(config.origin)"
        if skipIfGone(15, name, sent: sent) { return }
        let reply = await connection.request(
            name,
            .object(
                Self.activity.merging([
                    "config": config.value, "submissions": .array([.object([:]), .object([:]), .object([:])]), "channel": .string("online"),
                ]) { $1 }))
        if let error = reply.error, [.invalidConfig, .invalidParams].contains(error.knownCode) {
            if config.usable {
                steps.record(
                    15, name, .failed, sent: sent, received: "\(reply)",
                    detail: "the config is valid (validate_activity accepted it), so each submission gets its own entry")
            } else {
                steps.record(15, name, .notProbed, sent: sent, received: "\(reply)", detail: config.notProbedDetail())
            }
            return
        }
        let entries = reply.result?["results"]?.elements ?? []
        let wellFormed = entries.allSatisfy { entry in
            guard let members = entry.members, members.count == 1 else { return false }
            if let error = members["error"] { return error["code"]?.intValue != nil && error["message"]?.stringValue != nil }
            return members["result"]?["contribution"] != nil
        }
        steps.expect(
            15, name, reply.result?["results"]?.isArray == true && entries.count == 3 && wellFormed, sent: sent,
            received: "\(reply)",
            failure: entries.count == 3
                ? "each entry of results is {\"result\": {\"contribution\", …}} or {\"error\": {\"code\", \"message\"}} (§8.3.1)"
                : "results must have one entry per submission, in order: 3 sent, \(entries.count) answered")
    }
}
