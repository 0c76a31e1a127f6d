public import Foundation
import GRDB
public import StipDomain
public import StipJSON
public import StipVocabulary

extension SQLiteWorkspaceStore {
    public func addContributions(
        _ slug: WorkspaceSlug, _ contributions: [NewContribution], onePerParticipant: Bool, by actor: AuditActor?
    ) async throws -> [Contribution] {
        let at = timestamp()
        let stored = try await write(slug) { db -> [Contribution] in
            let key = try ParticipantKey.key(db)
            var stored: [Contribution] = []
            for var new in contributions {
                guard
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM activity WHERE trajectory_id = ? AND id = ? AND archived_at IS NULL",
                        arguments: [new.trajectory, new.activity]) ?? false
                else {
                    throw StorageError(.activityNotFound, "trajectory \(new.trajectory) has no activity \"\(new.activity)\"")
                }
                if try String.fetchOne(db, sql: "SELECT status FROM trajectory WHERE id = ?", arguments: [new.trajectory]) == "closed" {
                    throw StorageError(
                        .trajectoryClosed,
                        "trajectory \(new.trajectory) is closed and takes no contributions; reopen it with `stipctl trajectory status <workspace>/\(new.trajectory) active` if this is a late entry"
                    )
                }
                (new.themes, new.themeNames) = try Self.aliased(db, trajectory: new.trajectory, new.themes, new.themeNames)
                var participantKey: String?
                if let given = new.participant {
                    // Named in any letter case, a participant is the one registered (ids are compared without case).
                    guard
                        let participant = try String.fetchOne(
                            db, sql: "SELECT id FROM participant WHERE id = ? COLLATE NOCASE", arguments: [given])
                    else {
                        throw StorageError(
                            .participantNotFound,
                            "workspace \(slug) has no participant \"\(given)\"; register them first with `stipctl participant add`")
                    }
                    new.participant = participant
                    participantKey = ParticipantKey.hash(participant, key: key)
                    if onePerParticipant,
                        try Bool.fetchOne(
                            db, sql: "SELECT 1 FROM contribution WHERE trajectory_id = ? AND activity_id = ? AND participant_key = ?",
                            arguments: [new.trajectory, new.activity, participantKey]) ?? false
                    {
                        throw StorageError(
                            .alreadyContributed, "participant \(participant) has already responded to activity \(new.activity)")
                    }
                }
                var contribution = Contribution(
                    id: ReadableID.make(prefix: "c-"), trajectory: new.trajectory, activity: new.activity, participant: new.participant,
                    channel: new.channel, payload: new.payload, themes: new.themes, state: new.state, problems: nil, archived: false,
                    createdAt: at, response: nil, needsResponse: new.needsResponse)
                contribution.occurredOn = new.occurredOn
                contribution.quarantine = new.crashedValidation.map { Quarantine(crashes: 1, lastCrash: $0) }
                try db.execute(
                    sql: """
                        INSERT INTO contribution (id, trajectory_id, activity_id, participant_id, participant_key, channel, payload, themes,
                          state, created_at, validated_at, needs_response, validation_crashes, last_crash, occurred_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        contribution.id, new.trajectory, new.activity, new.participant, participantKey, new.channel.rawValue,
                        String(decoding: new.payload.jsonBytes(), as: UTF8.self), try StorageJSON.text(new.themes), new.state.rawValue,
                        at, new.state == .pendingValidation ? nil : at, new.needsResponse, new.crashedValidation == nil ? 0 : 1,
                        try new.crashedValidation.map { try StorageJSON.text($0) }, new.occurredOn.description,
                    ])
                try Self.noteThemes(db, trajectory: new.trajectory, new.themeNames)
                stored.append(contribution)
            }
            if let actor, let first = stored.first {
                try AuditLog.record(
                    db, at: at, actor: actor, action: .contributionAdd, workspace: slug,
                    detail: ["trajectory": first.trajectory, "activity": first.activity, "count": String(stored.count)])
            }
            return stored
        }
        return stored
    }

    public func contributions(_ slug: WorkspaceSlug, _ filter: ContributionFilter) async throws -> [Contribution] {
        try await read(slug) { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let trajectory = filter.trajectory {
                conditions.append("trajectory_id = ?")
                arguments += [trajectory]
            }
            if let activity = filter.activity {
                conditions.append("activity_id = ?")
                arguments += [activity]
            }
            if let state = filter.state {
                conditions.append("state = ?")
                arguments += [state.rawValue]
            }
            if let participant = filter.participant {
                conditions.append("participant_id = ? COLLATE NOCASE")
                arguments += [participant]
            }
            if !filter.includeArchived { conditions.append("NOT archived") }
            if filter.needingResponse { conditions.append("needs_response") }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM contribution \(whereClause) ORDER BY created_at, id", arguments: arguments)
            var result = try Self.withResponses(db, try rows.map(Self.contribution))
            if filter.unanswered {
                result = result.filter { $0.needsResponse && $0.response?.status.isAnswer != true && $0.state == .accepted }
            }
            return Array(result.prefix(filter.limit))
        }
    }

    public func contribution(_ slug: WorkspaceSlug, _ id: String) async throws -> Contribution {
        try await read(slug) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM contribution WHERE id = ?", arguments: [id]) else {
                throw StorageError(.contributionNotFound, "workspace \(slug) has no contribution \"\(id)\"")
            }
            return try Self.withResponses(db, [try Self.contribution(row)])[0]
        }
    }

    public func pendingContributions(_ slug: WorkspaceSlug, limit: Int) async throws -> [PendingContribution] {
        try await read(slug) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.activity_id, c.channel, c.payload, a.method, a.config FROM contribution c
                    JOIN activity a ON a.trajectory_id = c.trajectory_id AND a.id = c.activity_id
                    WHERE c.state = 'pending_validation' ORDER BY c.created_at, c.id LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                PendingContribution(
                    id: row["id"], activity: row["activity_id"], channel: ContributionChannel(rawValue: row["channel"]) ?? .online,
                    method: row["method"], config: try StorageJSON.value(row["config"]),
                    payload: try StorageJSON.value(row["payload"]))
            }
        }
    }

    public func pendingBacklog(_ slug: WorkspaceSlug) async throws -> (count: Int, oldest: Date?) {
        try await read(slug) { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT count(*) AS n, min(created_at) AS oldest FROM contribution WHERE state = 'pending_validation'")
            return (row?["n"] ?? 0, row?["oldest"])
        }
    }

    public func resolvePending(_ slug: WorkspaceSlug, _ id: String, _ resolution: PendingResolution) async throws {
        let at = timestamp()
        try await write(slug) { db in
            switch resolution {
            case .accepted(let normalised, let themes):
                // Themes the plugin found join those given by hand.
                guard let row = try Row.fetchOne(db, sql: "SELECT trajectory_id, themes FROM contribution WHERE id = ?", arguments: [id])
                else { return }
                var merged = try StorageJSON.decode([String].self, row["themes"] as String)
                let (found, names) = try Self.aliased(db, trajectory: row["trajectory_id"], themes.map(\.tag), themes)
                for theme in found where !merged.contains(theme) { merged.append(theme) }
                try Self.noteThemes(db, trajectory: row["trajectory_id"], names)
                try db.execute(
                    sql:
                        "UPDATE contribution SET state = 'accepted', payload = ?, themes = ?, validated_at = ? WHERE id = ? AND state = 'pending_validation'",
                    arguments: [String(decoding: normalised.jsonBytes(), as: UTF8.self), try StorageJSON.text(merged), at, id])
            case .rejected(let problems):
                // Kept, with the reasons, for a person to look at: nothing a resident sent is dropped.
                try db.execute(
                    sql: """
                        UPDATE contribution SET state = 'rejected_after_review', problems = ?, validated_at = ?
                        WHERE id = ? AND state = 'pending_validation'
                        """, arguments: [try StorageJSON.text(problems), at, id])
            }
        }
    }

    public func recordValidationCrash(_ slug: WorkspaceSlug, _ id: String, _ crash: ValidationCrash) async throws -> Bool {
        try await write(slug) { db in
            try db.execute(
                sql: """
                    UPDATE contribution SET validation_crashes = validation_crashes + 1, last_crash = ?,
                      state = CASE WHEN validation_crashes + 1 >= ? THEN 'quarantined' ELSE state END
                    WHERE id = ? AND state = 'pending_validation'
                    """, arguments: [try StorageJSON.text(crash), Quarantine.threshold, id])
            let state = try String.fetchOne(db, sql: "SELECT state FROM contribution WHERE id = ?", arguments: [id])
            return state == ContributionState.quarantined.rawValue
        }
    }

    public func retryQuarantined(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> Contribution {
        let at = timestamp()
        try await write(slug) { db in
            guard let state = try String.fetchOne(db, sql: "SELECT state FROM contribution WHERE id = ?", arguments: [id]) else {
                throw StorageError(.contributionNotFound, "workspace \(slug) has no contribution \"\(id)\"")
            }
            guard state == ContributionState.quarantined.rawValue else {
                throw StorageError(
                    .contributionNotQuarantined,
                    "contribution \(id) is \(state), not quarantined; only a quarantined contribution is retried")
            }
            // The crash evidence stays for the record; the count starts over, so it gets two more chances.
            try db.execute(
                sql: "UPDATE contribution SET state = 'pending_validation', validation_crashes = 0 WHERE id = ?", arguments: [id])
            try AuditLog.record(db, at: at, actor: actor, action: .contributionRetry, workspace: slug, detail: ["contribution": id])
        }
        return try await contribution(slug, id)
    }

    public func quarantinedContributions(_ slug: WorkspaceSlug) async throws -> [QuarantinedContribution] {
        try await read(slug) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, a.method FROM contribution c
                    JOIN activity a ON a.trajectory_id = c.trajectory_id AND a.id = c.activity_id
                    WHERE c.state = 'quarantined' ORDER BY c.created_at, c.id
                    """
            ).map { QuarantinedContribution(workspace: slug, id: $0["id"], method: $0["method"]) }
        }
    }

