import Foundation
import Crypto
import GRDB
import Synchronization
public import StipDomain
import StipJSON
import StipVocabulary

extension SQLiteWorkspaceStore {
    /// Stores several responses in one transaction (group commit); each gets its own outcome: a browser or
    /// code used before is `already_contributed`, an unknown or revoked code `invalid_reference`.
    public func recordPublicResponses(_ slug: WorkspaceSlug, _ batch: [(NewContribution, ResponseProof)]) async throws -> [Result<
        Contribution, StorageError
    >] {
        let at = timestamp()
        // Formatting a date for SQLite is not free: once per second, not twice per row.
        let storedAt = Self.databaseText(of: at)
        return try await write(slug) { db in
            let key = try ParticipantKey.key(db)
            return try batch.map { new, proof in
                // A refused code or browser is found before anything of that response is written, so one
                // refusal does not undo its neighbours and needs no savepoint; any other error undoes the batch.
                do {
                    return .success(try Self.insertPublicResponse(db, new, proof: proof, at: at, storedAt: storedAt, key: key))
                } catch let error as StorageError {
                    return .failure(error)
                }
            }
        }
    }

    /// The last second's `Date.databaseValue`. It formats through `DateFormatter` and ICU, which showed in
    /// profiles of busy polls; timestamps have whole seconds, so under load one text serves many batches.
    private static let lastStamp = Mutex<(date: Date, value: DatabaseValue)?>(nil)

    static func databaseText(of date: Date) -> DatabaseValue {
        if let last = lastStamp.withLock({ $0 }), last.date == date { return last.value }
        let value = date.databaseValue
        lastStamp.withLock { $0 = (date, value) }
        return value
    }

    static func insertPublicResponse(
        _ db: Database, _ new: NewContribution, proof: ResponseProof, at: Date, storedAt: DatabaseValue, key: KeyedHash
    ) throws -> Contribution {
        let id = ReadableID.make(prefix: "c-")
        switch proof {
        case .none:
            break
        case .browser(let browser):
            let hash = ParticipantKey.hash("browser:\(new.trajectory)/\(new.activity):\(browser)", key: key)
            try db.cachedStatement(
                sql:
                    "INSERT INTO response_key (trajectory_id, activity_id, key_hash, contribution_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ).execute(arguments: [new.trajectory, new.activity, hash, id])
            if db.changesCount == 0 { throw StorageError(.alreadyContributed, "this browser has already responded to this activity") }
        case .code(let code):
            let hash = ParticipantKey.hash("code:\(new.trajectory)/\(new.activity):\(code)", key: key)
            try db.execute(
                sql: """
                    UPDATE poll_code SET used_at = ? WHERE trajectory_id = ? AND activity_id = ? AND code_hash = ?
                      AND used_at IS NULL AND revoked_at IS NULL
                    """, arguments: [storedAt, new.trajectory, new.activity, hash])
            if db.changesCount == 0 {
                let row = try Row.fetchOne(
                    db, sql: "SELECT used_at, revoked_at FROM poll_code WHERE trajectory_id = ? AND activity_id = ? AND code_hash = ?",
                    arguments: [new.trajectory, new.activity, hash])
                if let row, (row["used_at"] as Date?) != nil, (row["revoked_at"] as Date?) == nil {
                    throw StorageError(.alreadyContributed, "this code has already been used")
                }
                throw StorageError(.invalidReference, "this code is not valid for this activity")
            }
        }
        let participant = try Self.respondent(db, new, proof: proof, storedAt: storedAt, key: key)
        var new = new
        if !new.themes.isEmpty {
            (new.themes, new.themeNames) = try Self.aliased(db, trajectory: new.trajectory, new.themes, new.themeNames)
            try Self.noteThemes(db, trajectory: new.trajectory, new.themeNames)
        }
        // Prepared once per connection: this runs for every resident's response.
        try db.cachedStatement(
            sql: """
                INSERT INTO contribution (id, trajectory_id, activity_id, participant_id, participant_key, channel, payload, themes, state,
                  created_at, validated_at, needs_response, validation_crashes, last_crash, occurred_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                id, new.trajectory, new.activity, participant.id, participant.key, new.channel.rawValue,
                String(decoding: new.payload.jsonBytes(), as: UTF8.self),
                StorageJSON.strings(new.themes), new.state.rawValue, storedAt, new.state == .pendingValidation ? nil : storedAt,
                new.needsResponse, new.crashedValidation == nil ? 0 : 1, try new.crashedValidation.map { try StorageJSON.text($0) },
                new.occurredOn.description,
            ])
        var contribution = Contribution(
            id: id, trajectory: new.trajectory, activity: new.activity, participant: participant.id, channel: new.channel,
            payload: new.payload,
            themes: new.themes, state: new.state, problems: nil, archived: false, createdAt: at, response: nil,
            needsResponse: new.needsResponse)
        contribution.occurredOn = new.occurredOn
        contribution.quarantine = new.crashedValidation.map { Quarantine(crashes: 1, lastCrash: $0) }
        return contribution
    }

    /// The anonymous participant behind a resident's response, with the profile it gave (age band, area, role).
    ///
    /// Its id is a keyed hash of the resident's browser within the trajectory (so the same browser answering two
    /// polls is one participant), or of the letter's code; without either it is new each time. The hash key never
    /// leaves the workspace, so the id cannot be traced back to a browser.
    static func respondent(_ db: Database, _ new: NewContribution, proof: ResponseProof, storedAt: DatabaseValue, key: KeyedHash) throws
        -> (id: String, key: String)
    {
        let seed: String
        switch proof {
        case .browser(let browser): seed = ParticipantKey.hash("respondent:browser:\(new.trajectory):\(browser)", key: key)
        case .code(let code): seed = ParticipantKey.hash("respondent:code:\(new.trajectory)/\(new.activity):\(code)", key: key)
        case .none: seed = ""
        }
        var id = seed.isEmpty ? Self.onceRespondentID() : "r-" + seed.prefix(16)
        var participantKey = ParticipantKey.hash(id, key: key)
        // An erased respondent who answers again is someone new to Stip: nothing links them to what was erased.
        // (A respondent without browser or code is new each time: a random id was never erased.)
        if !seed.isEmpty,
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM erased_participant WHERE participant_key = ?"), arguments: [participantKey]) ?? false
        {
            id = Self.onceRespondentID()
            participantKey = ParticipantKey.hash(id, key: key)
        }
        // Only a profile the plugin accepted; one kept pending is filled in by the next response, if any.
        let profile = new.state == .accepted ? new.payload["profile"] : nil
        try db.cachedStatement(
            sql: """
                INSERT INTO participant (id, age_band, area, role, created_at, anonymous) VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT (id) DO UPDATE SET age_band = coalesce(participant.age_band, excluded.age_band),
                  area = coalesce(participant.area, excluded.area), role = coalesce(participant.role, excluded.role)
                """
        ).execute(
            arguments: [
                id, profile?["age_band"]?.stringValue, profile?["area"]?.stringValue, profile?["role"]?.stringValue, storedAt,
            ])
        return (id, participantKey)
    }

    /// A respondent id that is new each time: 16 random hex digits, as long as the ids made from a keyed hash.
    private static func onceRespondentID() -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        return withUnsafeBytes(of: random) { "r-" + KeyedHash.hex(bytes: $0).prefix(16) }
    }

    public func hasResponded(_ slug: WorkspaceSlug, trajectory: String, activity: String, browser: String) async throws -> Bool {
        try await read(slug) { db in
            let hash = ParticipantKey.hash("browser:\(trajectory)/\(activity):\(browser)", key: try ParticipantKey.key(db))
            return try Bool.fetchOne(
                db, sql: "SELECT 1 FROM response_key WHERE trajectory_id = ? AND activity_id = ? AND key_hash = ?",
                arguments: [trajectory, activity, hash]) ?? false
        }
    }

    /// Makes `count` new codes for an activity; returns them once — only their keyed hashes are kept.
    public func generateCodes(_ slug: WorkspaceSlug, trajectory: String, activity: String, count: Int, by actor: AuditActor) async throws
        -> [String]
    {
        let at = timestamp()
        let codes = try await write(slug) { db -> [String] in
            let key = try ParticipantKey.key(db)
            var codes: [String] = []
            codes.reserveCapacity(count)
            while codes.count < count {
                let code = PollCode.make()
                let hash = ParticipantKey.hash("code:\(trajectory)/\(activity):\(PollCode.normalise(code)!)", key: key)
                try db.execute(
                    sql: "INSERT OR IGNORE INTO poll_code (trajectory_id, activity_id, code_hash, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [trajectory, activity, hash, at])
                if db.changesCount == 1 { codes.append(code) }
            }
            try AuditLog.record(
                db, at: at, actor: actor, action: .pollCodesGenerate, workspace: slug,
                detail: ["trajectory": trajectory, "activity": activity, "count": String(count)])
            return codes
        }
        return codes
    }

    public func codeCounts(_ slug: WorkspaceSlug, trajectory: String, activity: String) async throws -> PollCodeCounts {
        try await read(slug) { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT SUM(used_at IS NULL AND revoked_at IS NULL) AS unused, SUM(used_at IS NOT NULL AND revoked_at IS NULL) AS used,
                      SUM(revoked_at IS NOT NULL) AS revoked FROM poll_code WHERE trajectory_id = ? AND activity_id = ?
                    """, arguments: [trajectory, activity])
            return PollCodeCounts(unused: row?["unused"] ?? 0, used: row?["used"] ?? 0, revoked: row?["revoked"] ?? 0)
        }
    }

