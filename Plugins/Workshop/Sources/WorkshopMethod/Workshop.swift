public import MethodSupport
public import StipPluginKit

/// Workshop (werksessie), an offline method: sessions at a place and time, whose attendance,
/// ideas and ratings are entered afterwards from the facilitator's sheet, one by one or imported.
public struct Workshop: MethodPlugin {
    public typealias Config = Parsed<WorkshopConfig>
    public typealias Contribution = Parsed<WorkshopContribution>

    public init() {}

    public var manifest: PluginManifest { WorkshopManifest.manifest }

    /// Only ideas get an answer; attendance counts and ratings are reported back together.
    public func needsResponse(_ contribution: Contribution) -> Bool {
        contribution.model?.type == .idea
    }

    /// An idea's theme, so the municipality can answer all ideas on a theme at once.
    public func themes(of contribution: Contribution) -> [String] {
        guard let model = contribution.model, model.type == .idea, let theme = model.theme else { return [] }
        return [theme]
    }

    /// The day of the session the contribution names (the only one, when the workshop has one).
    public func occurredOn(_ contribution: Contribution, config: Config) -> LocalDate? {
        guard let sessions = config.model?.sessions, let model = contribution.model else { return nil }
        switch model.session {
        case .number(let number)?: return sessions.indices.contains(number - 1) ? sessions[number - 1].starts.date : nil
        case .id(let id)?: return sessions.first { $0.id == id }?.starts.date
        case nil: return sessions.count == 1 ? sessions[0].starts.date : nil
        }
    }

    public func importColumns(config: Config) -> [String]? {
        WorkshopImport.columns
    }

    public func validate(config: Config) throws(ValidationFailure) -> Config {
        try config.requireValid()
    }

    /// Each session, where and when, for the resident pages.
    public func schedule(of config: Config) -> [ActivitySession] {
        (config.model?.sessions ?? []).map {
            ActivitySession(starts: $0.starts.description, ends: $0.ends.description, location: $0.location)
        }
    }

    public func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        guard let config = config.model else { throw invalidConfigFailure(config) }
        let problems = FieldProblems()
        guard let model = WorkshopContribution.read(contribution.raw, against: config, problems: problems), problems.isEmpty else {
            throw problems.failure
        }
        return Parsed(model)
    }

    public func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        let format = try ImportFormat.of(format)
        let config = try config.validConfig()
        return importEachRow(rows, firstRow: firstRow) { row in
            WorkshopImport.contribution(from: row, format: format, config: config).map { Parsed($0) }
        }
    }

    public func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        let config = try config.validConfig()
        let readable = readableModels(contributions, plugin: WorkshopManifest.id)
        let evaluation = WorkshopEvaluation(
            config: config, contributions: readable.map(\.model), responded: readable.map(\.item.responded))
        return EvaluationOutcome(metrics: evaluation.metrics, findings: evaluation.findings.map(\.json))
    }
}
