public import StipPluginKit

/// An observation for the consultant (protocol §8.6), in Dutch and English, with an optional recommendation.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable {
        case info, warning, critical
    }

    /// Stable from one cycle to the next, `^[a-z0-9-]+$`.
    public var id: String
    public var severity: Severity
    public var message: PluginManifest.LocalizedText
    public var recommendation: PluginManifest.LocalizedText?

    public init(
        _ id: String, _ severity: Severity, nl: String, en: String, recommendation: PluginManifest.LocalizedText? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = .init(nl: nl, en: en)
        self.recommendation = recommendation
    }

    /// The finding as the protocol sends it.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "severity": .string(severity.rawValue),
            "message": .object(["nl": .string(message.nl), "en": .string(message.en)]),
        ]
        if let recommendation {
            fields["recommendation"] = .object(["nl": .string(recommendation.nl), "en": .string(recommendation.en)])
        }
        return .object(fields)
    }
}
