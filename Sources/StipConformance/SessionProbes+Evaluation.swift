import StipJSON
import StipPluginDefinition
import StipPluginProtocol

/// §15 items 11 and 16: an empty evaluation answers metrics and findings in their shapes, and an ended one is
/// gone; each export format writes a text for an empty activity, and unknown formats and ids are refused.
extension SessionProbes {
    func evaluation(_ manifest: PluginManifest, config: ProbeConfig) async {
        let id = JSONValue.string("conformance-evaluation")
        let sent = "evaluate_begin, evaluate_end (no batch) with the \(config.origin)"
        if skipIfGone(11, "evaluate", sent: sent) { return }
        let timeout = definition.timeouts.evaluate
        let begin = await connection.request(
            PluginProtocol.Method.evaluateBegin,
            .object([
                "evaluation_id": id, "config": config.value, "state": .null,
                "period": .object(["from": .null, "to": .string("2027-01-01T00:00:00Z")]),
            ]), timeout: timeout)
        if begin.error?.knownCode == .invalidConfig && !config.usable {
            steps.record(11, "evaluate", .notProbed, sent: sent, received: "\(begin)", detail: config.notProbedDetail())
            return
        }
        let end = await connection.request(PluginProtocol.Method.evaluateEnd, .object(["evaluation_id": id]), timeout: timeout)
        if end.error?.knownCode == .invalidConfig && !config.usable {
            // A plugin may read the config only when it has contributions to judge, at the end.
            steps.record(11, "evaluate", .notProbed, sent: sent, received: "begin: \(begin); end: \(end)", detail: config.notProbedDetail())
            return
        }
        guard begin.result != nil, let result = end.result else {
            steps.record(
                11, "evaluate", .failed, sent: sent, received: "begin: \(begin); end: \(end)",
                detail: "evaluate_begin answers {} and evaluate_end {metrics, findings, state} (§8.6)")
            return
        }
        let problems = EvaluationResultShape.problems(in: result, declared: manifest.metrics)
        steps.expect(
            11, "evaluate", problems.isEmpty, sent: sent, received: "end: \(end)", failure: problems.prefix(5).joined(separator: "; "))

        let again = await connection.request(PluginProtocol.Method.evaluateEnd, .object(["evaluation_id": id]), timeout: timeout)
        steps.expect(
            11, "evaluation ended", again.error?.knownCode == .unknownEvaluation, sent: "evaluate_end of the same evaluation again",
            received: "\(again)",
            failure: "an ended evaluation is no longer open: \(RPCError.Code.unknownEvaluation.label) (§8.6)")
        let stray = await connection.request(
            PluginProtocol.Method.evaluateBatch, .object(["evaluation_id": .string("never-begun"), "contributions": .array([])]),
            timeout: timeout)
        steps.expect(
            11, "evaluation never begun", stray.error?.knownCode == .unknownEvaluation,
            sent: "evaluate_batch of an evaluation never begun", received: "\(stray)",
            failure: "an evaluation_id that is not open gets \(RPCError.Code.unknownEvaluation.label) (§8.6)")
    }

    func exports(_ manifest: PluginManifest, config: ProbeConfig) async {
        let activity = JSONValue.object(["activity_id": .string("check"), "config": config.value])
        for format in manifest.capabilities.exportFormats {
            let id = JSONValue.string("conformance-\(format.id)")
            let name = "export (\(format.id))"
            let sent = "export_begin \(format.id), export_end (no batch) with the \(config.origin)"
            if skipIfGone(16, name, sent: sent) { return }
            let begin = await connection.request(
                PluginProtocol.Method.exportBegin,
                .object([
                    "export_id": id, "format": .string(format.id), "locale": .string("nl"), "subject": activity,
                    "activities": .array([activity]),
                ]))
            if begin.error?.knownCode == .invalidConfig && !config.usable {
                steps.record(16, name, .notProbed, sent: sent, received: "\(begin)", detail: config.notProbedDetail())
                continue
            }
            let end = await connection.request(PluginProtocol.Method.exportEnd, .object(["export_id": id]))
            steps.expect(
                16, name, begin.result != nil && end.result?["text"]?.stringValue != nil, sent: sent,
                received: "begin: \(begin); end: \(end)",
                failure: "an activity without contributions is a valid export: export_end answers {text} (§8.6.1)")
        }
        guard !manifest.capabilities.exportFormats.isEmpty else { return }
        if skipIfGone(16, "export refusals", sent: "export_begin of a format not offered") { return }
        let unknownFormat = await connection.request(
            PluginProtocol.Method.exportBegin,
            .object([
                "export_id": .string("conformance-x"), "format": .string("no-such-format"), "locale": .string("nl"), "subject": activity,
                "activities": .array([activity]),
            ]))
        steps.expect(
            16, "export of a format not offered", unknownFormat.error?.knownCode == .unsupported,
            sent: "export_begin with format no-such-format", received: "\(unknownFormat)",
            failure: "a format the manifest does not offer gets \(RPCError.Code.unsupported.label)")
        let unknownID = await connection.request(PluginProtocol.Method.exportEnd, .object(["export_id": .string("never-begun")]))
        steps.expect(
            16, "export never begun", unknownID.error?.knownCode == .unknownExport, sent: "export_end of an export never begun",
            received: "\(unknownID)", failure: "an export_id that is not open gets \(RPCError.Code.unknownExport.label)")
    }
}
