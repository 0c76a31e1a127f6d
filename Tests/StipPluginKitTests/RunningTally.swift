import StipPluginKit

/// ``Tally`` made incremental the way docs/writing-a-plugin.md §4.6 shows: a count kept as it is streamed and
/// handed back to the host as the evaluation's state.
struct RunningTally: MethodPlugin {
    typealias Config = Tally.Config
    typealias Contribution = Tally.Contribution

    struct Counts: EvaluationTally, Codable {
        var n = 0

        mutating func add(_ item: EvaluationItem<Contribution>) {
            n += 1
        }

        func outcome() throws -> EvaluationOutcome {
            EvaluationOutcome(
                metrics: [EvaluationOutcome.count("tally.count", n)], findings: [], state: try JSONValue(encoding: self))
        }
    }

    var manifest: PluginManifest {
        var manifest = Tally().manifest
        manifest.capabilities.incrementalEvaluation = true
        return manifest
    }

    func validate(config: Config) throws(ValidationFailure) -> Config { try Tally().validate(config: config) }

    func validate(contribution: Contribution, config: Config) throws(ValidationFailure) -> Contribution {
        try Tally().validate(contribution: contribution, config: config)
    }

    func tally(config: Config, state: JSONValue?) throws -> any EvaluationTally<Contribution> {
        try state?.decode(Counts.self) ?? Counts()
    }
}
