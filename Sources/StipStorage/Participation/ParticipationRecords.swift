public import Foundation
public import StipDomain
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
    /// Archive removed activities that hold contributions instead of refusing.
    public var prune: Bool

    public init(plan: TrajectoryPlan, normalisedConfigs: [String: JSONValue], prune: Bool) {
        self.plan = plan
        self.normalisedConfigs = normalisedConfigs
        self.prune = prune
    }
}

/// A contribution about to be stored.
public struct NewContribution: Sendable {
    public var trajectory: String
    public var activity: String
    public var participant: String?
    public var channel: ContributionChannel
    public var payload: JSONValue
    public var themes: [String]
    public var state: ContributionState
    /// Whether the municipality answers it (an idea) or not (an attendance count, a poll answer); see the protocol.
    public var needsResponse: Bool

    public init(
        trajectory: String, activity: String, participant: String?, channel: ContributionChannel, payload: JSONValue, themes: [String],
        state: ContributionState, needsResponse: Bool = true
    ) {
        self.trajectory = trajectory
        self.activity = activity
        self.participant = participant
        self.channel = channel
        self.payload = payload
        self.themes = themes
        self.state = state
        self.needsResponse = needsResponse
    }
}

/// Which contributions to list.
public struct ContributionFilter: Sendable {
    public var trajectory: String?
    public var activity: String?
    public var state: ContributionState?
    public var participant: String?
    /// Only those without an answering response (own or by theme).
    public var unanswered: Bool
    public var includeArchived: Bool
    public var limit: Int

    public init(
        trajectory: String? = nil, activity: String? = nil, state: ContributionState? = nil, participant: String? = nil,
        unanswered: Bool = false, includeArchived: Bool = false, limit: Int = 1000
    ) {
        self.trajectory = trajectory
        self.activity = activity
        self.state = state
        self.participant = participant
        self.unanswered = unanswered
        self.includeArchived = includeArchived
        self.limit = limit
    }
}

/// A stored contribution waiting for its plugin, with what validation needs.
public struct PendingContribution: Sendable {
    public var id: String
    public var activity: String
    public var channel: ContributionChannel
    public var method: String
    public var config: JSONValue
    public var payload: JSONValue
}

/// The outcome of validating a pending contribution.
public enum PendingResolution: Sendable {
    case accepted(normalised: JSONValue, themes: [String])
    case rejected(problems: [FieldIssue])
}

/// A participant to register.
public struct ParticipantDraft: Sendable {
    public var id: String?
    public var profile: Participant.Profile
    public var consent: Participant.Consent
    public var email: String?

    public init(id: String?, profile: Participant.Profile, consent: Participant.Consent, email: String?) {
        self.id = id
        self.profile = profile
        self.consent = consent
        self.email = email
    }
}

/// Everything held on one participant (AVG right of access).
public struct ParticipantExport: Sendable, Codable {
    public var workspace: String
    public var exportedAt: Date
    public var participant: Participant
    public var contributions: [Contribution]
    public var reportBacks: [ReportBack]

    enum CodingKeys: String, CodingKey {
        case workspace
        case exportedAt = "exported_at"
        case participant, contributions
        case reportBacks = "report_backs"
    }
}

/// What an erasure removed.
public struct ErasureReport: Sendable, Codable {
    public var participant: String
    public var contactDeleted: Bool
    /// Contributions kept, now without a participant.
    public var contributionsAnonymised: Int

    enum CodingKeys: String, CodingKey {
        case participant
        case contactDeleted = "contact_deleted"
        case contributionsAnonymised = "contributions_anonymised"
    }
}

/// A response to record.
public struct ResponseDraft: Sendable {
    public enum Target: Sendable {
        case contribution(String)
        case theme(trajectory: String, theme: String)
    }

    public var target: Target
    public var status: ResponseStatus
    public var reason: BilingualText?
    public var decidedBy: String
    public var decidedOn: LocalDate