    public func amendContribution(
        _ slug: WorkspaceSlug, _ id: String, payload: JSONValue, themes: [String], themeNames: [ThemeName], occurredOn: LocalDate?,
        by actor: AuditActor
    ) async throws -> Contribution {
        let at = timestamp()
        try await write(slug) { db in
            var themes = themes
            if let trajectory = try String.fetchOne(db, sql: "SELECT trajectory_id FROM contribution WHERE id = ?", arguments: [id]) {
                let (tags, names) = try Self.aliased(db, trajectory: trajectory, themes, themeNames)
                themes = tags
                try Self.noteThemes(db, trajectory: trajectory, names)
            }
            try db.execute(
                sql:
                    "UPDATE contribution SET payload = ?, themes = ?, validated_at = ?, occurred_on = coalesce(?, occurred_on) WHERE id = ?",
                arguments: [
                    String(decoding: payload.jsonBytes(), as: UTF8.self), try StorageJSON.text(themes), at, occurredOn?.description, id,
                ])
            if db.changesCount == 0 { throw StorageError(.contributionNotFound, "workspace \(slug) has no contribution \"\(id)\"") }
            var detail = ["contribution": id]
            if let occurredOn { detail["occurred_on"] = occurredOn.description }
            try AuditLog.record(db, at: at, actor: actor, action: .contributionAmend, workspace: slug, detail: detail)
        }
        return try await contribution(slug, id)
    }

