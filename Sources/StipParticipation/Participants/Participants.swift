public import Foundation
public import StipDomain
import StipStorage

/// Participants and privacy (AVG): pseudonymous registration, the right of access and of erasure, retention.
public struct Participants: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// Registers a participant; an e-mail address is kept only with consent for report-backs.
    /// - Throws: `invalid_value` with every field that is not allowed; `participant_exists`, `participant_erased`.
    public func register(_ workspace: ResolvedWorkspace, _ draft: ParticipantDraft, by actor: AuditActor) async throws(DomainError)
        -> Participant
    {
        try workspace.requireLive()
        try Self.check(draft)
        return try await translatingFailures { try await store.createParticipant(workspace.slug, draft, by: actor) }
    }

    /// The workspace's participants, without contact details.
    public func list(_ workspace: ResolvedWorkspace, limit: Int = 10_000) async throws(DomainError) -> [ParticipantSummary] {
        try await translatingFailures { try await store.participants(workspace.slug, limit: limit) }
    }

    /// Changes a participant's profile, consents or e-mail address; what the patch leaves out stays. Withdrawing
    /// consent for report-backs deletes the address.
    /// - Throws: `participant_not_found`; `invalid_value` with every field that is not allowed.
    public func update(_ workspace: ResolvedWorkspace, _ id: String, _ patch: ParticipantPatch, by actor: AuditActor)
        async throws(DomainError) -> Participant
    {
        try workspace.requireLive()
        var participant = try await translatingFailures { try await store.participant(workspace.slug, id) }
        if let profile = patch.profile {
            participant.profile = Participant.Profile(
                ageBand: profile.ageBand ?? participant.profile.ageBand, area: profile.area ?? participant.profile.area,
                role: profile.role ?? participant.profile.role)
        }
        if let consent = patch.consent {
            participant.consent.reportBack = consent.reportBack ?? participant.consent.reportBack
            participant.consent.futureActivities = consent.futureActivities ?? participant.consent.futureActivities
        }
        if let email = patch.email { participant.email = email.isEmpty ? nil : email }
        // An address is kept only with consent: a new one without it is refused by the check; withdrawing the
        // consent deletes the one kept.
        if !participant.consent.reportBack, patch.email?.isEmpty != false { participant.email = nil }
        try Self.check(
            ParticipantDraft(id: participant.id, profile: participant.profile, consent: participant.consent, email: participant.email))
        let checked = participant
        return try await translatingFailures { try await store.updateParticipant(workspace.slug, checked, by: actor) }
    }

    /// Every field of a participant that is not allowed, at once.
    static func check(_ draft: ParticipantDraft) throws(DomainError) {
        var issues = draft.profile.issues()
        if let id = draft.id, !Participant.isValidID(id) {
            issues.append(
                FieldIssue(field: "id", message: "use 1 to 64 letters, digits, -, _ or . (a pseudonym, never a name or an e-mail address)"))
        }
        if let email = draft.email {
            if !Participant.isPlausibleEmail(email) {
                issues.append(FieldIssue(field: "email", message: "\"\(email)\" is not an e-mail address"))
            }
            if !draft.consent.reportBack {
                issues.append(
                    FieldIssue(
                        field: "email", message: "an e-mail address is only kept with consent for report-backs (consent.report_back: true)")
                )
            }
        }
        guard issues.isEmpty else {
            throw DomainError(.invalidValue, "the participant has fields that are not allowed", fieldIssues: issues)
        }
    }

    /// Everything held on a participant (audited).
    public func export(_ workspace: ResolvedWorkspace, _ id: String, by actor: AuditActor) async throws(DomainError) -> ParticipantExport {
        try workspace.requireLive()
        return try await translatingFailures { try await store.exportParticipant(workspace.slug, id, by: actor) }
    }

    /// Erases a participant: contact details deleted, contributions kept without them.
    public func erase(_ workspace: ResolvedWorkspace, _ id: String, by actor: AuditActor) async throws(DomainError) -> ErasureReport {
        try workspace.requireLive()
        return try await translatingFailures { try await store.eraseParticipant(workspace.slug, id, by: actor) }
    }

    /// Months after a trajectory closes that its participants' data is kept.
    public func retentionMonths(_ workspace: ResolvedWorkspace) async throws(DomainError) -> Int {
        try await translatingFailures { try await store.retentionMonths(workspace.slug) }
    }

    /// Sets the retention period, 1 to 120 months.
    public func setRetentionMonths(_ workspace: ResolvedWorkspace, _ months: Int, by actor: AuditActor) async throws(DomainError) {
        try workspace.requireLive()
        guard (1...120).contains(months) else {
            throw DomainError(
                .invalidValue, "retention_months must be from 1 to 120",
                fieldIssues: [FieldIssue(field: "retention_months", message: "months after a trajectory closes, 1 to 120")])
        }
        try await translatingFailures { try await store.setRetentionMonths(workspace.slug, months, by: actor) }
    }

    /// Applies the retention period now.
    public func sweep(_ workspace: ResolvedWorkspace, now: Date = Date(), by actor: AuditActor) async throws(DomainError) -> RetentionReport
    {
        try workspace.requireLive()
        return try await translatingFailures { try await store.sweepRetention(workspace.slug, now: now, by: actor) }
    }
}
