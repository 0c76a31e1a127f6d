import Foundation
public import StipJSON

/// What a plugin says about itself in its `initialize` answer.
public struct PluginManifest: Codable, Sendable, Equatable {
    public var id: String
    public var version: String
    public var displayName: LocalizedText
    public var description: LocalizedText?
    public var modes: [String]
    public var configSchema: JSONValue
    public var contributionSchema: JSONValue
    public var metrics: [Metric]
    public var capabilities: Capabilities

    public init(
        id: String, version: String, displayName: LocalizedText, description: LocalizedText? = nil, modes: [String],
        configSchema: JSONValue, contributionSchema: JSONValue, metrics: [Metric], capabilities: Capabilities
    ) {
        self.id = id
        self.version = version
        self.displayName = displayName
        self.description = description
        self.modes = modes
        self.configSchema = configSchema
        self.contributionSchema = contributionSchema
        self.metrics = metrics
        self.capabilities = capabilities
    }

    enum CodingKeys: String, CodingKey {
        case id, version
        case displayName = "display_name"
        case description, modes
        case configSchema = "config_schema"
        case contributionSchema = "contribution_schema"
        case metrics, capabilities
    }

    /// Text in Dutch and English.
    public struct LocalizedText: Codable, Sendable, Equatable {
        public var nl: String
        public var en: String
        public init(nl: String, en: String) {
            self.nl = nl
            self.en = en
        }
    }

    /// A figure the plugin computes in `evaluate_end`.
    public struct Metric: Codable, Sendable, Equatable {
        public var id: String
        public var label: LocalizedText
        public var unit: String
        public var kind: String
        public init(id: String, label: LocalizedText, unit: String, kind: String) {
            self.id = id
            self.label = label
            self.unit = unit
            self.kind = kind
        }
    }

    /// What the plugin can do beyond validation.
    public struct Capabilities: Codable, Sendable, Equatable {
        public var publicForm: Bool
        public var importFormats: [String]
        public var incrementalEvaluation: Bool
        public var maxBatchSize: Int?
        /// The plugin answers `validate_contributions` (protocol 1.1). The host uses it only once 1.1 or later
        /// was chosen in the handshake; `StipPluginKit` announces it for every plugin built on it.
        public var validateBatch: Bool
        /// Documents the plugin writes from an activity's contributions (protocol 1.2, `export_*`). The host
        /// offers them only once 1.2 or later was chosen in the handshake.
        public var exportFormats: [ExportFormat]

        public init(
            publicForm: Bool = false, importFormats: [String] = [], incrementalEvaluation: Bool = false, maxBatchSize: Int? = nil,
            validateBatch: Bool = false, exportFormats: [ExportFormat] = []
        ) {
            self.publicForm = publicForm
            self.importFormats = importFormats
            self.incrementalEvaluation = incrementalEvaluation
            self.maxBatchSize = maxBatchSize
            self.validateBatch = validateBatch
            self.exportFormats = exportFormats
        }

        enum CodingKeys: String, CodingKey {
            case publicForm = "public_form"
            case importFormats = "import_formats"
            case incrementalEvaluation = "incremental_evaluation"
            case maxBatchSize = "max_batch_size"
            case validateBatch = "validate_batch"
            case exportFormats = "export_formats"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            publicForm = try c.decodeIfPresent(Bool.self, forKey: .publicForm) ?? false
            importFormats = try c.decodeIfPresent([String].self, forKey: .importFormats) ?? []
            incrementalEvaluation = try c.decodeIfPresent(Bool.self, forKey: .incrementalEvaluation) ?? false
            maxBatchSize = try c.decodeIfPresent(Int.self, forKey: .maxBatchSize)
            validateBatch = try c.decodeIfPresent(Bool.self, forKey: .validateBatch) ?? false
            exportFormats = try c.decodeIfPresent([ExportFormat].self, forKey: .exportFormats) ?? []
        }
    }

    /// A document the plugin writes on request (`export_formats`).
    public struct ExportFormat: Codable, Sendable, Equatable {
        /// What the host streams: the activity's own contributions, or those of every activity of this method
        /// in the same trajectory (a walk's checklist of points still open from earlier walks).
        public enum Scope: String, Codable, Sendable {
            case activity, trajectory
        }

        /// `[a-z0-9-]+`, unique in the manifest: what `stipctl contributions export --format` names.
        public var id: String
        /// The document's media type, e.g. `text/csv; charset=utf-8` or `application/geo+json`.
        public var mediaType: String
        /// The file name extension, without the dot: `csv`, `geojson`.
        public var fileExtension: String
        public var scope: Scope
        /// What people read in lists of formats.
        public var label: LocalizedText

        public init(id: String, mediaType: String, fileExtension: String, scope: Scope = .activity, label: LocalizedText) {
            self.id = id
            self.mediaType = mediaType
            self.fileExtension = fileExtension
            self.scope = scope
            self.label = label
        }

        enum CodingKeys: String, CodingKey {
            case id
            case mediaType = "media_type"
            case fileExtension = "extension"
            case scope, label
        }
    }

    /// Problems that make the manifest unusable, for the host's refusal message.
    public func problems(expectedID: String) -> [String] {
        var problems: [String] = []
        if id != expectedID { problems.append("the plugin calls itself \"\(id)\" but plugin.yaml says \"\(expectedID)\"") }
        if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            problems.append("id \"\(id)\" must match [a-z0-9-]+")
        }
        if modes.isEmpty || !modes.allSatisfy({ $0 == "online" || $0 == "offline" }) {
            problems.append("modes must be a non-empty subset of online, offline")
        }
        if displayName.nl.trimmingCharacters(in: .whitespaces).isEmpty || displayName.en.trimmingCharacters(in: .whitespaces).isEmpty {
            problems.append("display_name needs both nl and en")
        }
        let kinds: Set<String> = ["count", "ratio", "mean", "distribution"]
        for metric in metrics {
            if metric.id.isEmpty { problems.append("a metric has an empty id") }
            if !kinds.contains(metric.kind) {
                problems.append("metric \(metric.id) has kind \"\(metric.kind)\"; use count, ratio, mean or distribution")
            }
            if metric.label.nl.isEmpty || metric.label.en.isEmpty { problems.append("metric \(metric.id) needs a label in nl and en") }
        }
        if Set(metrics.map(\.id)).count != metrics.count { problems.append("metric ids must be unique") }
        for format in capabilities.exportFormats {
            if format.id.isEmpty || !format.id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                problems.append("export format id \"\(format.id)\" must match [a-z0-9-]+")
            }
            if format.mediaType.isEmpty || format.fileExtension.isEmpty {
                problems.append("export format \(format.id) needs media_type and extension")
            }
            if format.label.nl.isEmpty || format.label.en.isEmpty {
                problems.append("export format \(format.id) needs a label in nl and en")
            }
        }
        if Set(capabilities.exportFormats.map(\.id)).count != capabilities.exportFormats.count {
            problems.append("export format ids must be unique")
        }
        return problems
    }
}