    public init(target: Target, status: ResponseStatus, reason: BilingualText?, decidedBy: String, decidedOn: LocalDate) {
        self.target = target
        self.status = status
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedOn = decidedOn
    }
}

/// A report-back to record.
public struct ReportBackDraft: Sendable {
    public var trajectory: String
    public var activity: String?
    public var channel: ReportBackChannel
    public var summary: BilingualText
    /// For letter, meeting and web: how many were reached. E-mail counts the outbox.
    public var recipients: Int?
    /// When it was sent; `nil` keeps an e-mail report-back in the outbox.
    public var sentOn: LocalDate?

    public init(
        trajectory: String, activity: String?, channel: ReportBackChannel, summary: BilingualText, recipients: Int?, sentOn: LocalDate?
    ) {
        self.trajectory = trajectory
        self.activity = activity
        self.channel = channel
        self.summary = summary
        self.recipients = recipients
        self.sentOn = sentOn
    }
}

/// One address in a report-back's outbox.
public struct OutboxEntry: Sendable, Codable {
    public var participant: String
    public var email: String
}

/// A contribution that still has no answer, and how long it has waited.
public struct UnansweredContribution: Sendable, Codable {
    public var id: String
    public var activity: String
    public var themes: [String]
    public var createdAt: Date
    public var waitingDays: Int
    /// A `received` acknowledgement, when one was sent.
    public var acknowledged: Bool

    enum CodingKeys: String, CodingKey {
        case id, activity, themes
        case createdAt = "created_at"
        case waitingDays = "waiting_days"
        case acknowledged
    }
}

/// Response coverage of a trajectory.
public struct FeedbackOverview: Sendable, Codable {
    public var trajectory: String
    public var contributions: Int
    public var answered: Int
    public var respondedShare: Double?
    public var medianDaysToResponse: Double?
    public var unanswered: [UnansweredContribution]
    public var reportBacks: [ReportBack]

    enum CodingKeys: String, CodingKey {
        case trajectory, contributions, answered
        case respondedShare = "responded_share"
        case medianDaysToResponse = "median_days_to_response"
        case unanswered
        case reportBacks = "report_backs"
    }
}

/// The result of storing one year of population figures.
public struct PopulationImportReport: Sendable, Codable {
    public var year: Int
    public var rowsRead: Int
    public var stored: Int
    public var replaced: Int
    public var skipped: [CBSKerncijfersCSV.RowNote]
    public var suppressed: [CBSKerncijfersCSV.RowNote]

    public init(
        year: Int, rowsRead: Int, stored: Int, replaced: Int, skipped: [CBSKerncijfersCSV.RowNote], suppressed: [CBSKerncijfersCSV.RowNote]
    ) {
        self.year = year
        self.rowsRead = rowsRead
        self.stored = stored
        self.replaced = replaced
        self.skipped = skipped
        self.suppressed = suppressed
    }

    enum CodingKeys: String, CodingKey {
        case year
        case rowsRead = "rows_read"
        case stored, replaced, skipped, suppressed
    }
}

/// One year of population figures.
public struct PopulationTable: Sendable, Codable {
    public var year: Int
    public var importedAt: Date
    public var source: String
    public var regions: [PopulationFigures]

    enum CodingKeys: String, CodingKey {
        case year
        case importedAt = "imported_at"
        case source, regions
    }
}

/// What a retention sweep did in one workspace.
public struct RetentionReport: Sendable, Codable {
    public var workspace: String
    public var retentionMonths: Int
    /// Trajectories closed longer ago than the retention period.
    public var expiredTrajectories: [String]
    public var contactsDeleted: Int
    public var participantsAnonymised: Int

    enum CodingKeys: String, CodingKey {
        case workspace
        case retentionMonths = "retention_months"
        case expiredTrajectories = "expired_trajectories"
        case contactsDeleted = "contacts_deleted"
        case participantsAnonymised = "participants_anonymised"
    }
}
