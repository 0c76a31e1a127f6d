public import Foundation
import GRDB
public import StipDomain
public import StipVocabulary

extension SQLiteWorkspaceStore {
    public func respond(_ slug: WorkspaceSlug, _ draft: ResponseDraft, by actor: AuditActor) async throws -> FeedbackResponse {
        let at = timestamp()
        let response = try await write(slug) { db -> FeedbackResponse in
            let trajectory: String
            var contribution: String?
            var theme: String?
            switch draft.target {
            case .contribution(let id):
                guard let owner = try String.fetchOne(db, sql: "SELECT trajectory_id FROM contribution WHERE id = ?", arguments: [id])
                else {
                    throw StorageError(.contributionNotFound, "workspace \(slug) has no contribution \"\(id)\"")
                }
                trajectory = owner
                contribution = id
            case .theme(let owner, let tag):
                guard try Self.loadTrajectory(db, owner) != nil else { throw Self.trajectoryNotFound(slug, owner) }
                let tagged =
                    try Int.fetchOne(
                        db,
                        sql: "SELECT COUNT(*) FROM contribution c, json_each(c.themes) j WHERE c.trajectory_id = ? AND j.value = ?",
                        arguments: [owner, tag]) ?? 0
                guard tagged > 0 else {
                    throw StorageError(
                        .invalidReference,
                        "no contribution of trajectory \(owner) has the theme \"\(tag)\"; check the spelling of the theme")
                }
                trajectory = owner
                theme = tag
            }
            try db.execute(
                sql: """
                    INSERT INTO response (trajectory_id, contribution_id, theme, status, reason_nl, reason_en, decided_by, decided_on, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    trajectory, contribution, theme, draft.status.rawValue, draft.reason?.nl, draft.reason?.en, draft.decidedBy,
                    draft.decidedOn.description, at,
                ])
            let response = FeedbackResponse(
                id: db.lastInsertedRowID, trajectory: trajectory, contribution: contribution, theme: theme, status: draft.status,
                reason: draft.reason, decidedBy: draft.decidedBy, decidedOn: draft.decidedOn, createdAt: at)
            var detail = ["trajectory": response.trajectory, "status": response.status.rawValue]
            if let contribution = response.contribution { detail["contribution"] = contribution }
            if let theme = response.theme { detail["theme"] = theme }
            try AuditLog.record(db, at: at, actor: actor, action: .feedbackRespond, workspace: slug, detail: detail)
            return response
        }
        return response
    }

    public func feedbackOverview(_ slug: WorkspaceSlug, trajectory: String, today: LocalDate, timeZone: TimeZone) async throws
        -> FeedbackOverview
    {
        var filter = ContributionFilter(trajectory: trajectory, state: .accepted, limit: .max)
        filter.needingResponse = true
        let counted = try await contributions(slug, filter)
        let reportBacks = try await self.reportBacks(slug, trajectory: trajectory)
        let responses = try await read(slug) { db in try Self.responses(db, trajectory: trajectory) }
        var unanswered: [UnansweredContribution] = []
        var days: [Double] = []
        for contribution in counted {
            // From the day it was made: a workshop imported a week later was not answered in the days before its import.
            let created = contribution.occurredOn ?? LocalDate(contribution.createdAt, in: timeZone)
            if contribution.response?.status.isAnswer == true {
                // Time to the first answer, not to the latest change of mind.
                let first = responses.filter { response in
                    response.status.isAnswer
                        && (response.contribution == contribution.id || response.theme.map(contribution.themes.contains) == true)
                }.map(\.decidedOn).min()
                if let first { days.append(Double(max(0, created.days(until: first)))) }
            } else {
                unanswered.append(
                    UnansweredContribution(
                        id: contribution.id, activity: contribution.activity, themes: contribution.themes,
                        createdAt: contribution.createdAt,
                        waitingDays: max(0, created.days(until: today)), acknowledged: contribution.response != nil))
                unanswered[unanswered.count - 1].occurredOn = created
                unanswered[unanswered.count - 1].excerpt = contribution.payload.excerpt()
            }
        }
        let answered = counted.count - unanswered.count
        let received = try await read(slug) { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM contribution
                    WHERE trajectory_id = ? AND NOT archived AND state IN ('accepted', 'pending_validation')
                    """, arguments: [trajectory]) ?? 0
        }
        var overview = FeedbackOverview(
            trajectory: trajectory, contributions: counted.count, answered: answered,
            respondedShare: counted.isEmpty ? nil : Double(answered) / Double(counted.count), medianDaysToResponse: Self.median(days),
            unanswered: unanswered.sorted { $0.waitingDays > $1.waitingDays }, reportBacks: reportBacks)
        overview.received = received
        return overview
    }

