/// The rung of the participation ladder a trajectory stands on ("participatieladder").
public enum ParticipationLevel: String, Codable, Sendable, CaseIterable {
    case inform, consult, advise, coproduce, codecide
}

/// Who takes the decision the trajectory feeds into.
public enum DecisionMaker: String, Codable, Sendable, CaseIterable {
    /// De gemeenteraad.
    case council
    /// Het college van B&W.
    case executive
    /// An official under mandate.
    case official
}

/// Why the municipality runs participation here.
public enum LegalBasis: String, Codable, Sendable, CaseIterable {
    case omgevingswet
    case participationOrdinance = "participation_ordinance"
    case voluntary
}

/// Whether everyone may take part in an activity or it is aimed at target groups.
public enum ActivityAccess: String, Codable, Sendable, CaseIterable {
    case open, targeted
}

/// A trajectory's lifecycle; set through the API, never by a plan.
public enum TrajectoryStatus: String, Codable, Sendable, CaseIterable {
    case draft, active, closed
}

/// What the scheduler does with evaluation runs missed while the daemon was down.
public enum CatchUpPolicy: String, Codable, Sendable, CaseIterable {
    /// Run only the newest missed cycle.
    case latest
    /// Run every missed cycle, oldest first.
    case all
    /// Skip missed cycles.
    case none
}

/// The kind of a stakeholder ("belanghebbende").
public enum StakeholderKind: String, Codable, Sendable, CaseIterable {
    case organisation, business, residents, government, individual, other
}
