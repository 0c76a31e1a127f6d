public import Foundation
public import StipJSON

/// What started a cycle.
public enum CycleTrigger: String, Codable, Sendable, CaseIterable {
    /// The plan's `evaluation.schedule`.
    case schedule
    /// A phase's end date passed: reflect and evaluate every step.
    case phaseEnd = "phase_end"
    /// An admin asked (`stipctl evaluate`).
    case manual
}

/// Everything a finished cycle concluded, frozen: a later change of plan, an erasure or a retention sweep never
/// changes it, so a report cited in a council decision can be reproduced years later. Aggregates only.
public struct CycleSnapshot: Codable, Sendable, Equatable {
    public var number: Int
    public var trajectory: String
    public var trigger: CycleTrigger
    /// The instant the cycle was due (its schedule's, the phase's end, or the moment of a manual start).
    public var plannedAt: Date
    /// The phase a `phase_end` cycle reflects on.
    public var phase: String?
    public var startedAt: Date
    public var finishedAt: Date
    /// Seconds from due to started.
    public var lagSeconds: Double
    /// When the plan it measured against was last applied.
    public var planRevision: Date
    /// The method plugins' versions used, by method.
    public var pluginVersions: [String: String]
    public var standing: Standing
    /// Each goal's trend against the previous finished cycle.
    public var trends: [String: GoalTrend]
    public var activities: [ActivityEvaluation]
    public var findings: [Finding]
    /// The plan as it was when the cycle ran, so that a report of this cycle reads the same years later whatever
    /// the plan became. Absent in cycles stored before snapshots kept it.
    public var plan: TrajectoryPlan?
    /// Each goal's figure in the earlier finished cycles, oldest first: the trend a report draws.
    public var goalHistory: [String: [GoalPoint]]?
    /// What was done with the input when the cycle ran.
    public var feedback: CycleFeedback?
    /// The phase reflections recorded when the cycle ran.
    public var reflections: [PhaseReflection]?
    /// How many participants of each age band each activity reached: what later cycles of other trajectories
    /// consult to name the method that reached a group best in the municipality.
    public var reach: [TrajectoryFigures.ActivityAgeBand]?

    public init(
        number: Int, trajectory: String, trigger: CycleTrigger, plannedAt: Date, phase: String?, startedAt: Date, finishedAt: Date,
        planRevision: Date, pluginVersions: [String: String], standing: Standing, trends: [String: GoalTrend],
        activities: [ActivityEvaluation], findings: [Finding], plan: TrajectoryPlan? = nil
    ) {
        self.number = number
        self.trajectory = trajectory
        self.trigger = trigger
        self.plannedAt = plannedAt
        self.phase = phase
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.lagSeconds = max(0, startedAt.timeIntervalSince(plannedAt))
        self.planRevision = planRevision
        self.pluginVersions = pluginVersions
        self.standing = standing
        self.trends = trends
        self.activities = activities
        self.findings = findings
        self.plan = plan
    }

    enum CodingKeys: String, CodingKey {
        case number, trajectory, trigger
        case plannedAt = "planned_at"
        case phase
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case lagSeconds = "lag_seconds"
        case planRevision = "plan_revision"
        case pluginVersions = "plugin_versions"
        case standing, trends, activities, findings, plan, feedback, reflections, reach
        case goalHistory = "goal_history"
    }
}

/// A goal's figure against the previous cycle's.
public struct GoalTrend: Codable, Sendable, Equatable {
    public var previous: Double?
    public var change: Double?
    /// `up`, `down`, `same`, or `new` when the previous cycle had no figure.
    public var direction: String

    public init(previous: Double?, current: Double?) {
        self.previous = previous
        if let previous, let current {
            change = current - previous
            direction = abs(current - previous) < 1e-12 ? "same" : current > previous ? "up" : "down"
        } else {
            change = nil
            direction = "new"
        }
    }
}

/// One activity's part of a cycle: its method's own metrics and findings, or why it was not evaluated.
public struct ActivityEvaluation: Codable, Sendable, Equatable {
    public var id: String
    public var method: String
    public var evaluated: Bool
    /// Why not, when `evaluated` is false (the plugin was down, failed, or answered out of protocol).
    public var reason: String?
    /// How many contributions were streamed to the plugin in this cycle: all of them, or, when `since_cycle` is
    /// set, the ones stored since that cycle.
    public var contributions: Int
    /// The plugin evaluates incrementally and went on from the state of this cycle: its figures cover everything,
    /// but only the contributions since were streamed. Absent when everything was streamed.
    public var sinceCycle: Int?
    /// The metric values the plugin gave, as declared in its manifest (`value`, or a `distribution`).
    public var metrics: [JSONValue]

    public init(
        id: String, method: String, evaluated: Bool, reason: String?, contributions: Int, sinceCycle: Int? = nil, metrics: [JSONValue]
    ) {
        self.id = id
        self.method = method
        self.evaluated = evaluated
        self.reason = reason
        self.contributions = contributions
        self.sinceCycle = sinceCycle
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case id, method, evaluated, reason, contributions, metrics
        case sinceCycle = "since_cycle"
    }
}

/// An observation worth a consultant's attention, with what to do about it. A finding is data: a stable `code`
/// and its `parameters`, so that findings can be counted across cycles and municipalities; the texts in Dutch
/// and English are rendered from them.
public struct Finding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable {
        case info, warning, critical
    }

    public var code: String
    public var severity: Severity
    /// `host`, or the activity whose method found it.
    public var source: String
    public var parameters: [String: String]
    /// The numbers behind it, with their n.
    public var evidence: String
    public var message: LocalizedText
    public var recommendation: LocalizedText?

    public init(
        code: String, severity: Severity, source: String, parameters: [String: String], evidence: String, message: LocalizedText,
        recommendation: LocalizedText?
    ) {
        self.code = code
        self.severity = severity
        self.source = source
        self.parameters = parameters
        self.evidence = evidence
        self.message = message
        self.recommendation = recommendation
    }
}

/// A text in Dutch and English.
public struct LocalizedText: Codable, Sendable, Equatable {
    public var nl: String
    public var en: String

    public init(nl: String, en: String) {
        self.nl = nl
        self.en = en
    }
}

/// A cycle as listed: its number, what started it, when, and how it went.
public struct CycleSummary: Codable, Sendable, Equatable {
    public var number: Int
    public var trigger: CycleTrigger
    public var plannedAt: Date
    public var phase: String?
    public var state: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var goalsMet: Int?
    public var goals: Int?
    public var findings: Int?
    public var error: String?

    public init(
        number: Int, trigger: CycleTrigger, plannedAt: Date, phase: String?, state: String, startedAt: Date, finishedAt: Date?,
        goalsMet: Int?, goals: Int?, findings: Int?, error: String?
    ) {
        self.number = number
        self.trigger = trigger
        self.plannedAt = plannedAt
        self.phase = phase
        self.state = state
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.goalsMet = goalsMet
        self.goals = goals
        self.findings = findings
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case number, trigger
        case plannedAt = "planned_at"
        case phase, state
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case goalsMet = "goals_met"
        case goals, findings, error
    }
}
