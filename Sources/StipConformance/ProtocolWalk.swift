import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// The probes, in the order a session goes: handshake, the requests of the manifest's capabilities, robustness,
/// and finally `shutdown` + `exit` (whose outcome the caller judges once the process has gone).
struct ProtocolWalk: Sendable {
    let definition: PluginDefinition
    let connection: ProbeConnection
    let config: JSONValue?
    let steps: Steps

    private func record(_ name: String, _ passed: Bool, _ detail: String) {
        steps.record(name, passed, detail)
    }

    /// - Returns: whether the session got as far as `shutdown` + `exit`.
    func run() async -> Bool {
        let offered = JSONValue.array(PluginProtocol.supportedVersions.map { .string($0) })
        let hello = await connection.request(
            PluginProtocol.Method.initialize,
            .object(["protocol_versions": offered, "host": .object(["name": .string("stip-conformance"), "version": .string("1")])]),
            timeout: definition.timeouts.initialize)
        guard let answer = hello.result, let chosen = answer["protocol_version"]?.stringValue,
            let manifest = try? (answer["manifest"] ?? .null).decode(PluginManifest.self)
        else {
            record("handshake", false, "initialize must answer protocol_version and a valid manifest; \(hello)")
            return false
        }
        let problems = manifest.problems(expectedID: definition.id)
        record(
            "handshake", problems.isEmpty && PluginProtocol.supportedVersions.contains(chosen),
            problems.isEmpty
                ? "protocol \(chosen); modes \(manifest.modes.joined(separator: ", ")); \(manifest.metrics.count) metric(s)"
                : "the manifest has problems: \(problems.joined(separator: "; "))")
        checkSchemas(manifest)

        let base: [String: JSONValue] = ["workspace": .string("conformance"), "activity_id": .string("check")]
        await expectRefusal(PluginProtocol.Method.validateActivity, base.merging(["config": .object([:])]) { $1 }, code: .invalidConfig)
        await expectRefusal(
            PluginProtocol.Method.validateActivity, base.merging(["config": .string("not an object")]) { $1 }, code: .invalidConfig,
            mustFail: true)
        var checkConfig: JSONValue = .object([:])
        if let config {
            let reply = await connection.request(PluginProtocol.Method.validateActivity, .object(base.merging(["config": config]) { $1 }))
            if let normalised = reply.result?["config"] {
                checkConfig = normalised
                record("validate_activity (given config)", true, "the given config is valid; later steps use its normalised form")
                let mismatches = JSONSchema(manifest.configSchema).validate(normalised)
                record(
                    "config matches its schema", mismatches.isEmpty,
                    mismatches.isEmpty
                        ? "the normalised config validates against the manifest's config_schema"
                        : mismatches.prefix(5).map(\.description).joined(separator: "; "))
            } else {
                record("validate_activity (given config)", false, "the config given with --activity-config was refused: \(reply)")
            }
        }
        await expectRefusal(
            PluginProtocol.Method.validateContribution,
            base.merging(["config": checkConfig, "submission": .object([:]), "channel": .string("online")]) { $1 },
            code: .invalidContribution)
        if manifest.capabilities.validateBatch { await checkBatchValidation(config: checkConfig) }

        let unknown = await connection.request("stip/no_such_method")
        record("unknown method", unknown.error?.knownCode == .methodNotFound, "sent stip/no_such_method; got \(unknown)")

        connection.sendRaw(Array("{this is not json\n".utf8))
        let alive = await connection.request(PluginProtocol.Method.ping, timeout: .seconds(5))
        record(
            "malformed line", alive.result != nil,
            alive.result != nil ? "survived a malformed line and still answers" : "stopped answering after a malformed line: \(alive)")

        let concurrent = await withTaskGroup(of: Bool.self) { pings in
            for _ in 0..<16 { pings.addTask { await connection.request(PluginProtocol.Method.ping).result != nil } }
            return await pings.reduce(true) { $0 && $1 }
        }
        record("concurrent requests", concurrent, "16 requests in flight at once, each answered under its own id")

        let cancelled = connection.nextID
        async let slow = connection.request(PluginProtocol.Method.validateActivity, .object(base.merging(["config": .object([:])]) { $1 }))
        connection.notify(PluginProtocol.Method.cancel, .object(["id": .int(cancelled)]))
        _ = await slow
        let afterCancel = await connection.request(PluginProtocol.Method.ping, timeout: .seconds(5))
        record(
            "$/cancel", afterCancel.result != nil,
            afterCancel.result != nil ? "still answers after $/cancel for request \(cancelled)" : "stopped answering after $/cancel")

        if manifest.capabilities.publicForm {
            for locale in ["nl", "en"] {
                let reply = await connection.request(
                    PluginProtocol.Method.publicForm, .object(["config": checkConfig, "locale": .string(locale)]))
                if reply.error?.knownCode == .invalidConfig {
                    record("public_form (\(locale))", true, "refuses an empty config with invalid_config")
                } else {
                    let ok = reply.result?["form"]?["fields"].map { if case .array = $0 { true } else { false } } ?? false
                    record(
                        "public_form (\(locale))", ok, ok ? "returns form.fields" : "the result must hold form.fields (a list); \(reply)")
                }
            }
        }
        for format in manifest.capabilities.importFormats {
            let reply = await connection.request(
                PluginProtocol.Method.importRows,
                .object(["config": checkConfig, "format": .string(format), "rows": .array([]), "first_row": .int(2)]))
            if reply.error?.knownCode == .invalidConfig {
                record("import (\(format))", true, "refuses an empty config with invalid_config")
            } else {
                let ok = reply.result?["contributions"] != nil
                record("import (\(format))", ok, ok ? "answers an empty import" : "the result must hold contributions and errors; \(reply)")
            }
        }
        await checkEvaluation(config: checkConfig)
        for format in manifest.capabilities.exportFormats { await checkExport(format.id, config: checkConfig) }
        if !manifest.capabilities.exportFormats.isEmpty { await checkExportRefusals(config: checkConfig) }

        let shutdown = await connection.request(PluginProtocol.Method.shutdown, timeout: definition.timeouts.shutdownGrace)
        record("shutdown answered", shutdown.result != nil, "shutdown must be answered with {}; got \(shutdown)")
        connection.notify(PluginProtocol.Method.exit)
        connection.closeInput()
        return true
    }