    /// Revokes the given codes, or every unused code when `codes` is nil (a lost batch of letters).
    public func revokeCodes(_ slug: WorkspaceSlug, trajectory: String, activity: String, codes: [String]?, by actor: AuditActor)
        async throws -> Int
    {
        let at = timestamp()
        let revoked = try await write(slug) { db -> Int in
            var total = 0
            if let codes {
                let key = try ParticipantKey.key(db)
                for code in codes {
                    guard let normal = PollCode.normalise(code) else { throw StorageError(.invalidReference, "\"\(code)\" is not a code") }
                    try db.execute(
                        sql:
                            "UPDATE poll_code SET revoked_at = ? WHERE trajectory_id = ? AND activity_id = ? AND code_hash = ? AND revoked_at IS NULL AND used_at IS NULL",
                        arguments: [at, trajectory, activity, ParticipantKey.hash("code:\(trajectory)/\(activity):\(normal)", key: key)])
                    total += db.changesCount
                }
            } else {
                try db.execute(
                    sql:
                        "UPDATE poll_code SET revoked_at = ? WHERE trajectory_id = ? AND activity_id = ? AND used_at IS NULL AND revoked_at IS NULL",
                    arguments: [at, trajectory, activity])
                total = db.changesCount
            }
            try AuditLog.record(
                db, at: at, actor: actor, action: .pollCodesRevoke, workspace: slug,
                detail: ["trajectory": trajectory, "activity": activity, "count": String(total)])
            return total
        }
        return revoked
    }

    /// The responses of a trajectory, for its public page.
    public func responses(_ slug: WorkspaceSlug, trajectory: String) async throws -> [FeedbackResponse] {
        try await read(slug) { db in try Self.responses(db, trajectory: trajectory) }
    }
}
