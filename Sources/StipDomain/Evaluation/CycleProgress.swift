/// How far a cycle has come: what `stipctl evaluate --follow` shows while it runs, and what
/// `GET …/cycles/{n}/progress` answers.
public struct CycleProgress: Codable, Sendable, Equatable {
    /// Where a cycle is.
    public enum Stage: String, Codable, Sendable {
        /// Left running by a daemon that stopped; it is redone when the daemon starts.
        case waiting
        /// The host metrics and goals (the standing), aggregated in the workspace database.
        case measuring
        /// Streaming an activity's contributions to its method plugin.
        case evaluating
        /// Drawing the host's findings and the trends.
        case concluding
        case finished
        case failed
    }

    public var number: Int
    public var trajectory: String
    public var stage: Stage
    /// The activity being evaluated (stage `evaluating`).
    public var activity: String?
    /// Its method.
    public var method: String?
    public var activitiesDone: Int
    public var activitiesTotal: Int
    /// Contributions streamed to method plugins so far in this cycle.
    public var streamed: Int
    /// Why the cycle failed (stage `failed`).
    public var error: String?

    public init(
        number: Int, trajectory: String, stage: Stage, activity: String? = nil, method: String? = nil, activitiesDone: Int = 0,
        activitiesTotal: Int = 0, streamed: Int = 0, error: String? = nil
    ) {
        self.number = number
        self.trajectory = trajectory
        self.stage = stage
        self.activity = activity
        self.method = method
        self.activitiesDone = activitiesDone
        self.activitiesTotal = activitiesTotal
        self.streamed = streamed
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case number, trajectory, stage, activity, method, streamed, error
        case activitiesDone = "activities_done"
        case activitiesTotal = "activities_total"
    }
}