    /// The hand-written schemas must be schemas (JSON Schema 2020-12), not just any object.
    private func checkSchemas(_ manifest: PluginManifest) {
        let problems =
            JSONSchema(manifest.configSchema).schemaProblems().map { "config_schema\($0)" }
            + JSONSchema(manifest.contributionSchema).schemaProblems().map { "contribution_schema\($0)" }
        let objects = [manifest.configSchema, manifest.contributionSchema].allSatisfy { $0.members != nil }
        record(
            "manifest schemas", objects && problems.isEmpty,
            problems.isEmpty
                ? (objects
                    ? "config_schema and contribution_schema are JSON Schema 2020-12"
                    : "config_schema and contribution_schema must be JSON Schema objects")
                : problems.prefix(5).joined(separator: "; "))
    }

    private func expectRefusal(_ method: String, _ params: [String: JSONValue], code: RPCError.Code, mustFail: Bool = false) async {
        let name = "\(method)\(mustFail ? " (bad input)" : "")"
        let reply = await connection.request(method, .object(params))
        switch reply {
        case .result:
            record(name, !mustFail, mustFail ? "accepted input that is not an object" : "answered with a result")
        case .error(let error):
            // An empty config may itself be invalid, so invalid_config is a fair answer to any of these.
            let known = error.knownCode == code || error.knownCode == .invalidParams || error.knownCode == .invalidConfig
            let pointered = error.fieldErrors.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") }
            record(
                name, known && pointered,
                known
                    ? "refused with \(error.knownCode!.name)\(error.fieldErrors.isEmpty ? "" : " (\(error.fieldErrors.count) field error(s))")"
                    : "answered \(error); expected \(code.name) with data.errors")
        case .timeout, .ended:
            record(name, false, "\(reply)")
        }
    }

