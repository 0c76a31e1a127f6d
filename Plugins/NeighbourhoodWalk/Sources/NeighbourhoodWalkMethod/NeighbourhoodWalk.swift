public import MethodSupport
public import StipPluginKit

/// Neighbourhood walk (wijkschouw), an offline method: a group walks a route and records
/// observations, entered afterwards one by one or imported, each with its follow-up.
public struct NeighbourhoodWalk: MethodPlugin {
    public typealias Config = Parsed<WalkConfig>
    public typealias Contribution = Parsed<Observation>

    public init() {}

    public var manifest: PluginManifest { WalkManifest.manifest }

    /// An observation's category (maintenance, safety, …) as its theme.
    public func themes(of contribution: Contribution) -> [String] {
        contribution.model.map { [$0.category.rawValue] } ?? []
    }

    /// Every observation was made on the walk's day.
    public func occurredOn(_ contribution: Contribution, config: Config) -> LocalDate? {
        config.model?.date
    }

    public func importColumns(config: Config) -> [String]? {
        WalkImport.columns + WalkImport.exportReferences
    }

    /// What residents read for a category theme: "Veiligheid", never `safety`.
    public func themeLabels(of contribution: Contribution) -> [String: PluginManifest.LocalizedText] {
        guard let category = contribution.model?.category else { return [:] }
        return [category.rawValue: Self.categoryLabels[category] ?? .init(nl: category.rawValue, en: category.rawValue)]
    }

    static let categoryLabels: [Observation.Category: PluginManifest.LocalizedText] = [
        .maintenance: .init(nl: "Onderhoud", en: "Maintenance"), .safety: .init(nl: "Veiligheid", en: "Safety"),
        .greenery: .init(nl: "Groen", en: "Greenery"), .traffic: .init(nl: "Verkeer", en: "Traffic"),
        .social: .init(nl: "Sociaal", en: "Social"), .wish: .init(nl: "Wens", en: "Wish"),
    ]

    public func validate(config: Config) throws(ValidationFailure) -> Config {
        try config.requireValid()
    }

    /// The walk's day and meeting point, for the resident pages.
    public func schedule(of config: Config) -> [ActivitySession] {
        guard let walk = config.model else { return [] }
        return [ActivitySession(starts: walk.date.description, location: walk.meetingPoint)]
    }

    public func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        guard let config = config.model else { throw invalidConfigFailure(config) }
        let problems = FieldProblems()
        guard let model = Observation.read(contribution.raw, against: config, problems: problems), problems.isEmpty else {
            throw problems.failure
        }
        return Parsed(model)
    }

    public func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        let format = try ImportFormat.of(format)
        let config = try config.validConfig()
        return importEachRow(rows, firstRow: firstRow) { row in
            WalkImport.observation(from: row, format: format, config: config).map { Parsed($0) }
        }
    }

    public func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        let config = try config.validConfig()
        let readable = readableModels(contributions, plugin: WalkManifest.id)
        let evaluation = WalkEvaluation(
            config: config, observations: readable.map(\.model), createdAt: readable.map(\.item.createdAt))
        return EvaluationOutcome(metrics: evaluation.metrics, findings: evaluation.findings.map(\.json))
    }

    public func export(_ request: ExportRequest<Config, Contribution>) throws -> String {
        try WalkExport.document(request)
    }
}
