public import StipJSON

/// The shape `evaluate_end` must answer (docs/plugin-protocol.md §8.6): metric values of declared metrics in the
/// shape of their kind, and findings with a stable id, a severity and a bilingual message. The conformance
/// check fails a plugin on any of these; the host drops what does not fit and keeps the rest.
public enum EvaluationResultShape {
    /// What is wrong with an `evaluate_end` result, one sentence per problem; empty when it fits.
    public static func problems(in result: JSONValue, declared: [PluginManifest.Metric]) -> [String] {
        guard let members = result.members else { return ["the result must be an object, not \(result.kindDescription)"] }
        var problems: [String] = []
        let kinds = Dictionary(declared.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        if case .array(let metrics)? = members["metrics"] {
            var seen: Set<String> = []
            for (index, metric) in metrics.enumerated() {
                let place = "metrics[\(index)]"
                guard let id = metric["id"]?.stringValue else {
                    problems.append("\(place) has no id")
                    continue
                }
                if !seen.insert(id).inserted { problems.append("\(place): metric \(id) appears twice") }
                guard let kind = kinds[id] else {
                    problems.append(
                        "\(place): metric \(id) is not declared in the manifest (declared: \(kinds.keys.sorted().joined(separator: ", ")))")
                    continue
                }
                problems += metricProblems(metric, kind: kind).map { "\(place) (\(id), \(kind)): \($0)" }
            }
        } else {
            problems.append("metrics must be an array")
        }
        if case .array(let findings)? = members["findings"] {
            for (index, finding) in findings.enumerated() {
                problems += findingProblems(finding).map { "findings[\(index)]: \($0)" }
            }
        } else {
            problems.append("findings must be an array")
        }
        return problems
    }

    /// An integer as JSON Schema counts one: `3` and `3.0` alike.
    private static func count(_ value: JSONValue?) -> Int64? {
        if let integer = value?.intValue { return integer }
        guard let number = value?.doubleValue, number == number.rounded(), abs(number) < 9e15 else { return nil }
        return Int64(number)
    }

    private static func metricProblems(_ metric: JSONValue, kind: String) -> [String] {
        var problems: [String] = []
        let value = metric["value"]
        func optionalCount(_ name: String) {
            if let n = metric[name], !(count(n).map { $0 >= 0 } ?? false) { problems.append("\(name) must be an integer ≥ 0") }
        }
        switch kind {
        case "count":
            if !(count(value).map { $0 >= 0 } ?? false) { problems.append("value must be an integer ≥ 0") }
        case "ratio":
            if !(value?.doubleValue.map { (0...1).contains($0) } ?? false) { problems.append("value must be a number from 0 to 1") }
            optionalCount("n")
        case "mean":
            if value?.doubleValue == nil { problems.append("value must be a number") }
            optionalCount("n")
        case "distribution":
            let buckets = metric["distribution"]?.members
            if buckets == nil || buckets!.values.contains(where: { !(count($0).map { $0 >= 0 } ?? false) }) {
                problems.append("distribution must be an object of bucket label → integer count ≥ 0")
            }
            optionalCount("n")
        default:
            problems.append("the manifest gives it an unknown kind")
        }
        if let margin = metric["margin_of_error"], !(margin.doubleValue.map { $0 >= 0 } ?? false) {
            problems.append("margin_of_error must be a number ≥ 0")
        }
        return problems
    }

    private static func findingProblems(_ finding: JSONValue) -> [String] {
        guard finding.members != nil else { return ["a finding must be an object"] }
        var problems: [String] = []
        let id = finding["id"]?.stringValue ?? ""
        if id.isEmpty || !id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            problems.append("id must match ^[a-z0-9-]+$")
        }
        if !["info", "warning", "critical"].contains(finding["severity"]?.stringValue ?? "") {
            problems.append("severity must be info, warning or critical")
        }
        func bilingual(_ name: String, required: Bool) {
            guard let text = finding[name] else {
                if required { problems.append("\(name) is required") }
                return
            }
            if text["nl"]?.stringValue == nil || text["en"]?.stringValue == nil { problems.append("\(name) must be {\"nl\", \"en\"}") }
        }
        bilingual("message", required: true)
        bilingual("recommendation", required: false)
        return problems
    }
}
