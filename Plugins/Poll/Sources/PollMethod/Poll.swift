public import MethodSupport
public import StipPluginKit

/// Online poll (online peiling), an online method: residents fill in the host's public form
/// within a set period; paper responses can be imported.
public struct Poll: MethodPlugin {
    public typealias Config = Parsed<PollConfig>
    public typealias Contribution = Parsed<PollContribution>

    public init() {}

    public var manifest: PluginManifest { PollManifest.manifest }

    public func validate(config: Config) throws(ValidationFailure) -> Config {
        try config.requireValid()
    }

    /// With the area profile question and no `areas` of its own, the poll offers the trajectory's buurten and
    /// wijken by name: a resident picks "Stationskwartier", never types a CBS code.
    public func validate(config: Config, context: ActivityContext) throws(ValidationFailure) -> Config {
        let valid = try config.requireValid()
        guard var model = valid.model, model.profileQuestions.contains(.area), model.areas == nil, !context.area.isEmpty else {
            return valid
        }
        model.areas = context.area.map { PollConfig.Area(code: $0.code, label: BilingualLabel(nl: $0.name ?? $0.code)) }
        return Parsed(model)
    }

    public func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        guard let config = config.model else { throw invalidConfigFailure(config) }
        let problems = FieldProblems()
        guard let model = PollContribution.read(contribution.raw, against: config, problems: problems), problems.isEmpty else {
            throw problems.failure
        }
        return Parsed(model)
    }

    /// Poll answers are answered together, in a report-back on the outcome, not one by one.
    public func needsResponse(_ contribution: Contribution) -> Bool { false }

    public func publicForm(config: Config, locale: String) throws -> JSONValue {
        PollForm.form(try config.validConfig(), locale: locale)
    }

    public func importRows(_ rows: [JSONValue], format: String, firstRow: Int, config: Config) throws -> ImportOutcome<Contribution> {
        let format = try ImportFormat.of(format)
        let config = try config.validConfig()
        return importEachRow(rows, firstRow: firstRow) { row in
            PollImport.contribution(from: row, format: format, config: config).map { Parsed($0) }
        }
    }

    public func evaluate(_ contributions: [EvaluationItem<Contribution>], config: Config, state: JSONValue?) throws -> EvaluationOutcome {
        let config = try config.validConfig()
        let readable = readableModels(contributions, plugin: PollManifest.id)
        let evaluation = PollEvaluation(
            config: config, responses: readable.map(\.model), createdAt: readable.map(\.item.createdAt))
        return EvaluationOutcome(metrics: evaluation.metrics, findings: evaluation.findings.map(\.json))
    }

    /// The poll counts as responses are streamed, from the counts of the last cycle when the host passes them back
    /// (the manifest declares `incremental_evaluation`).
    public func tally(config: Config, state: JSONValue?) throws -> any EvaluationTally<Contribution> {
        let counts = try state.map { state in
            do { return try state.decode(PollCounts.self) } catch {
                throw RPCError(.invalidParams, "the evaluation state is not the poll's counts (\(error)); send state null to start over")
            }
        }
        return PollTally(config: try config.validConfig(), counts: counts ?? PollCounts())
    }
}
