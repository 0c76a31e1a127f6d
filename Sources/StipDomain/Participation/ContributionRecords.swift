import Foundation
public import StipJSON
public import StipVocabulary

/// A contribution about to be stored.
public struct NewContribution: Sendable {
    public var trajectory: String
    public var activity: String
    public var participant: String?
    public var channel: ContributionChannel
    public var payload: JSONValue
    public var themes: [String]
    /// How the themes read (their labels), recorded for the trajectory when a tag is new.
    public var themeNames: [ThemeName] = []
    public var state: ContributionState
    /// The day it was made (never after the day it is stored).
    public var occurredOn: LocalDate
    /// Whether the municipality answers it (an idea) or not (an attendance count, a poll answer); see the protocol.
    public var needsResponse: Bool
    /// Kept pending because the plugin crashed while validating it (in a batch): the first strike towards quarantine.
    public var crashedValidation: ValidationCrash?

    public init(
        trajectory: String, activity: String, participant: String?, channel: ContributionChannel, payload: JSONValue, themes: [String],
        themeNames: [ThemeName] = [], state: ContributionState, occurredOn: LocalDate, needsResponse: Bool = true,
        crashedValidation: ValidationCrash? = nil
    ) {
        self.occurredOn = occurredOn
        self.themeNames = themeNames
        self.crashedValidation = crashedValidation
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
    /// Only those that expect an answer of their own (not poll answers, ratings or attendance counts), chosen in
    /// the query: a poll's million answers are never read to find the ideas that need one.
    public var needingResponse = false

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

    /// Memberwise initialiser.
    public init(id: String, activity: String, channel: ContributionChannel, method: String, config: JSONValue, payload: JSONValue) {
        self.id = id
        self.activity = activity
        self.channel = channel
        self.method = method
        self.config = config
        self.payload = payload
    }
}

/// The outcome of validating a pending contribution.
public enum PendingResolution: Sendable {
    case accepted(normalised: JSONValue, themes: [ThemeName])
    case rejected(problems: [FieldIssue])
}
