public import Foundation
public import StipJSON
public import StipVocabulary

/// One contribution ("bijdrage"): a poll response, a workshop idea, a walk observation.
public struct Contribution: Codable, Sendable, Equatable {
    public var id: String
    public var trajectory: String
    public var activity: String
    public var participant: String?
    public var channel: ContributionChannel
    /// As normalised by the method plugin, or as submitted while validation is pending.
    public var payload: JSONValue
    public var themes: [String]
    public var state: ContributionState
    /// Why the plugin refused it after it was stored, field by field.
    public var problems: [FieldIssue]?
    /// Set when its activity was removed with `--prune`: kept, but no longer counted.
    public var archived: Bool
    /// When Stip received it: the record of entry, not the day it was made.
    public var createdAt: Date
    /// The day it was made, in the workspace's time zone: the workshop's or walk's date, the `date` column of an
    /// import, the day a resident sent it. Time to response counts from here. `nil` only for contributions stored
    /// before Stip kept this day; for those the day of entry stands in.
    public var occurredOn: LocalDate?
    /// The answer that currently stands, if any.
    public var response: FeedbackResponse?
    /// Whether an answer is expected: ideas yes; attendance counts, ratings and poll answers are answered together.
    public var needsResponse: Bool
    /// Crashes of its plugin while its validation was in flight; set when it is quarantined or on the way there.
    public var quarantine: Quarantine?

    public init(
        id: String, trajectory: String, activity: String, participant: String?, channel: ContributionChannel, payload: JSONValue,
        themes: [String], state: ContributionState, problems: [FieldIssue]?, archived: Bool, createdAt: Date, response: FeedbackResponse?,
        needsResponse: Bool = true
    ) {
        self.needsResponse = needsResponse
        self.id = id
        self.trajectory = trajectory
        self.activity = activity
        self.participant = participant
        self.channel = channel
        self.payload = payload
        self.themes = themes
        self.state = state
        self.problems = problems
        self.archived = archived
        self.createdAt = createdAt
        self.response = response
    }

    enum CodingKeys: String, CodingKey {
        case id, trajectory, activity, participant, channel, payload, themes, state, problems, archived
        case createdAt = "created_at"
        case occurredOn = "occurred_on"
        case response
        case needsResponse = "needs_response"
        case quarantine
    }
}
