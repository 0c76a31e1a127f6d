public import Foundation
public import StipJSON
public import StipVocabulary

/// A trajectory as stored: the plan as applied plus what only the API sets.
public struct StoredTrajectory: Sendable, Codable {
    /// The plan, with `status` filled in.
    public var plan: TrajectoryPlan
    public var status: TrajectoryStatus
    public var reflections: [PhaseReflection]
    public var activities: [StoredActivity]
    public var createdAt: Date
    public var updatedAt: Date
    public var closedAt: Date?

    /// Memberwise initialiser.
    public init(
        plan: TrajectoryPlan, status: TrajectoryStatus, reflections: [PhaseReflection], activities: [StoredActivity], createdAt: Date,
        updatedAt: Date, closedAt: Date?
    ) {
        self.plan = plan
        self.status = status
        self.reflections = reflections
        self.activities = activities
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.closedAt = closedAt
    }

    enum CodingKeys: String, CodingKey {
        case plan, status, reflections, activities
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case closedAt = "closed_at"
    }
}

/// One activity row: the method's normalised config and how many contributions it holds.
public struct StoredActivity: Sendable, Codable, Equatable {
    public var trajectory: String
    public var id: String
    public var method: String
    public var phase: String
    public var access: ActivityAccess
    /// As normalised by the method plugin.
    public var config: JSONValue
    public var archived: Bool
    public var contributions: Int
    /// When and where it takes place, as its method reads the config (empty when the method says nothing).
    public var schedule: [ActivitySession] = []

    public init(
        trajectory: String, id: String, method: String, phase: String, access: ActivityAccess, config: JSONValue, archived: Bool,
        contributions: Int
    ) {
        self.trajectory = trajectory
        self.id = id
        self.method = method
        self.phase = phase
        self.access = access
        self.config = config
        self.archived = archived
        self.contributions = contributions
    }
}

/// "What went well, what do we change" for one phase.
public struct PhaseReflection: Sendable, Codable, Equatable {
    public var phase: String
    public var wentWell: String
    public var toChange: String
    public var updatedAt: Date

    public init(phase: String, wentWell: String, toChange: String, updatedAt: Date) {
        self.phase = phase
        self.wentWell = wentWell
        self.toChange = toChange
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case phase
        case wentWell = "went_well"
        case toChange = "to_change"
        case updatedAt = "updated_at"
    }
}

/// A line of `stipctl get trajectories`.
public struct TrajectorySummary: Sendable, Codable {
    public var id: String
    public var title: String
    public var status: TrajectoryStatus
    public var activities: Int
    public var contributions: Int
    public var updatedAt: Date

    /// Memberwise initialiser.
    public init(id: String, title: String, status: TrajectoryStatus, activities: Int, contributions: Int, updatedAt: Date) {
        self.id = id
        self.title = title
        self.status = status
        self.activities = activities
        self.contributions = contributions
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, title, status, activities, contributions
        case updatedAt = "updated_at"
    }
}

/// What `apply` writes for one trajectory, decided before the transaction.
public struct TrajectoryWrite: Sendable {
    public var plan: TrajectoryPlan
    /// Normalised config per activity id, from the method plugins.
    public var normalisedConfigs: [String: JSONValue]
    /// Per activity id, when and where it takes place, as its plugin reported with the normalised config.
    public var schedules: [String: [ActivitySession]] = [:]
    /// Archive removed activities that hold contributions instead of refusing.
    public var prune: Bool
    /// Per activity id, the config being replaced while the activity holds contributions: kept with them.
    public var configArchives: [String: ConfigArchive] = [:]

    public init(plan: TrajectoryPlan, normalisedConfigs: [String: JSONValue], prune: Bool) {
        self.plan = plan
        self.normalisedConfigs = normalisedConfigs
        self.prune = prune
    }
}

/// An activity's config as it was while contributions came in, kept when a plan replaces it.
public struct ConfigArchive: Sendable, Codable, Equatable {
    public var config: JSONValue
    /// The contributions made under it.
    public var contributions: [String]
    /// Those the new config no longer accepts (answers to a removed option or question); kept and still counted.
    public var orphaned: [String]

    public init(config: JSONValue, contributions: [String], orphaned: [String]) {
        self.config = config
        self.contributions = contributions
        self.orphaned = orphaned
    }
}
