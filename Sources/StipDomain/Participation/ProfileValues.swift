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
    /// Set aside: its validation was in flight when the plugin crashed, twice. Kept, not counted, not retried
    /// until an admin says so (`stipctl contributions retry`) or rejects it, so that one bad input cannot keep a
    /// method down for every municipality.
    case quarantined
}
