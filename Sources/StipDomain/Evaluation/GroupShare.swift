/// A group's share among the participants, beside its share of the population (CBS) of the trajectory's area:
/// what representation divides, kept so that a report can show both.
public struct GroupShare: Codable, Sendable, Equatable {
    /// `age.15-25` or `area.BU99990102`.
    public var group: String
    /// The participants' share, 0–1, with its Wilson 95 % interval and `n` (participants with this dimension known).
    public var participants: Estimate
    /// The population's share, 0–1.
    public var population: Double

    public init(group: String, participants: Estimate, population: Double) {
        self.group = group
        self.participants = participants
        self.population = population
    }

    /// The representation ratio (participants' share ÷ population's share) with its interval.
    public var ratio: Estimate? { participants.ratio(to: population) }
}