    public func rejectContribution(_ slug: WorkspaceSlug, _ id: String, reason: String, by actor: AuditActor) async throws -> Contribution {
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: "UPDATE contribution SET state = 'rejected_after_review', problems = ?, validated_at = ? WHERE id = ?",
                arguments: [try StorageJSON.text([FieldIssue(field: "", message: reason)]), at, id])
            if db.changesCount == 0 { throw StorageError(.contributionNotFound, "workspace \(slug) has no contribution \"\(id)\"") }
            try AuditLog.record(db, at: at, actor: actor, action: .contributionReject, workspace: slug, detail: ["contribution": id])
        }
        return try await contribution(slug, id)
    }

    // MARK: - Rows

    static func contribution(_ row: Row) throws -> Contribution {
        let problems: String? = row["problems"]
        var contribution = Contribution(
            id: row["id"], trajectory: row["trajectory_id"], activity: row["activity_id"], participant: row["participant_id"],
            channel: ContributionChannel(rawValue: row["channel"]) ?? .online, payload: try StorageJSON.value(row["payload"]),
            themes: try StorageJSON.decode([String].self, row["themes"]),
            state: ContributionState(rawValue: row["state"]) ?? .pendingValidation,
            problems: try problems.map { try StorageJSON.decode([FieldIssue].self, $0) }, archived: row["archived"],
            createdAt: row["created_at"], response: nil, needsResponse: row["needs_response"])
        let occurredOn: String? = row["occurred_on"]
        contribution.occurredOn = occurredOn.flatMap(LocalDate.init)
        let crashes: Int = row["validation_crashes"] ?? 0
        if crashes > 0, let lastCrash: String = row["last_crash"] {
            contribution.quarantine = Quarantine(crashes: crashes, lastCrash: try StorageJSON.decode(ValidationCrash.self, lastCrash))
        }
        return contribution
    }

    /// Fills in the response that stands for each contribution: the newest of its own and its themes' responses.
    static func withResponses(_ db: Database, _ contributions: [Contribution]) throws -> [Contribution] {
        let trajectories = Set(contributions.map(\.trajectory))
        guard !trajectories.isEmpty else { return contributions }
        var byContribution: [String: FeedbackResponse] = [:]
        var byTheme: [String: [String: FeedbackResponse]] = [:]
        for trajectory in trajectories {
            for response in try responses(db, trajectory: trajectory) {
                if let id = response.contribution {
                    byContribution[id] = newer(byContribution[id], response)
                } else if let theme = response.theme {
                    byTheme[trajectory, default: [:]][theme] = newer(byTheme[trajectory]?[theme], response)
                }
            }
        }
        return contributions.map { contribution in
            var result = contribution
            var standing = byContribution[contribution.id]
            for theme in contribution.themes { standing = newer(standing, byTheme[contribution.trajectory]?[theme]) }
            result.response = standing
            return result
        }
    }

    static func newer(_ a: FeedbackResponse?, _ b: FeedbackResponse?) -> FeedbackResponse? {
        guard let a else { return b }
        guard let b else { return a }
        return (b.decidedOn, b.id) > (a.decidedOn, a.id) ? b : a
    }

    static func responses(_ db: Database, trajectory: String) throws -> [FeedbackResponse] {
        try Row.fetchAll(db, sql: "SELECT * FROM response WHERE trajectory_id = ? ORDER BY id", arguments: [trajectory]).map(response)
    }

    static func response(_ row: Row) throws -> FeedbackResponse {
        let nl: String? = row["reason_nl"]
        return FeedbackResponse(
            id: row["id"], trajectory: row["trajectory_id"], contribution: row["contribution_id"], theme: row["theme"],
            status: ResponseStatus(rawValue: row["status"]) ?? .received, reason: nl.map { BilingualText(nl: $0, en: row["reason_en"]) },
            decidedBy: row["decided_by"], decidedOn: LocalDate(row["decided_on"]) ?? LocalDate("1970-01-01")!,
            createdAt: row["created_at"])
    }
}
