public import Foundation
import StipJSON
public import StipVocabulary

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

    /// Memberwise initialiser.
    public init(participant: String, email: String) {
        self.participant = participant
        self.email = email
    }
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
    /// The day it was made, from which it waits.
    public var occurredOn: LocalDate?
    /// Its words, shortened (see `JSONValue.excerpt`).
    public var excerpt: String?

    /// Memberwise initialiser.
    public init(id: String, activity: String, themes: [String], createdAt: Date, waitingDays: Int, acknowledged: Bool) {
        self.id = id
        self.activity = activity
        self.themes = themes
        self.createdAt = createdAt
        self.waitingDays = waitingDays
        self.acknowledged = acknowledged
    }

    enum CodingKeys: String, CodingKey {
        case id, activity, themes
        case createdAt = "created_at"
        case waitingDays = "waiting_days"
        case acknowledged
        case occurredOn = "occurred_on"
        case excerpt
    }
}

/// Response coverage of a trajectory.
public struct FeedbackOverview: Sendable, Codable {
    public var trajectory: String
    /// Every contribution received and kept (accepted or waiting for validation), poll answers included.
    public var received: Int = 0
    /// Of those, the accepted ones that expect an answer of their own (ideas, questions).
    public var contributions: Int
    public var answered: Int
    public var respondedShare: Double?
    public var medianDaysToResponse: Double?
    public var unanswered: [UnansweredContribution]
    public var reportBacks: [ReportBack]

    /// Memberwise initialiser.
    public init(
        trajectory: String, contributions: Int, answered: Int, respondedShare: Double?, medianDaysToResponse: Double?,
        unanswered: [UnansweredContribution], reportBacks: [ReportBack]
    ) {
        self.trajectory = trajectory
        self.contributions = contributions
        self.answered = answered
        self.respondedShare = respondedShare
        self.medianDaysToResponse = medianDaysToResponse
        self.unanswered = unanswered
        self.reportBacks = reportBacks
    }

    enum CodingKeys: String, CodingKey {
        case trajectory, received, contributions, answered
        case respondedShare = "responded_share"
        case medianDaysToResponse = "median_days_to_response"
        case unanswered
        case reportBacks = "report_backs"
    }
}
