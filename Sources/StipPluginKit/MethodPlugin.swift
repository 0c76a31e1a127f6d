public import StipPluginProtocol
public import StipJSON

/// A participation method, written by a plugin author. Implement this and call
/// `StipPlugin.main(MyMethod())`; the SDK does the protocol: handshake, concurrency,
/// cancellation, errors and logging.
///
/// `Config` and `Contribution` are plain `Codable` types: the SDK decodes what the host sends
/// into them and turns decoding failures into field errors with JSON Pointers, so the host can
/// show the consultant the line in their plan that is wrong.
public protocol MethodPlugin: Sendable {
    /// An activity's configuration, as written in the trajectory plan.
    associatedtype Config: Codable & Sendable
    /// One contribution (a poll response, a workshop idea, a walk observation).
    associatedtype Contribution: Codable & Sendable

    /// What the plugin tells the host in the handshake.
    var manifest: PluginManifest { get }

    /// Checks a config beyond its types and fills defaults.
    /// - Throws: ``ValidationFailure`` with one error per field.
    func validate(config: Config) throws(ValidationFailure) -> Config

    /// Checks a submission against the activity's config and normalises it.
    func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution

    /// The form residents fill in (`public_form` capability). The default says it is unsupported.
    func publicForm(config: Config, locale: String) throws -> JSONValue

    /// Turns imported rows into contributions (`import_formats`). The default says it is unsupported.
    func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution>

    /// Short lower-case theme names the host groups contributions by (`"verkeer"`, `"groen"`), so that the
    /// municipality can answer a theme at once. The default is none.
    func themes(of contribution: Contribution) -> [String]

    /// Whether the municipality is expected to answer this contribution, on its own or by theme. The default
    /// is yes; an attendance count, a rating or a poll answer is answered together in a report-back instead.
    func needsResponse(_ contribution: Contribution) -> Bool

    /// Computes the plugin's metrics and findings over all contributions of an activity.
    func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome
}

extension MethodPlugin {
    public func themes(of contribution: Contribution) -> [String] { [] }

    public func needsResponse(_ contribution: Contribution) -> Bool { true }

    public func publicForm(config: Config, locale: String) throws -> JSONValue {
        throw RPCError(.unsupported, "this method has no public form")
    }

    public func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        throw RPCError(.unsupported, "this method imports no \(format)")
    }

    public func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        EvaluationOutcome(metrics: [], findings: [])
    }
}

/// Field errors that reject a config or a contribution.
public struct ValidationFailure: Error, Sendable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    /// One error at `pointer` (RFC 6901, e.g. `/sessions/0/capacity`).
    public init(_ pointer: String, _ message: String) {
        self.errors = [FieldError(pointer: pointer, message: message)]
    }
}

/// What an import produced: contributions by row, and rows that were refused.
public struct ImportOutcome<Contribution: Codable & Sendable>: Sendable {
    public var contributions: [(row: Int, contribution: Contribution)]
    public var errors: [(row: Int, pointer: String, message: String)]

    public init(contributions: [(row: Int, contribution: Contribution)], errors: [(row: Int, pointer: String, message: String)]) {
        self.contributions = contributions
        self.errors = errors
    }
}

/// One contribution as the host streams it for evaluation.
public struct EvaluationItem<Contribution: Codable & Sendable>: Sendable {
    public var id: String
    public var createdAt: String?
    public var channel: String?
    public var participant: JSONValue?
    public var contribution: Contribution
    public var themes: [String]
    public var responded: Bool

    /// Creates an item, e.g. in a plugin's own unit tests of `evaluate`.
    public init(
        id: String, contribution: Contribution, createdAt: String? = nil, channel: String? = nil, participant: JSONValue? = nil,
        themes: [String] = [], responded: Bool = false
    ) {
        self.id = id
        self.createdAt = createdAt
        self.channel = channel
        self.participant = participant
        self.contribution = contribution
        self.themes = themes
        self.responded = responded
    }
}

/// Metrics and findings of one evaluation.
public struct EvaluationOutcome: Sendable {
    public var metrics: [JSONValue]
    public var findings: [JSONValue]
    public var state: JSONValue?

    public init(metrics: [JSONValue], findings: [JSONValue], state: JSONValue? = nil) {
        self.metrics = metrics
        self.findings = findings
        self.state = state
    }

    /// A metric with a single value.
    public static func metric(_ id: String, _ value: Double) -> JSONValue {
        .object(["id": .string(id), "value": .double(value)])
    }

    /// A finding in Dutch and English.
    public static func finding(_ id: String, severity: String, nl: String, en: String) -> JSONValue {
        .object(["id": .string(id), "severity": .string(severity), "message": .object(["nl": .string(nl), "en": .string(en)])])
    }
}
