/// The CBS age bands a participant's age is recorded in; never an exact age or birth date.
///
/// Shared by the host (representation against the population) and method plugins (a poll's profile
/// question), so that both speak the same bands.
public enum AgeBand: String, Codable, Sendable, CaseIterable {
    case under15 = "0-15"
    case from15To25 = "15-25"
    case from25To45 = "25-45"
    case from45To65 = "45-65"
    case over65 = "65+"
}

/// How a participant relates to the area.
public enum ParticipantRole: String, Codable, Sendable, CaseIterable {
    case resident, entrepreneur, organisation, visitor, other
}
