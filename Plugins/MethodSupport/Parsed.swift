public import StipPluginKit

/// A config or contribution model that is read from JSON by hand, so that every problem is
/// reported at once at its own pointer, and that encodes itself in canonical form.
public protocol JSONModel: Encodable, Sendable {
    /// Reads the model, recording every problem in `problems` with pointers relative to `value`.
    /// The result is used only when nothing was recorded.
    static func read(_ value: JSONValue, problems: FieldProblems) -> Self?
}

/// The `Config` or `Contribution` of a method: decodes from **any** JSON and keeps the problems
/// instead of throwing.
///
/// The SDK decodes configs and submissions with `Codable` and turns a decoding failure into a
/// single field error, the first one. Decoding through this type never fails, so the method's
/// `validate` can report all problems at once, each at its own pointer (protocol §8.2, §9.2).
public struct Parsed<Model: JSONModel>: Codable, Sendable {
    /// The JSON as it came.
    public let raw: JSONValue
    /// The model, when the JSON had no problems.
    public let model: Model?
    /// What is wrong with the JSON (empty when `model` is set).
    public let problems: [FieldError]
    /// The model's own encoding, when it was made from a model: `raw` is then canonical already.
    private let rawIsCanonical: Bool

    /// Reads `raw`; `ignoringUnknownKeys` for imports, which skip columns they do not use.
    public init(_ raw: JSONValue, ignoringUnknownKeys: Bool = false) {
        let problems = FieldProblems(ignoresUnknownKeys: ignoringUnknownKeys)
        let model = Model.read(raw, problems: problems)
        self.raw = raw
        self.model = problems.isEmpty ? model : nil
        self.problems = problems.isEmpty && model == nil ? [FieldError(pointer: "", message: "could not be read")] : problems.errors
        self.rawIsCanonical = false
    }

    /// Wraps a model that is known to be valid.
    public init(_ model: Model) {
        self.model = model
        self.problems = []
        // The SDK's direct encoder: a valid response is wrapped like this on every `validate_contribution`.
        let encoded = try? JSONValue(encoding: model)
        self.raw = encoded ?? .null
        self.rawIsCanonical = encoded != nil
    }

    public init(from decoder: any Decoder) throws {
        // Through a single-value container, so that the SDK's decoder hands the JSONValue over whole.
        self.init(try decoder.singleValueContainer().decode(JSONValue.self))
    }

    /// The canonical form of a valid model; the JSON as it came otherwise.
    public func encode(to encoder: any Encoder) throws {
        if rawIsCanonical {
            // Handed over whole (the SDK's encoder takes a JSONValue as it is), not encoded a second time.
            var container = encoder.singleValueContainer()
            try container.encode(raw)
        } else if let model {
            try model.encode(to: encoder)
        } else {
            try raw.encode(to: encoder)
        }
    }

    /// The model of a valid config, or the `invalid_config` error (-32010) with every problem,
    /// for the requests that carry a config but are not `validate_activity`.
    public func validConfig() throws -> Model {
        if let model { return model }
        throw RPCError(
            .invalidConfig, "the activity config is not valid",
            data: ["errors": .array(problems.map { .object(["pointer": .string($0.pointer), "message": .string($0.message)]) })])
    }
}
