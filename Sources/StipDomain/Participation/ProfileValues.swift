/// The CBS age bands a participant's age is recorded in; never an exact age or birth date.
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

/// How a contribution reached Stip.
public enum ContributionChannel: String, Codable, Sendable, CaseIterable {
    case online, offline
}

/// Where a contribution stands.
public enum ContributionState: String, Codable, Sendable, CaseIterable {
    /// Validated by its method plugin and counted.
    case accepted
    /// Stored while the method plugin was unavailable; validated when it is back.
    case pendingValidation = "pending_validation"
    /// Refused after storage: by the plugin on a later validation, or by a reviewer.
    case rejectedAfterReview = "rejected_after_review"
}
