import StipJSON

/// An evaluation in progress that keeps running totals rather than every contribution (protocol §8.6).
///
/// The SDK creates one per `evaluate_begin` through ``MethodPlugin/tally(config:state:)``, adds each streamed
/// contribution with ``add(_:)`` as its batch arrives, and answers `evaluate_end` with ``outcome()``. A method
/// whose figures are counts (a poll's answers per option) implements its own tally: its memory stays the size of
/// the counts however many contributions come, and, when its manifest declares `incremental_evaluation`, the
/// counts themselves are the `state` the host hands back next cycle, so only new contributions are streamed.
public protocol EvaluationTally<Contribution>: Sendable {
    associatedtype Contribution: Codable & Sendable

    /// Counts one contribution in.
    mutating func add(_ item: EvaluationItem<Contribution>) throws

    /// The figures and findings over everything counted, including what an earlier `state` brought in. The
    /// outcome's `state` is what the host keeps for the next cycle (incremental methods only).
    func outcome() throws -> EvaluationOutcome
}

/// The tally every method has without writing one: it gathers the contributions and calls
/// ``MethodPlugin/evaluate(_:config:state:)`` with all of them at the end.
struct GatheredEvaluation<Plugin: MethodPlugin>: EvaluationTally {
    let plugin: Plugin
    let config: Plugin.Config
    let state: JSONValue?
    var items: [EvaluationItem<Plugin.Contribution>] = []

    mutating func add(_ item: EvaluationItem<Plugin.Contribution>) {
        items.append(item)
    }

    func outcome() throws -> EvaluationOutcome {
        try plugin.evaluate(items, config: config, state: state)
    }
}
