public import Foundation

/// One trajectory's evaluation schedule as an admin lists it (`stipctl schedule list`).
public struct ScheduleEntry: Codable, Sendable, Equatable {
    public var workspace: String
    public var trajectory: String
    public var status: TrajectoryStatus
    /// The plan's cron expression; absent when the plan has no `evaluation` block.
    public var schedule: String?
    public var timezone: String
    public var catchUp: CatchUpPolicy?
    /// The last planned run dealt with, and the next one (absent for trajectories that are not evaluated on schedule).
    public var lastRun: Date?
    public var nextRun: Date?
    /// From due to started, for the newest finished cycle.
    public var lastLagSeconds: Double?
    public var cycles: Int

    public init(
        workspace: String, trajectory: String, status: TrajectoryStatus, schedule: String?, timezone: String, catchUp: CatchUpPolicy?,
        lastRun: Date?, nextRun: Date?, lastLagSeconds: Double?, cycles: Int
    ) {
        self.workspace = workspace
        self.trajectory = trajectory
        self.status = status
        self.schedule = schedule
        self.timezone = timezone
        self.catchUp = catchUp
        self.lastRun = lastRun
        self.nextRun = nextRun
        self.lastLagSeconds = lastLagSeconds
        self.cycles = cycles
    }

    enum CodingKeys: String, CodingKey {
        case workspace, trajectory, status, schedule, timezone
        case catchUp = "catch_up"
        case lastRun = "last_run"
        case nextRun = "next_run"
        case lastLagSeconds = "last_lag_seconds"
        case cycles
    }
}
