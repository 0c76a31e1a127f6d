import StipJSON
import StipPluginDefinition
import StipPluginProtocol
import StipVocabulary

/// §15 items 9 and 14: `validate_activity` and `validate_contribution` answer with a result or a well-formed
/// refusal and never crash; the config the later probes use, and whether it matches the plugin's own schema.
extension SessionProbes {
    /// The config the later probes use: the one given with `--activity-config`, else one built from the
    /// manifest's `config_schema`, else `{}` (which the plugin may fairly refuse).
    func chooseConfig(_ manifest: PluginManifest) async -> ProbeConfig {
        let candidate: (JSONValue, String)?
        if let givenConfig {
            candidate = (givenConfig, "config given with --activity-config")
        } else if let example = SchemaExample(manifest.configSchema).instance(), example != .object([:]) {
            candidate = (example, "config built from config_schema")
        } else {
            candidate = nil
        }
        guard let (config, origin) = candidate else { return ProbeConfig(value: .object([:]), usable: false, origin: "empty config {}") }
        let sent = "validate_activity with the \(origin): \(config.jsonText.clipped(160))"
        if skipIfGone(9, "validate_activity (\(origin))", sent: sent) { return ProbeConfig(value: config, usable: false, origin: origin) }
        let reply = await connection.request(
            PluginProtocol.Method.validateActivity, .object(Self.activity.merging(["config": config]) { $1 }))
        guard let normalised = reply.result?["config"] else {
            // A config the check made up may fairly be refused; one the developer gave may not.
            steps.record(
                9, "validate_activity (\(origin))", givenConfig == nil ? .notProbed : .failed, sent: sent, received: "\(reply)",
                detail: givenConfig == nil
                    ? "the plugin refused the config built from config_schema (fair: the schema may not say everything); the probes that need a valid config use {} instead; give one with --activity-config FILE"
                    : "the config given with --activity-config must be valid")
            return ProbeConfig(value: .object([:]), usable: false, origin: "empty config {}")
        }
        let scheduleProblem = Self.scheduleProblem(reply.result?["schedule"])
        steps.expect(
            9, "validate_activity (\(origin))", scheduleProblem == nil, sent: sent,
            received: "result with config \(normalised.jsonText.clipped(160))"
                + (reply.result?["schedule"].map { " and schedule \($0.jsonText.clipped(160))" } ?? ""),
            failure: "schedule, when given, is a list of {starts, ends, location} (§8.2): \(scheduleProblem ?? "")")
        let mismatches = JSONSchema(manifest.configSchema).validate(normalised)
        steps.expect(
            14, "normalised config matches config_schema", mismatches.isEmpty, sent: "validate the returned config against config_schema",
            received: mismatches.isEmpty ? "it validates" : mismatches.prefix(5).map(\.description).joined(separator: "; "),
            failure: "config_schema describes the normalised config that validate_activity returns (§7)")
        return ProbeConfig(value: normalised, usable: true, origin: origin)
    }

    func validation(_ config: ProbeConfig) async {
        await expectAnswerOrRefusal(
            9, "validate_activity {}", PluginProtocol.Method.validateActivity, Self.activity.merging(["config": .object([:])]) { $1 },
            refusals: [.invalidConfig], needsResult: "config")
        let bad = "validate_activity with config \"not an object\""
        if !skipIfGone(9, "validate_activity (not an object)", sent: bad) {
            let reply = await connection.request(
                PluginProtocol.Method.validateActivity, .object(Self.activity.merging(["config": .string("not an object")]) { $1 }))
            let refused = [.invalidParams, .invalidConfig].contains(reply.error?.knownCode)
            steps.expect(
                9, "validate_activity (not an object)", refused, sent: bad, received: "\(reply)",
                failure: "a config that is not an object is refused with -32602 or -32010")
        }
        await expectAnswerOrRefusal(
            9, "validate_contribution {}", PluginProtocol.Method.validateContribution,
            Self.activity.merging(["config": config.value, "submission": .object([:]), "channel": .string("online")]) { $1 },
            refusals: [.invalidContribution, .invalidConfig], needsResult: "contribution")
    }

    /// What is wrong with `validate_activity`'s optional `schedule`, if anything.
    static func scheduleProblem(_ value: JSONValue?) -> String? {
        guard let value, value != .null else { return nil }
        guard let sessions = try? value.decode([ActivitySession].self) else { return "it is not a list of {starts, ends, location}" }
        for (index, session) in sessions.enumerated() {
            if let problem = session.problems.first { return "schedule[\(index)]: \(problem)" }
        }
        return nil
    }

    /// Sends a request that must get a result holding `needsResult`, or one of `refusals` with well-formed
    /// `data.errors`; and the plugin must still answer a ping afterwards.
    func expectAnswerOrRefusal(
        _ item: Int, _ name: String, _ method: String, _ params: [String: JSONValue], refusals: [RPCError.Code], needsResult: String
    ) async {
        let sent = "\(method) \(JSONValue.object(params).jsonText.clipped(160))"
        if skipIfGone(item, name, sent: sent) { return }
        let reply = await connection.request(method, .object(params))
        let (alive, afterwards) = await stillAnswers()
        var problems: [String] = []
        switch reply {
        case .result(let result):
            if result[needsResult] == nil { problems.append("a result must hold \(needsResult)") }
            if method == PluginProtocol.Method.validateActivity, let problem = Self.scheduleProblem(result["schedule"]) {
                problems.append("schedule, when given, is a list of {starts, ends, location} (§8.2): \(problem)")
            }
        case .error(let error):
            if let code = error.knownCode, refusals.contains(code) {
                problems += Self.fieldErrorProblems(error)
            } else {
                problems.append("expected a result or \(refusals.map(\.label).joined(separator: " or ")) with data.errors")
            }
        case .timeout, .ended:
            problems.append("it must answer")
        }
        if !alive { problems.append("the plugin no longer answers (\(afterwards))") }
        steps.expect(
            item, name, problems.isEmpty, sent: sent, received: "\(reply); \(afterwards)", failure: problems.joined(separator: "; "))
    }

    /// `data.errors` of -32010 and -32011: a non-empty list of `{"pointer", "message"}` (§9.2).
    static func fieldErrorProblems(_ error: RPCError) -> [String] {
        guard case .array(let entries)? = error.data?["errors"], !entries.isEmpty else {
            return ["\(error.code) needs data.errors: a list of {\"pointer\", \"message\"} (§9.2)"]
        }
        var problems: [String] = []
        for (index, entry) in entries.enumerated() {
            guard let pointer = entry["pointer"]?.stringValue, pointer.isEmpty || JSONPointer(pointer) != nil else {
                problems.append("data.errors[\(index)] needs a JSON Pointer in \"pointer\" (\"\" or starting with /)")
                continue
            }
            if entry["message"]?.stringValue?.isEmpty ?? true { problems.append("data.errors[\(index)] needs a message") }
        }
        return problems
    }
}
