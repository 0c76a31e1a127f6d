public import Foundation

/// One trajectory in the consultancy's overview of all workspaces (`stipctl overview`, `GET /v1/overview`): what a
/// consultant checks on Monday morning.
public struct OverviewRow: Codable, Sendable, Equatable {
    /// Goals by verdict in the last finished cycle.
    public struct GoalCounts: Codable, Sendable, Equatable {
        public var met = 0
        public var undecided = 0
        public var notMet = 0
        public var notMeasurable = 0

        public init() {}

        enum CodingKeys: String, CodingKey {
            case met, undecided
            case notMet = "not_met"
            case notMeasurable = "not_measurable"
        }
    }

    /// Findings by severity in the last finished cycle.
    public struct FindingCounts: Codable, Sendable, Equatable {
        public var critical = 0
        public var warning = 0
        public var info = 0

        public init() {}
    }

    /// The last finished cycle.
    public struct LastCycle: Codable, Sendable, Equatable {
        public var number: Int
        public var finishedAt: Date
        /// Whole days since it finished.
        public var ageDays: Int

        public init(number: Int, finishedAt: Date, ageDays: Int) {
            self.number = number
            self.finishedAt = finishedAt
            self.ageDays = ageDays
        }

        enum CodingKeys: String, CodingKey {
            case number
            case finishedAt = "finished_at"
            case ageDays = "age_days"
        }
    }

    public var workspace: String
    public var workspaceName: String
    public var workspaceState: WorkspaceState
    public var trajectory: String
    public var title: String
    public var status: TrajectoryStatus
    /// The phase whose dates include today, in the workspace's time zone.
    public var currentPhase: String?
    public var lastCycle: LastCycle?
    public var goals: GoalCounts
    public var findings: FindingCounts
    /// Contributions that expect an answer and have waited longer than the plan's feedback-speed goal allows
    /// (0 without such a goal: no promise to measure against).
    public var overdueContributions: Int
    public var nextRun: Date?
    /// The trajectory's methods whose plugin is failed or disabled.
    public var failingPlugins: [String]

    public init(
        workspace: String, workspaceName: String, workspaceState: WorkspaceState, trajectory: String, title: String,
        status: TrajectoryStatus, currentPhase: String?, lastCycle: LastCycle?, goals: GoalCounts, findings: FindingCounts,
        overdueContributions: Int, nextRun: Date?, failingPlugins: [String]
    ) {
        self.workspace = workspace
        self.workspaceName = workspaceName
        self.workspaceState = workspaceState
        self.trajectory = trajectory
        self.title = title
        self.status = status
        self.currentPhase = currentPhase
        self.lastCycle = lastCycle
        self.goals = goals
        self.findings = findings
        self.overdueContributions = overdueContributions
        self.nextRun = nextRun
        self.failingPlugins = failingPlugins
    }

    enum CodingKeys: String, CodingKey {
        case workspace, trajectory, title, status, goals, findings
        case workspaceName = "workspace_name"
        case workspaceState = "workspace_state"
        case currentPhase = "current_phase"
        case lastCycle = "last_cycle"
        case overdueContributions = "overdue_contributions"
        case nextRun = "next_run"
        case failingPlugins = "failing_plugins"
    }

    /// What needs attention first: failing plugins, then critical findings, contributions past the feedback goal,
    /// goals not met, warnings; then an active trajectory never evaluated or evaluated longest ago; then by name.
    public static func needsAttentionFirst(_ a: OverviewRow, _ b: OverviewRow) -> Bool {
        func key(_ row: OverviewRow) -> [Int] {
            [
                row.failingPlugins.count, row.findings.critical, row.overdueContributions, row.goals.notMet, row.findings.warning,
                row.status == .active ? (row.lastCycle?.ageDays ?? Int.max / 2) : -1,
            ]
        }
        let (ka, kb) = (key(a), key(b))
        if ka != kb { return ka.lexicographicallyPrecedes(kb, by: >) }
        return (a.workspace, a.trajectory) < (b.workspace, b.trajectory)
    }
}
