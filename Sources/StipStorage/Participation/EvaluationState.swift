public import Foundation
public import StipJSON

/// What an incremental method plugin returned at the end of an activity's evaluation, kept for the next cycle
/// (protocol §8.6), with everything that decides whether it can still be trusted.
public struct EvaluationState: Sendable, Equatable {
    public var activity: String
    /// The plugin version that made it: another version starts from scratch.
    public var pluginVersion: String
    /// The activity's config it was made under: a changed config starts from scratch.
    public var config: JSONValue
    /// The activity's generation when streaming began: any later change to a contribution already seen makes it stale.
    public var generation: Int64
    /// The highest contribution rowid streamed: the next cycle streams the ones after it.
    public var lastRowid: Int64
    /// The end of the window it covers; the next cycle's `period.from`.
    public var periodTo: Date
    /// The cycle that made it.
    public var cycle: Int
    /// The plugin's own state, opaque to the host.
    public var state: JSONValue

    public init(
        activity: String, pluginVersion: String, config: JSONValue, generation: Int64, lastRowid: Int64, periodTo: Date, cycle: Int,
        state: JSONValue
    ) {
        self.activity = activity
        self.pluginVersion = pluginVersion
        self.config = config
        self.generation = generation
        self.lastRowid = lastRowid
        self.periodTo = periodTo
        self.cycle = cycle
        self.state = state
    }
}

/// Where an activity's evaluation begins: how far its contributions go now, and the state kept from before.
public struct EvaluationStart: Sendable {
    /// The highest rowid among the activity's contributions when the cycle reached it: the cycle streams up to
    /// here, and a contribution stored after it waits for the next cycle.
    public var lastRowid: Int64
    /// The activity's generation now.
    public var generation: Int64
    /// The state kept after the last finished cycle, if any (trusted or not: the caller decides).
    public var saved: EvaluationState?

    public init(lastRowid: Int64, generation: Int64, saved: EvaluationState?) {
        self.lastRowid = lastRowid
        self.generation = generation
        self.saved = saved
    }
}
