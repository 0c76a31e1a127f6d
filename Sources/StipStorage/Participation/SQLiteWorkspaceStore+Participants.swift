public import Foundation
import GRDB
public import StipDomain
import StipVocabulary

extension SQLiteWorkspaceStore {
    public func createParticipant(_ slug: WorkspaceSlug, _ draft: ParticipantDraft, by actor: AuditActor) async throws -> Participant {
        let at = timestamp()
        let participant = try await write(slug) { db -> Participant in
            let id = draft.id ?? ReadableID.make(prefix: "p-")
            // Ids are compared without letter case: `P-Sam` and `p-sam` typed on two days are one person, not two.
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM participant WHERE id = ? COLLATE NOCASE", arguments: [id]) {
                throw StorageError(
                    .participantExists,
                    existing == id
                        ? "workspace \(slug) already has a participant \"\(id)\""
                        : "workspace \(slug) already has a participant \"\(existing)\"; ids are compared without letter case, so use that one or choose another id"
                )
            }
            let hashKey = try ParticipantKey.key(db)
            // Erasures also record the id folded to lower case, so `P-X` cannot come back as `p-x` erased.
            let keys = [ParticipantKey.hash(id, key: hashKey), ParticipantKey.hash("folded:" + id.lowercased(), key: hashKey)]
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM erased_participant WHERE participant_key IN (?, ?)", arguments: [keys[0], keys[1]]) ?? false
            {
                throw StorageError(
                    .participantErased, "the participant id \"\(id)\" belonged to a participant who was erased; it cannot be used again")
            }
            try db.execute(
                sql: """
                    INSERT INTO participant (id, age_band, area, role, consent_report_back, consent_future_activities, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, draft.profile.ageBand?.rawValue, draft.profile.area, draft.profile.role?.rawValue, draft.consent.reportBack,
                    draft.consent.futureActivities, at,
                ])
            // Contact details only with consent for report-backs: without it there is nothing to use them for.
            if let email = draft.email, draft.consent.reportBack {
                try db.execute(
                    sql: "INSERT INTO participant_contact (participant_id, email, consented_at) VALUES (?, ?, ?)",
                    arguments: [id, email, at])
            }
            try AuditLog.record(db, at: at, actor: actor, action: .participantCreate, workspace: slug, detail: ["participant": id])
            return Participant(
                id: id, profile: draft.profile, consent: draft.consent, email: draft.consent.reportBack ? draft.email : nil, createdAt: at)
        }
        return participant
    }

    public func exportParticipant(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> ParticipantExport {
        let at = timestamp()
        // A write: reading personal data is recorded in the same transaction (AVG accountability).
        let export = try await write(slug) { db -> ParticipantExport in
            guard let participant = try Self.participant(db, id) else { throw Self.participantNotFound(slug, id) }
            let id = participant.id
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM contribution WHERE participant_id = ? ORDER BY created_at, id", arguments: [id])
            let contributions = try Self.withResponses(db, try rows.map(Self.contribution))
            let reportBacks = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM report_back r JOIN report_back_recipient x ON x.report_back_id = r.id
                    WHERE x.participant_id = ? ORDER BY r.id
                    """, arguments: [id]
            ).map(Self.reportBack)
            try AuditLog.record(db, at: at, actor: actor, action: .participantExport, workspace: slug, detail: ["participant": id])
            return ParticipantExport(
                workspace: slug.rawValue, exportedAt: at, participant: participant, contributions: contributions, reportBacks: reportBacks)
        }
        return export
    }

    public func eraseParticipant(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> ErasureReport {
        let at = timestamp()
        let report = try await write(slug) { db -> ErasureReport in
            guard let id = try Self.participant(db, id)?.id else { throw Self.participantNotFound(slug, id) }
            let (contact, contributions) = try Self.anonymise(db, id, at: at, reason: "erasure request")
            try AuditLog.record(
                db, at: at, actor: actor, action: .participantErase, workspace: slug,
                detail: ["participant": id, "contributions": String(contributions)])
            return ErasureReport(participant: id, contactDeleted: contact, contributionsAnonymised: contributions)
        }
        return report
    }

    public func retentionMonths(_ slug: WorkspaceSlug) async throws -> Int {
        try await read(slug) { db in try Self.retentionMonths(db) }
    }

    public func setRetentionMonths(_ slug: WorkspaceSlug, _ months: Int, by actor: AuditActor) async throws {
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO workspace_info (key, value) VALUES ('retention_months', ?)", arguments: [String(months)])
            try AuditLog.record(
                db, at: at, actor: actor, action: .privacyRetention, workspace: slug, detail: ["retention_months": String(months)])
        }
    }

    public func sweepRetention(_ slug: WorkspaceSlug, now: Date, by actor: AuditActor) async throws -> RetentionReport {
        let at = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let report = try await write(slug) { db -> RetentionReport in
            let months = try Self.retentionMonths(db)
            let cutoff = Calendar(identifier: .gregorian).date(byAdding: .month, value: -months, to: at) ?? at
            let expired = try String.fetchAll(
                db, sql: "SELECT id FROM trajectory WHERE status = 'closed' AND closed_at <= ? ORDER BY id", arguments: [cutoff])
            // Participants who took part only in expired trajectories; someone still active elsewhere keeps their data.
            let expiredParticipants = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT c.participant_id FROM contribution c
                    JOIN trajectory t ON t.id = c.trajectory_id
                    WHERE c.participant_id IS NOT NULL AND t.status = 'closed' AND t.closed_at <= ?
                      AND NOT EXISTS (
                        SELECT 1 FROM contribution c2 JOIN trajectory t2 ON t2.id = c2.trajectory_id
                        WHERE c2.participant_id = c.participant_id AND NOT (t2.status = 'closed' AND t2.closed_at <= ?))
                    """, arguments: [cutoff, cutoff])
            // Registered but never took part: nothing ties them to a trajectory, so the period runs from registration.
            let idle = try String.fetchAll(
                db,
                sql:
                    "SELECT id FROM participant p WHERE created_at <= ? AND NOT EXISTS (SELECT 1 FROM contribution c WHERE c.participant_id = p.id)",
                arguments: [cutoff])
            let participants = expiredParticipants + idle
            var contacts = 0
            for participant in participants {
                let (contact, _) = try Self.anonymise(db, participant, at: at, reason: "retention")
                if contact { contacts += 1 }
            }
            if !participants.isEmpty {
                try AuditLog.record(
                    db, at: at, actor: actor, action: .privacyRetentionSweep, workspace: slug,
                    detail: ["participants_anonymised": String(participants.count), "contacts_deleted": String(contacts)])
            }
            return RetentionReport(
                workspace: slug.rawValue, retentionMonths: months, expiredTrajectories: expired, contactsDeleted: contacts,
                participantsAnonymised: participants.count)
        }
        return report
    }

    // MARK: - Helpers

    /// Removes a participant's identity and contact details; keeps their contributions without them, and
    /// keeps the keyed hash so that the id cannot take part again.
    static func anonymise(_ db: Database, _ id: String, at: Date, reason: String) throws -> (contactDeleted: Bool, contributions: Int) {
        let key = ParticipantKey.hash(id, key: try ParticipantKey.key(db))
        try db.execute(sql: "DELETE FROM participant_contact WHERE participant_id = ?", arguments: [id])
        let contact = db.changesCount > 0
        let contributions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contribution WHERE participant_id = ?", arguments: [id]) ?? 0
        // ON DELETE SET NULL detaches the contributions; the recipients of report-backs go with the row.
        try db.execute(sql: "DELETE FROM participant WHERE id = ?", arguments: [id])
        let folded = ParticipantKey.hash("folded:" + id.lowercased(), key: try ParticipantKey.key(db))
        for erased in [key, folded] {
            try db.execute(
                sql: "INSERT OR IGNORE INTO erased_participant (participant_key, erased_at, reason) VALUES (?, ?, ?)",
                arguments: [erased, at, reason])
        }
        return (contact, contributions)
    }

    /// A participant by id, in any letter case (ids are compared without case).
    static func participant(_ db: Database, _ id: String) throws -> Participant? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT p.*, c.email FROM participant p LEFT JOIN participant_contact c ON c.participant_id = p.id
                    WHERE p.id = ? COLLATE NOCASE
                    """,
                arguments: [id])
        else { return nil }
        let ageBand: String? = row["age_band"]
        let role: String? = row["role"]
        return Participant(
            id: row["id"],
            profile: Participant.Profile(
                ageBand: ageBand.flatMap(AgeBand.init), area: row["area"], role: role.flatMap(ParticipantRole.init)),
            consent: Participant.Consent(reportBack: row["consent_report_back"], futureActivities: row["consent_future_activities"]),
            email: row["email"], createdAt: row["created_at"])
    }

    static func retentionMonths(_ db: Database) throws -> Int {
        Int(try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'retention_months'") ?? "12") ?? 12
    }

    static func participantNotFound(_ slug: WorkspaceSlug, _ id: String) -> StorageError {
        StorageError(.participantNotFound, "workspace \(slug) has no participant \"\(id)\" (erased participants are gone for good)")
    }

    public func participants(_ slug: WorkspaceSlug, limit: Int) async throws -> [ParticipantSummary] {
        try await read(slug) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.*, EXISTS (SELECT 1 FROM participant_contact k WHERE k.participant_id = p.id) AS has_email,
                      (SELECT COUNT(*) FROM contribution c WHERE c.participant_id = p.id) AS contributions
                    FROM participant p ORDER BY p.created_at, p.id LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                ParticipantSummary(
                    id: row["id"],
                    profile: Participant.Profile(
                        ageBand: (row["age_band"] as String?).flatMap(AgeBand.init), area: row["area"],
                        role: (row["role"] as String?).flatMap(ParticipantRole.init)),
                    consent: Participant.Consent(
                        reportBack: row["consent_report_back"], futureActivities: row["consent_future_activities"]),
                    anonymous: row["anonymous"], hasEmail: row["has_email"], contributions: row["contributions"],
                    createdAt: row["created_at"])
            }
        }
    }

    public func participant(_ slug: WorkspaceSlug, _ id: String) async throws -> Participant {
        try await read(slug) { db in
            guard let participant = try Self.participant(db, id) else { throw Self.participantNotFound(slug, id) }
            return participant
        }
    }

    public func updateParticipant(_ slug: WorkspaceSlug, _ participant: Participant, by actor: AuditActor) async throws -> Participant {
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: """
                    UPDATE participant SET age_band = ?, area = ?, role = ?, consent_report_back = ?, consent_future_activities = ?
                    WHERE id = ?
                    """,
                arguments: [
                    participant.profile.ageBand?.rawValue, participant.profile.area, participant.profile.role?.rawValue,
                    participant.consent.reportBack, participant.consent.futureActivities, participant.id,
                ])
            if db.changesCount == 0 { throw Self.participantNotFound(slug, participant.id) }
            // The address goes with the consent: withdrawn consent deletes it at once.
            if let email = participant.email, participant.consent.reportBack {
                try db.execute(
                    sql: """
                        INSERT INTO participant_contact (participant_id, email, consented_at) VALUES (?, ?, ?)
                        ON CONFLICT (participant_id) DO UPDATE SET email = excluded.email
                        """, arguments: [participant.id, email, at])
            } else {
                try db.execute(sql: "DELETE FROM participant_contact WHERE participant_id = ?", arguments: [participant.id])
            }
            try AuditLog.record(
                db, at: at, actor: actor, action: .participantUpdate, workspace: slug, detail: ["participant": participant.id])
        }
        return try await self.participant(slug, participant.id)
    }
}
