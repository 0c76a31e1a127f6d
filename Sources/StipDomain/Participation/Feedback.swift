public import Foundation
public import StipVocabulary

/// What was decided about a contribution or a theme ("terugkoppeling").
public enum ResponseStatus: String, Codable, Sendable, CaseIterable {
    case received
    case underConsideration = "under_consideration"
    case adopted
    case partlyAdopted = "partly_adopted"
    case notAdopted = "not_adopted"

    /// Whether this status answers the contribution (counts for `feedback.responded_share`);
    /// `received` only acknowledges it.
    public var isAnswer: Bool { self != .received }
}

/// A text in Dutch, optionally also in English, for residents and the council.
public struct BilingualText: Codable, Sendable, Equatable {
    public var nl: String
    public var en: String?

    public init(nl: String, en: String? = nil) {
        self.nl = nl
        self.en = en
    }
}

/// A response to one contribution or to every contribution with a theme.
public struct FeedbackResponse: Codable, Sendable, Equatable {
    public var id: Int64
    public var trajectory: String
    /// Set for a response to one contribution.
    public var contribution: String?
    /// Set for a response to a theme.
    public var theme: String?
    public var status: ResponseStatus
    public var reason: BilingualText?
    public var decidedBy: String
    public var decidedOn: LocalDate
    public var createdAt: Date

    public init(
        id: Int64, trajectory: String, contribution: String?, theme: String?, status: ResponseStatus, reason: BilingualText?,
        decidedBy: String, decidedOn: LocalDate, createdAt: Date
    ) {
        self.id = id
        self.trajectory = trajectory
        self.contribution = contribution
        self.theme = theme
        self.status = status
        self.reason = reason
        self.decidedBy = decidedBy
        self.decidedOn = decidedOn
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, trajectory, contribution, theme, status, reason
        case decidedBy = "decided_by"
        case decidedOn = "decided_on"
        case createdAt = "created_at"
    }
}

/// How a report-back reached participants.
public enum ReportBackChannel: String, Codable, Sendable, CaseIterable {
    case email, letter, meeting, web
}

/// A message to the participants of an activity or a trajectory about what happened with their input.
///
/// Stip does not send e-mail: for the e-mail channel it keeps the outbox (participants who consented and
/// left an address) for export, and records when the message was sent.
public struct ReportBack: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// Recorded, recipients fixed, not yet sent.
        case outbox
        case sent
    }

    public var id: Int64
    public var trajectory: String
    public var activity: String?
    public var channel: ReportBackChannel
    public var summary: BilingualText
    public var recipients: Int
    public var state: State
    public var sentOn: LocalDate?
    public var createdAt: Date

    public init(
        id: Int64, trajectory: String, activity: String?, channel: ReportBackChannel, summary: BilingualText, recipients: Int,
        state: State, sentOn: LocalDate?, createdAt: Date
    ) {
        self.id = id
        self.trajectory = trajectory
        self.activity = activity
        self.channel = channel
        self.summary = summary
        self.recipients = recipients
        self.state = state
        self.sentOn = sentOn
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, trajectory, activity, channel, summary, recipients, state
        case sentOn = "sent_on"
        case createdAt = "created_at"
    }
}
