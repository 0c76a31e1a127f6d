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
