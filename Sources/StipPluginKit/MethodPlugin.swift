public import StipPluginProtocol
public import StipJSON
public import StipVocabulary

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

    /// The same, knowing the trajectory (protocol 1.3): its area, to offer residents by name. The default
    /// ignores the context and calls ``validate(config:)``.
    func validate(config: Config, context: ActivityContext) throws(ValidationFailure) -> Config

    /// When and where an activity with this (normalised) config takes place: a workshop's sessions, a walk's
    /// date and meeting point. The host shows it to residents (protocol §8.2, `schedule`). The default is none:
    /// an online activity's period is `opens`/`closes`, which the host reads itself.
    func schedule(of config: Config) -> [ActivitySession]

    /// Checks a submission against the activity's config and normalises it.
    func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution

    /// The form residents fill in (`public_form` capability). The default says it is unsupported.
    func publicForm(config: Config, locale: String) throws -> JSONValue

    /// Turns imported rows into contributions (`import_formats`). The default says it is unsupported.
    func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution>

    /// Short lower-case theme names the host groups contributions by (`"verkeer"`, `"groen"`), so that the
    /// municipality can answer a theme at once. The default is none.
    func themes(of contribution: Contribution) -> [String]

    /// How the themes of ``themes(of:)`` read for people, by theme (protocol 1.3, `theme_labels`): `safety` as
    /// "Veiligheid" / "Safety". Residents and the council see these labels, never the raw theme. The default
    /// is none; the host then shows the theme as given.
    func themeLabels(of contribution: Contribution) -> [String: PluginManifest.LocalizedText]

    /// Whether the municipality is expected to answer this contribution, on its own or by theme. The default
    /// is yes; an attendance count, a rating or a poll answer is answered together in a report-back instead.
    func needsResponse(_ contribution: Contribution) -> Bool

    /// The day the contribution was made, when the method knows it: a walk's date, the date of the workshop
    /// session it names (protocol 1.3, `occurred_on`). The default is none; the host then takes the import's
    /// `date` column, the date the consultant gives, or (for a contribution entered by hand) today.
    func occurredOn(_ contribution: Contribution, config: Config) -> LocalDate?

    /// The CSV columns ``importRows(_:format:firstRow:config:)`` reads, letter case ignored (protocol 1.3,
    /// `columns`). The SDK reports the file's other columns, and the host refuses the file unless the consultant
    /// names them to ignore: a column dropped without a word is data lost. The default, `nil`, says nothing,
    /// and the host cannot check.
    func importColumns(config: Config) -> [String]?

    /// Computes the plugin's metrics and findings over all contributions of an activity.
    func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome

    /// Starts an evaluation that takes the contributions as they are streamed (``EvaluationTally``), from the
    /// `state` the host kept (`nil`: start from scratch). The default gathers them all and calls
    /// ``evaluate(_:config:state:)``; a method over many contributions returns a tally of counts instead.
    /// - Throws: when `state` cannot be read; the host then starts from scratch next cycle.
    func tally(config: Config, state: JSONValue?) throws -> any EvaluationTally<Contribution>

    /// Writes a document from contributions, in one of the manifest's `export_formats` (protocol 1.2). The
    /// default says it is unsupported.
    func export(_ request: ExportRequest<Config, Contribution>) throws -> String
}

extension MethodPlugin {
    public func themes(of contribution: Contribution) -> [String] { [] }

    public func themeLabels(of contribution: Contribution) -> [String: PluginManifest.LocalizedText] { [:] }

    public func schedule(of config: Config) -> [ActivitySession] { [] }

    public func validate(config: Config, context: ActivityContext) throws(ValidationFailure) -> Config {
        try validate(config: config)
    }

    public func needsResponse(_ contribution: Contribution) -> Bool { true }

    public func occurredOn(_ contribution: Contribution, config: Config) -> LocalDate? { nil }

    public func importColumns(config: Config) -> [String]? { nil }

