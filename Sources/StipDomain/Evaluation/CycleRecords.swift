public import Foundation
public import StipVocabulary

/// A goal's figure in an earlier finished cycle: the points of its trend across cycles.
public struct GoalPoint: Codable, Sendable, Equatable {
    public var cycle: Int
    public var finishedAt: Date
    public var value: Double?

    public init(cycle: Int, finishedAt: Date, value: Double?) {
        self.cycle = cycle
        self.finishedAt = finishedAt
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case cycle, value
        case finishedAt = "finished_at"
    }
}

/// What was done with the input, as a cycle found it: aggregates only, never a contribution's text.
public struct CycleFeedback: Codable, Sendable, Equatable {
    /// A report-back that was sent: when, how, to how many, and what it said.
    public struct ReportBackSent: Codable, Sendable, Equatable {
        public var sentOn: LocalDate
        public var channel: ReportBackChannel
        public var recipients: Int
        public var summary: BilingualText

        public init(sentOn: LocalDate, channel: ReportBackChannel, recipients: Int, summary: BilingualText) {
            self.sentOn = sentOn
            self.channel = channel
            self.recipients = recipients
            self.summary = summary
        }

        enum CodingKeys: String, CodingKey {
            case channel, recipients, summary
            case sentOn = "sent_on"
        }
    }

    /// Contributions received and kept, poll answers included.
    public var received: Int
    /// Of those, the ones that expect an answer of their own.
    public var expectingAnswer: Int
    public var answered: Int
    public var respondedShare: Double?
    public var medianDaysToResponse: Double?
    public var reportBacks: [ReportBackSent]

    public init(_ overview: FeedbackOverview) {
        received = overview.received
        expectingAnswer = overview.contributions
        answered = overview.answered
        respondedShare = overview.respondedShare
        medianDaysToResponse = overview.medianDaysToResponse
        reportBacks = overview.reportBacks.compactMap { back in
            guard back.state == .sent, let day = back.sentOn else { return nil }
            return ReportBackSent(sentOn: day, channel: back.channel, recipients: back.recipients, summary: back.summary)
        }
    }

    enum CodingKeys: String, CodingKey {
        case received, answered
        case expectingAnswer = "expecting_answer"
        case respondedShare = "responded_share"
        case medianDaysToResponse = "median_days_to_response"
        case reportBacks = "report_backs"
    }
}
