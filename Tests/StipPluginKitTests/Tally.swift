import StipPluginKit

/// A small method written with the SDK, as a plugin author would: a question, short answers, and a CSV of them.
struct Tally: MethodPlugin {
    struct Config: Codable, Sendable {
        var question: String
    }

    struct Contribution: Codable, Sendable {
        var text: String
    }

    var manifest: PluginManifest {
        PluginManifest(
            id: "tally", version: "0.3.0", displayName: .init(nl: "Turven", en: "Tally"), modes: ["online", "offline"],
            configSchema: .object([
                "$schema": .string("https://json-schema.org/draft/2020-12/schema"), "type": .string("object"),
                "required": .array([.string("question")]),
                "properties": .object(["question": .object(["type": .string("string"), "minLength": .int(1)])]),
            ]),
            contributionSchema: .object([
                "$schema": .string("https://json-schema.org/draft/2020-12/schema"), "type": .string("object"),
                "required": .array([.string("text")]),
                "properties": .object(["text": .object(["type": .string("string")])]),
            ]),
            metrics: [.init(id: "tally.count", label: .init(nl: "Aantal", en: "Count"), unit: "count", kind: "count")],
            capabilities: .init(
                exportFormats: [
                    .init(
                        id: "answers-csv", mediaType: "text/csv; charset=utf-8", fileExtension: "csv",
                        label: .init(nl: "Antwoorden (CSV)", en: "Answers (CSV)"))
                ]))
    }

    func validate(config: Config) throws(ValidationFailure) -> Config {
        guard !config.question.allSatisfy(\.isWhitespace) else { throw ValidationFailure("/question", "must not be blank") }
        return config
    }

    func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        let text = String(contribution.text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        guard !text.isEmpty else { throw ValidationFailure("/text", "must not be empty") }
        return Contribution(text: text)
    }

    func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        EvaluationOutcome(metrics: [EvaluationOutcome.metric("tally.count", Double(contributions.count))], findings: [])
    }

    func export(_ request: ExportRequest<Config, Contribution>) throws -> String {
        let header = request.locale == "en" ? ["id", "activity", "answer"] : ["id", "activiteit", "antwoord"]
        return CSVWriter.document([header] + request.contributions.map { [$0.id, $0.activityID, $0.contribution.text] })
    }
}