    public func publicForm(config: Config, locale: String) throws -> JSONValue {
        throw RPCError(.unsupported, "this method has no public form")
    }

    public func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        throw RPCError(.unsupported, "this method imports no \(format)")
    }

    public func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        EvaluationOutcome(metrics: [], findings: [])
    }

    public func tally(config: Config, state: JSONValue?) throws -> any EvaluationTally<Contribution> {
        GatheredEvaluation(plugin: self, config: config, state: state)
    }

    public func export(_ request: ExportRequest<Config, Contribution>) throws -> String {
        throw RPCError(.unsupported, "this method exports no \(request.format)")
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
    /// For errors about a value outside a fixed set, by row and pointer: the values allowed (protocol 1.3). The
    /// host then reports such a column once, with these values, rather than once per row.
    public var allowed: [Int: [String: [String]]]

    public init(
        contributions: [(row: Int, contribution: Contribution)], errors: [(row: Int, pointer: String, message: String)],
        allowed: [Int: [String: [String]]] = [:]
    ) {
        self.contributions = contributions
        self.errors = errors
        self.allowed = allowed
    }
}

/// One contribution as the host streams it for evaluation.
public struct EvaluationItem<Contribution: Codable & Sendable>: Sendable {
    public var id: String
    public var createdAt: String?
    /// The day it was made (protocol 1.3), when the host knows it.
    public var occurredOn: LocalDate?
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

    /// A metric with a single value (kinds `ratio` and `mean`).
    public static func metric(_ id: String, _ value: Double) -> JSONValue {
        .object(["id": .string(id), "value": .double(value)])
    }

    /// A metric of kind `count`: written as an integer.
    public static func count(_ id: String, _ value: Int) -> JSONValue {
        .object(["id": .string(id), "value": .int(Int64(max(0, value)))])
    }

    /// A finding in Dutch and English.
    public static func finding(_ id: String, severity: String, nl: String, en: String) -> JSONValue {
        .object(["id": .string(id), "severity": .string(severity), "message": .object(["nl": .string(nl), "en": .string(en)])])
    }
}

/// What the host asks a plugin to export: the format, the activity it is about, the activities whose
/// contributions came (that activity alone, or every activity of the method in the trajectory for a format with
/// scope `trajectory`) and the contributions themselves.
public struct ExportRequest<Config: Codable & Sendable, Contribution: Codable & Sendable>: Sendable {
    /// An activity: its id and normalised config.
    public struct Activity: Sendable {
        public var id: String
        public var config: Config

        public init(id: String, config: Config) {
            self.id = id
            self.config = config
        }
    }

    /// One of the manifest's `export_formats` ids.
    public var format: String
    /// The workspace's language for text people read in the document (`nl` or `en`).
    public var locale: String
    /// The activity the export was asked for.
    public var subject: Activity
    /// Every activity whose contributions are included, the subject among them.
    public var activities: [Activity]
    /// The accepted contributions, in the order the host sent them (by time of entry).
    public var contributions: [ExportItem<Contribution>]

    public init(format: String, locale: String, subject: Activity, activities: [Activity], contributions: [ExportItem<Contribution>]) {
        self.format = format
        self.locale = locale
        self.subject = subject
        self.activities = activities
        self.contributions = contributions
    }
}

/// One contribution as the host streams it for an export.
public struct ExportItem<Contribution: Codable & Sendable>: Sendable {
    public var id: String
    /// The activity it belongs to.
    public var activityID: String
    public var createdAt: String?
    /// The day it was made (protocol 1.3), when the host knows it.
    public var occurredOn: LocalDate?
    public var channel: String?
    public var contribution: Contribution
    public var themes: [String]
    public var responded: Bool

    public init(
        id: String, activityID: String, contribution: Contribution, createdAt: String? = nil, channel: String? = nil, themes: [String] = [],
        responded: Bool = false
    ) {
        self.id = id
        self.activityID = activityID
        self.contribution = contribution
        self.createdAt = createdAt
        self.channel = channel
        self.themes = themes
        self.responded = responded
    }
}
