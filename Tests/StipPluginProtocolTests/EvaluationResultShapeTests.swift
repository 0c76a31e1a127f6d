import StipJSON
import StipPluginProtocol
import Testing

@Suite("the shape of evaluate_end's result")
struct EvaluationResultShapeTests {
    let declared = [
        PluginManifest.Metric(id: "responses.count", label: .init(nl: "Reacties", en: "Responses"), unit: "count", kind: "count"),
        PluginManifest.Metric(id: "agree.ratio", label: .init(nl: "Eens", en: "Agree"), unit: "ratio", kind: "ratio"),
        PluginManifest.Metric(id: "age.distribution", label: .init(nl: "Leeftijd", en: "Age"), unit: "count", kind: "distribution"),
    ]

    func problems(_ text: String) throws -> [String] {
        EvaluationResultShape.problems(in: try JSONValue.parse(bytes: Array(text.utf8)), declared: declared)
    }

    @Test("declared metrics in their kind's shape and well-formed findings fit")
    func fits() throws {
        let result = """
            {"metrics": [{"id": "responses.count", "value": 12}, {"id": "agree.ratio", "value": 0.5, "n": 12, "margin_of_error": 0.2},
             {"id": "age.distribution", "distribution": {"18-34": 4, "35-64": 8}}],
             "findings": [{"id": "few-young", "severity": "warning", "message": {"nl": "Weinig jongeren", "en": "Few young people"}}],
             "state": null}
            """
        #expect(try problems(result) == [])
    }

    @Test("a metric the manifest does not declare is named")
    func undeclared() throws {
        let found = try problems(#"{"metrics": [{"id": "suggestions.length", "value": 3}], "findings": []}"#)
        #expect(found.count == 1)
        #expect(found[0].contains("suggestions.length is not declared"), "\(found)")
    }

    @Test(
        "values of the wrong shape for their kind, twice-reported metrics and broken findings are named",
        arguments: [
            (#"{"metrics": [{"id": "responses.count", "value": -1}], "findings": []}"#, "integer ≥ 0"),
            (#"{"metrics": [{"id": "agree.ratio", "value": 1.5}], "findings": []}"#, "from 0 to 1"),
            (#"{"metrics": [{"id": "age.distribution", "distribution": {"a": "x"}}], "findings": []}"#, "bucket label"),
            (
                #"{"metrics": [{"id": "responses.count", "value": 1}, {"id": "responses.count", "value": 2}], "findings": []}"#,
                "appears twice"
            ),
            (
                #"{"metrics": [], "findings": [{"id": "Few Young", "severity": "warning", "message": {"nl": "x", "en": "y"}}]}"#,
                "^[a-z0-9-]+$"
            ),
            (#"{"metrics": [], "findings": [{"id": "x", "severity": "urgent", "message": {"nl": "x", "en": "y"}}]}"#, "severity"),
            (#"{"metrics": [], "findings": [{"id": "x", "severity": "info", "message": "only one language"}]}"#, "message must be"),
            (#"{"findings": []}"#, "metrics must be an array"),
            (#"[]"#, "must be an object"),
        ])
    func refuses(_ result: String, _ expected: String) throws {
        let found = try problems(result)
        #expect(found.contains { $0.contains(expected) }, "\(found)")
    }
}
