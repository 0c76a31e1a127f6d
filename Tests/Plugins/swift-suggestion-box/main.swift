import Foundation

import StipPluginKit

/// A suggestion box written with StipPluginKit: the Swift twin of the Python test plugin,
/// used by the host's end-to-end tests and the round-trip benchmark.
struct SuggestionBox: MethodPlugin {
    struct Config: Codable, Sendable {
        var question: String
        var maxLength: Int?
        /// Read by the host (protocol §8.4): an idea box takes as many ideas as a resident likes with `none`.
        var oneResponsePer: String?
        var opens: String?
        var closes: String?

        enum CodingKeys: String, CodingKey {
            case question
            case maxLength = "max_length"
            case oneResponsePer = "one_response_per"
            case opens, closes
        }
    }

    struct Contribution: Codable, Sendable {
        var text: String
    }

    var manifest: PluginManifest {
        PluginManifest(
            id: "swift-suggestion-box", version: "1.0.0",
            displayName: .init(nl: "Ideeënbus", en: "Suggestion box"), modes: ["online", "offline"],
            configSchema: .object([
                "$schema": .string("https://json-schema.org/draft/2020-12/schema"), "type": .string("object"),
                "required": .array([.string("question")]),
                "properties": .object([
                    "question": .object(["type": .string("string"), "minLength": .int(1), "maxLength": .int(500)]),
                    "max_length": .object(["type": .string("integer"), "minimum": .int(10), "maximum": .int(5000)]),
                    "one_response_per": .object(["enum": .array([.string("browser"), .string("code"), .string("none")])]),
                    "opens": .object(["type": .string("string")]),
                    "closes": .object(["type": .string("string")]),
                ]),
            ]),
            contributionSchema: .object([
                "$schema": .string("https://json-schema.org/draft/2020-12/schema"), "type": .string("object"),
                "required": .array([.string("text")]),
                "properties": .object(["text": .object(["type": .string("string")])]),
            ]),
            metrics: [.init(id: "suggestions.count", label: .init(nl: "Aantal ideeën", en: "Suggestions"), unit: "count", kind: "count")],
            capabilities: .init(publicForm: true, importFormats: ["csv"]))
    }

    private static let whitespace = CharacterSet.whitespaces

    func validate(config: Config) throws(ValidationFailure) -> Config {
        var errors: [FieldError] = []
        // Blank: nothing but whitespace, checked scalar by scalar, which spares
        // trimmingCharacters' round trip through NSString.
        let blank = config.question.unicodeScalars.allSatisfy { Self.whitespace.contains($0) }
        if blank || config.question.count > 500 {
            errors.append(FieldError(pointer: "/question", message: "must be 1 to 500 characters"))
        }
        if let max = config.maxLength, !(10...5000).contains(max) {
            errors.append(FieldError(pointer: "/max_length", message: "must be from 10 to 5000"))
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        var normalised = config
        normalised.maxLength = config.maxLength ?? 1000
        return normalised
    }

    func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        let text = contribution.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { throw ValidationFailure("/text", "must not be empty") }
        if text.count > (config.maxLength ?? 1000) {
            throw ValidationFailure("/text", "is longer than \(config.maxLength ?? 1000) characters")
        }
        return Contribution(text: text)
    }

    func publicForm(config: Config, locale: String) throws -> JSONValue {
        .object([
            "title": .string(config.question),
            "submit_label": .string(locale == "en" ? "Send" : "Versturen"),
            "fields": .array([
                .object([
                    "id": .string("text"), "type": .string("textarea"), "label": .string(locale == "en" ? "Your idea" : "Uw idee"),
                    "required": .bool(true), "max_length": .int(Int64(config.maxLength ?? 1000)), "pointer": .string("/text"),
                ])
            ]),
        ])
    }

    func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        var outcome = ImportOutcome<Contribution>(contributions: [], errors: [])
        for (offset, row) in rows.enumerated() {
            if let text = row["text"]?.stringValue, !text.isEmpty {
                outcome.contributions.append((firstRow + offset, Contribution(text: text)))
            } else {
                outcome.errors.append((firstRow + offset, "/text", "the column text is empty"))
            }
        }
        return outcome
    }

    func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        var findings: [JSONValue] = []
        if contributions.isEmpty {
            findings.append(
                EvaluationOutcome.finding(
                    "no-suggestions", severity: "warning", nl: "Nog geen ideeën ontvangen.", en: "No suggestions received yet."))
        }
        return EvaluationOutcome(metrics: [EvaluationOutcome.count("suggestions.count", contributions.count)], findings: findings)
    }
}

await StipPlugin.main(SuggestionBox())