    /// `validate_contributions` (capability `validate_batch`): one entry per submission, in order, each a result
    /// or an error object; or the whole request refused because the config cannot be read.
    private func checkBatchValidation(config: JSONValue) async {
        let name = PluginProtocol.Method.validateContributions
        let reply = await connection.request(
            name,
            .object([
                "workspace": .string("conformance"), "activity_id": .string("check"), "config": config,
                "submissions": .array([.object([:]), .object([:]), .object([:])]), "channel": .string("online"),
            ]))
        if let error = reply.error, error.knownCode == .invalidConfig || error.knownCode == .invalidParams {
            record(name, true, "refused with \(error.knownCode!.name) as a whole (the config cannot be read)")
            return
        }
        guard case .array(let entries)? = reply.result?["results"], entries.count == 3 else {
            record(name, false, "answered without a results array of one entry per submission (3 sent); \(reply)")
            return
        }
        let wellFormed = entries.allSatisfy { entry in
            guard let members = entry.members, members.count == 1 else { return false }
            return members["result"] != nil || members["error"]?["code"]?.intValue != nil
        }
        record(
            name, wellFormed,
            wellFormed
                ? "answered 3 entries for 3 submissions, each a result or an error"
                : "each entry of results must be {\"result\": …} or {\"error\": {\"code\", \"message\"}}")
    }

    /// An export of an activity without contributions: begin, end, and the document's text.
    private func checkExport(_ format: String, config: JSONValue) async {
        let id = JSONValue.string("conformance-\(format)")
        let activity = JSONValue.object(["activity_id": .string("check"), "config": config])
        let begin = await connection.request(
            PluginProtocol.Method.exportBegin,
            .object([
                "export_id": id, "format": .string(format), "locale": .string("nl"), "subject": activity, "activities": .array([activity]),
            ]))
        if begin.error?.knownCode == .invalidConfig {
            record("export (\(format))", true, "refuses an empty config with invalid_config")
            return
        }
        let end = await connection.request(PluginProtocol.Method.exportEnd, .object(["export_id": id]))
        if end.error?.knownCode == .invalidConfig {
            record("export (\(format))", true, "refuses an empty config with invalid_config")
            return
        }
        let ok = begin.result != nil && end.result?["text"]?.stringValue != nil
        record("export (\(format))", ok, ok ? "export_begin and export_end answered a text" : "export_end must return {text}; got \(end)")
    }

    /// A format not offered gets -32004; the end of an export never begun gets -32013.
    private func checkExportRefusals(config: JSONValue) async {
        let activity = JSONValue.object(["activity_id": .string("check"), "config": config])
        let unknownFormat = await connection.request(
            PluginProtocol.Method.exportBegin,
            .object([
                "export_id": .string("conformance-x"), "format": .string("no-such-format"), "locale": .string("nl"), "subject": activity,
                "activities": .array([activity]),
            ]))
        let unknownID = await connection.request(PluginProtocol.Method.exportEnd, .object(["export_id": .string("never-begun")]))
        let ok = unknownFormat.error?.knownCode == .unsupported && unknownID.error?.knownCode == .unknownExport
        record(
            "export refusals", ok,
            "format no-such-format: \(unknownFormat); export_end of an export never begun: \(unknownID) (expected -32004 and -32013)")
    }

    private func checkEvaluation(config: JSONValue) async {
        let id = JSONValue.string("conformance-1")
        let begin = await connection.request(
            PluginProtocol.Method.evaluateBegin,
            .object([
                "evaluation_id": id, "config": config, "state": .null,
                "period": .object(["from": .null, "to": .string("2027-01-01T00:00:00Z")]),
            ]), timeout: definition.timeouts.evaluate)
        if begin.error?.knownCode == .invalidConfig {
            record("evaluate", true, "refuses an empty config with invalid_config")
            return
        }
        let batch = await connection.request(
            PluginProtocol.Method.evaluateBatch, .object(["evaluation_id": id, "contributions": .array([])]),
            timeout: definition.timeouts.evaluate)
        let end = await connection.request(
            PluginProtocol.Method.evaluateEnd, .object(["evaluation_id": id]), timeout: definition.timeouts.evaluate)
        if [batch, end].contains(where: { $0.error?.knownCode == .invalidConfig }) {
            record("evaluate", true, "refuses an empty config with invalid_config")
            return
        }
        let ok = begin.result != nil && batch.result != nil && end.result?["metrics"] != nil && end.result?["findings"] != nil
        record(
            "evaluate", ok,
            ok ? "evaluate_begin, evaluate_batch, evaluate_end answered" : "evaluate_end must return metrics and findings; \(end)")
    }
}
