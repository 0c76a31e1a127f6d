import Foundation

/// What a trajectory's data counts up to, aggregated by the store in SQL (docs/metrics.md, "What is counted"):
/// the input of its host metrics. Participants' profiles come as counts per combination, never one by one.
public struct TrajectoryFigures: Sendable, Equatable {
    /// Counted contributions (accepted, activity not pruned).
    public var contributions: Int
    /// Counted contributions that have a participant.
    public var contributionsWithParticipant: Int
    /// Distinct participants behind counted contributions (by their keyed hash, so an erasure does not lower it).
    public var participants: Int
    /// Of those, the ones who contributed to an activity with `access: targeted`.
    public var targetedParticipants: Int
    /// Participants whose profile is still there, counted per combination of profile values.
    public var profiles: [ProfileCount]
    /// Report-backs sent.
    public var reportBacksSent: Int
    /// Per activity, its participants per age band (`nil`: no age given): which method reached a group.
    public var activityAgeBands: [ActivityAgeBand] = []

    /// How many participants of one age band an activity reached.
    public struct ActivityAgeBand: Codable, Sendable, Equatable {
        public var activity: String
        public var ageBand: String?
        public var participants: Int

        enum CodingKeys: String, CodingKey {
            case activity, participants
            case ageBand = "age_band"
        }

        public init(activity: String, ageBand: String?, participants: Int) {
            self.activity = activity
            self.ageBand = ageBand
            self.participants = participants
        }
    }

    public init(
        contributions: Int, contributionsWithParticipant: Int, participants: Int, targetedParticipants: Int, profiles: [ProfileCount],
        reportBacksSent: Int
    ) {
        self.contributions = contributions
        self.contributionsWithParticipant = contributionsWithParticipant
        self.participants = participants
        self.targetedParticipants = targetedParticipants
        self.profiles = profiles
        self.reportBacksSent = reportBacksSent
    }

    /// How many participants have one combination of profile values (`nil` where the profile has no value).
    public struct ProfileCount: Sendable, Equatable {
        public var ageBand: String?
        public var area: String?
        public var role: String?
        public var participants: Int

        public init(ageBand: String?, area: String?, role: String?, participants: Int) {
            self.ageBand = ageBand
            self.area = area
            self.role = role
            self.participants = participants
        }
    }
}