    public func createReportBack(_ slug: WorkspaceSlug, _ draft: ReportBackDraft, by actor: AuditActor) async throws -> ReportBack {
        let at = timestamp()
        let reportBack = try await write(slug) { db -> ReportBack in
            guard try Self.loadTrajectory(db, draft.trajectory) != nil else { throw Self.trajectoryNotFound(slug, draft.trajectory) }
            if let activity = draft.activity,
                !(try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM activity WHERE trajectory_id = ? AND id = ?", arguments: [draft.trajectory, activity]) ?? false)
            {
                throw StorageError(.activityNotFound, "trajectory \(draft.trajectory) has no activity \"\(activity)\"")
            }
            var recipients = draft.recipients ?? 0
            var consenting: [String] = []
            if draft.channel == .email {
                // The outbox: participants of the activity (or trajectory) who consented and left an address.
                var sql = """
                    SELECT DISTINCT p.id FROM participant p JOIN participant_contact k ON k.participant_id = p.id
                    JOIN contribution c ON c.participant_id = p.id
                    WHERE p.consent_report_back AND c.trajectory_id = ?
                    """
                var arguments: StatementArguments = [draft.trajectory]
                if let activity = draft.activity {
                    sql += " AND c.activity_id = ?"
                    arguments += [activity]
                }
                consenting = try String.fetchAll(db, sql: sql + " ORDER BY p.id", arguments: arguments)
                recipients = consenting.count
            }
            let state: ReportBack.State = draft.channel == .email && draft.sentOn == nil ? .outbox : .sent
            let sentOn = state == .sent ? draft.sentOn : nil
            try db.execute(
                sql: """
                    INSERT INTO report_back (trajectory_id, activity_id, channel, summary_nl, summary_en, recipients, state, sent_on, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    draft.trajectory, draft.activity, draft.channel.rawValue, draft.summary.nl, draft.summary.en, recipients,
                    state.rawValue,
                    sentOn?.description, at,
                ])
            let id = db.lastInsertedRowID
            for participant in consenting {
                try db.execute(
                    sql: "INSERT INTO report_back_recipient (report_back_id, participant_id) VALUES (?, ?)", arguments: [id, participant])
            }
            try AuditLog.record(
                db, at: at, actor: actor, action: .feedbackReportBack, workspace: slug,
                detail: ["trajectory": draft.trajectory, "id": String(id), "channel": draft.channel.rawValue])
            return ReportBack(
                id: id, trajectory: draft.trajectory, activity: draft.activity, channel: draft.channel, summary: draft.summary,
                recipients: recipients, state: state, sentOn: sentOn, createdAt: at)
        }
        return reportBack
    }

    public func reportBacks(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ReportBack] {
        try await read(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            return try Row.fetchAll(db, sql: "SELECT * FROM report_back WHERE trajectory_id = ? ORDER BY id", arguments: [trajectory])
                .map(Self.reportBack)
        }
    }

    public func outbox(_ slug: WorkspaceSlug, reportBack id: Int64, by actor: AuditActor) async throws -> [OutboxEntry] {
        let at = timestamp()
        // A write: reading addresses is recorded in the same transaction (AVG accountability).
        let entries = try await write(slug) { db -> [OutboxEntry] in
            guard try Row.fetchOne(db, sql: "SELECT id FROM report_back WHERE id = ?", arguments: [id]) != nil else {
                throw Self.reportBackNotFound(slug, id)
            }
            let entries = try Row.fetchAll(
                db,
                sql: """
                    SELECT k.participant_id, k.email FROM report_back_recipient x
                    JOIN participant p ON p.id = x.participant_id AND p.consent_report_back
                    JOIN participant_contact k ON k.participant_id = x.participant_id
                    WHERE x.report_back_id = ? ORDER BY k.participant_id
                    """, arguments: [id]
            ).map { OutboxEntry(participant: $0["participant_id"], email: $0["email"]) }
            try AuditLog.record(
                db, at: at, actor: actor, action: .feedbackOutboxExport, workspace: slug,
                detail: ["report_back": String(id), "addresses": String(entries.count)])
            return entries
        }
        return entries
    }

    public func markReportBackSent(_ slug: WorkspaceSlug, reportBack id: Int64, on date: LocalDate, by actor: AuditActor) async throws
        -> ReportBack
    {
        let at = timestamp()
        let reportBack = try await write(slug) { db -> ReportBack in
            try db.execute(sql: "UPDATE report_back SET state = 'sent', sent_on = ? WHERE id = ?", arguments: [date.description, id])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM report_back WHERE id = ?", arguments: [id]) else {
                throw Self.reportBackNotFound(slug, id)
            }
            try AuditLog.record(
                db, at: at, actor: actor, action: .feedbackReportBackSent, workspace: slug,
                detail: ["report_back": String(id), "sent_on": date.description])
            return try Self.reportBack(row)
        }
        return reportBack
    }

    // MARK: - Helpers

    static func reportBack(_ row: Row) throws -> ReportBack {
        let sentOn: String? = row["sent_on"]
        return ReportBack(
            id: row["id"], trajectory: row["trajectory_id"], activity: row["activity_id"],
            channel: ReportBackChannel(rawValue: row["channel"]) ?? .web,
            summary: BilingualText(nl: row["summary_nl"], en: row["summary_en"]),
            recipients: row["recipients"], state: ReportBack.State(rawValue: row["state"]) ?? .outbox,
            sentOn: sentOn.flatMap(LocalDate.init),
            createdAt: row["created_at"])
    }

    static func reportBackNotFound(_ slug: WorkspaceSlug, _ id: Int64) -> StorageError {
        StorageError(.reportBackNotFound, "workspace \(slug) has no report-back \(id)")
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
