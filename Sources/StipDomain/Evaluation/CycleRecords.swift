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
    /// What was decided, per theme: the decision that stands (the newest) with its explanation.
    public var decisions: [ThemeDecision]?
    /// How many contributions and themes stand at each status (their newest response), by status.
    public var byStatus: [String: Int]?

    /// The decision that stands on one theme.
    public struct ThemeDecision: Codable, Sendable, Equatable {
        /// The theme's label, as the trajectory names it (in English when it has an English label).
        public var theme: BilingualText
        public var status: ResponseStatus
        public var reason: BilingualText?
        public var decidedOn: LocalDate

        public init(theme: BilingualText, status: ResponseStatus, reason: BilingualText?, decidedOn: LocalDate) {
            self.theme = theme
            self.status = status
            self.reason = reason
            self.decidedOn = decidedOn
        }

        enum CodingKeys: String, CodingKey {
            case theme, status, reason
            case decidedOn = "decided_on"
        }
    }

    /// Adds the decisions: per theme the newest, labelled as the trajectory names its themes, and the count per
    /// status of every contribution's and theme's newest response. A response to one contribution is counted, not
    /// quoted: its explanation may repeat what the resident wrote.
    public mutating func add(responses: [FeedbackResponse], themeLabels: [String: BilingualText]) {
        let themes = FeedbackResponse.standing(responses, by: \.theme)
        decisions = themes.map {
            ThemeDecision(
                theme: themeLabels[$0.theme ?? ""] ?? BilingualText(nl: $0.theme ?? ""), status: $0.status, reason: $0.reason,
                decidedOn: $0.decidedOn)
        }.sorted { $0.theme.nl.lowercased() < $1.theme.nl.lowercased() }
        var counts: [String: Int] = [:]
        for response in themes + FeedbackResponse.standing(responses, by: \.contribution) {
            counts[response.status.rawValue, default: 0] += 1
        }
        byStatus = counts
    }

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
        case decisions
        case byStatus = "by_status"
    }
}

extension FeedbackResponse {
    /// The response that stands (the newest, by decision day, then id) for each value of `key` (a theme, a
    /// contribution); responses without one are left out. The resident page and a cycle's record use the same rule.
    public static func standing(_ responses: [FeedbackResponse], by key: KeyPath<FeedbackResponse, String?>) -> [FeedbackResponse] {
        var latest: [String: FeedbackResponse] = [:]
        for response in responses {
            guard let value = response[keyPath: key] else { continue }
            if let current = latest[value], (current.decidedOn, current.id) > (response.decidedOn, response.id) { continue }
            latest[value] = response
        }
        return Array(latest.values)
    }
}
