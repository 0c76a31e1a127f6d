public import Foundation
import GRDB
public import StipDomain
public import StipJSON

/// A cycle left `running` by a daemon that stopped during it.
public struct UnfinishedCycle: Sendable, Equatable {
    public var trajectory: String
    public var trigger: CycleTrigger
    public var plannedAt: Date
    public var phase: String?
}

/// How a cycle's slot was found when it was opened.
public enum OpenedCycle: Sendable {
    /// A new cycle with this number.
    case started(number: Int)
    /// The same cycle (same trajectory, trigger and planned instant) was left unfinished, by a crash or a failure:
    /// it is redone under its number.
    case resumed(number: Int)
    /// It finished before; here is what it concluded.
    case finished(CycleSnapshot)
}

extension SQLiteWorkspaceStore {
    public func openCycle(
        _ slug: WorkspaceSlug, trajectory: String, trigger: CycleTrigger, plannedAt: Date, phase: String?, startedAt: Date,
        by actor: AuditActor
    ) async throws -> OpenedCycle {
        try await write(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            if let row = try Row.fetchOne(
                db, sql: "SELECT number, state, snapshot FROM evaluation_cycle WHERE trajectory_id = ? AND trigger = ? AND planned_at = ?",
                arguments: [trajectory, trigger.rawValue, plannedAt])
            {
                let number: Int = row["number"]
                if row["state"] == "finished", let text: String = row["snapshot"] {
                    return .finished(try JSONValue.parse(bytes: Array(text.utf8)).decode(CycleSnapshot.self))
                }
                try db.execute(
                    sql:
                        "UPDATE evaluation_cycle SET state = 'running', started_at = ?, error = NULL WHERE trajectory_id = ? AND number = ?",
                    arguments: [startedAt, trajectory, number])
                return .resumed(number: number)
            }
            let number =
                (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM evaluation_cycle WHERE trajectory_id = ?", arguments: [trajectory]) ?? 0)
                + 1
            try db.execute(
                sql: """
                    INSERT INTO evaluation_cycle (trajectory_id, number, trigger, planned_at, phase_id, state, started_at)
                    VALUES (?, ?, ?, ?, ?, 'running', ?)
                    """, arguments: [trajectory, number, trigger.rawValue, plannedAt, phase, startedAt])
            try AuditLog.record(
                db, at: startedAt, actor: actor, action: .evaluationCycle, workspace: slug,
                detail: ["trajectory": trajectory, "cycle": String(number), "trigger": trigger.rawValue])
            return .started(number: number)
        }
    }

    public func finishCycle(_ slug: WorkspaceSlug, _ snapshot: CycleSnapshot, states: [EvaluationState], forgetting: [String])
        async throws
    {
        let text = try JSONValue(encoding: snapshot).jsonText
        try await write(slug) { db in
            // Only a running cycle is finished: a finished snapshot is never written again.
            try db.execute(
                sql: """
                    UPDATE evaluation_cycle SET state = 'finished', finished_at = ?, snapshot = ?
                    WHERE trajectory_id = ? AND number = ? AND state = 'running'
                    """, arguments: [snapshot.finishedAt, text, snapshot.trajectory, snapshot.number])
            guard db.changesCount > 0 else { return }
            for activity in forgetting {
                try db.execute(
                    sql: "DELETE FROM evaluation_state WHERE trajectory_id = ? AND activity_id = ?",
                    arguments: [snapshot.trajectory, activity])
            }
            for kept in states {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO evaluation_state
                            (trajectory_id, activity_id, plugin_version, config, generation, last_rowid, period_to, cycle, state)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        snapshot.trajectory, kept.activity, kept.pluginVersion, kept.config.jsonText, kept.generation, kept.lastRowid,
                        kept.periodTo, kept.cycle, kept.state.jsonText,
                    ])
            }
        }
    }

    public func evaluationStart(_ slug: WorkspaceSlug, trajectory: String, activity: String) async throws -> EvaluationStart {
        try await read(slug) { db in
            // One read transaction: the rowid bound and the generation describe the same moment.
            let last =
                try Int64.fetchOne(
                    db, sql: "SELECT MAX(rowid) FROM contribution WHERE trajectory_id = ? AND activity_id = ?",
                    arguments: [trajectory, activity]) ?? 0
            let generation =
                try Int64.fetchOne(
                    db, sql: "SELECT generation FROM evaluation_generation WHERE trajectory_id = ? AND activity_id = ?",
                    arguments: [trajectory, activity]) ?? 0
            let saved = try Row.fetchOne(
                db, sql: "SELECT * FROM evaluation_state WHERE trajectory_id = ? AND activity_id = ?", arguments: [trajectory, activity]
            ).map { row in
                EvaluationState(
                    activity: activity, pluginVersion: row["plugin_version"],
                    config: try JSONValue.parse(bytes: Array((row["config"] as String).utf8)), generation: row["generation"],
                    lastRowid: row["last_rowid"], periodTo: row["period_to"], cycle: row["cycle"],
                    state: try JSONValue.parse(bytes: Array((row["state"] as String).utf8)))
            }
            return EvaluationStart(lastRowid: last, generation: generation, saved: saved)
        }
    }

    public func unfinishedCycles(_ slug: WorkspaceSlug) async throws -> [UnfinishedCycle] {
        try await read(slug) { db in
            try Row.fetchAll(
                db,
                sql: "SELECT trajectory_id, trigger, planned_at, phase_id FROM evaluation_cycle WHERE state = 'running' ORDER BY planned_at"
            ).map {
                UnfinishedCycle(
                    trajectory: $0["trajectory_id"], trigger: CycleTrigger(rawValue: $0["trigger"]) ?? .manual, plannedAt: $0["planned_at"],
                    phase: $0["phase_id"])
            }
        }
    }

    public func failCycle(_ slug: WorkspaceSlug, trajectory: String, number: Int, error: String) async throws {
        try await write(slug) { db in
            try db.execute(
                sql: "UPDATE evaluation_cycle SET state = 'failed', error = ? WHERE trajectory_id = ? AND number = ? AND state = 'running'",
                arguments: [error, trajectory, number])
        }
    }

    public func cycles(_ slug: WorkspaceSlug, trajectory: String) async throws -> [CycleSummary] {
        try await read(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM evaluation_cycle WHERE trajectory_id = ? ORDER BY number", arguments: [trajectory]
            ).map { row in
                let snapshot = (row["snapshot"] as String?).flatMap {
                    try? JSONValue.parse(bytes: Array($0.utf8)).decode(CycleSnapshot.self)
                }
                return CycleSummary(
                    number: row["number"], trigger: CycleTrigger(rawValue: row["trigger"]) ?? .manual, plannedAt: row["planned_at"],
                    phase: row["phase_id"], state: row["state"], startedAt: row["started_at"], finishedAt: row["finished_at"],
                    goalsMet: snapshot.map { $0.standing.goals.filter { $0.verdict == .met }.count }, goals: snapshot?.standing.goals.count,
                    findings: snapshot?.findings.count, error: row["error"])
            }
        }
    }

    public func cycle(_ slug: WorkspaceSlug, trajectory: String, number: Int) async throws -> CycleSnapshot {
        try await read(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT state, snapshot FROM evaluation_cycle WHERE trajectory_id = ? AND number = ?",
                    arguments: [trajectory, number])
            else {
                throw StorageError(.cycleNotFound, "trajectory \(trajectory) has no cycle \(number); list them with `stipctl cycles`")
            }
            guard let text: String = row["snapshot"] else {
                throw StorageError(
                    .cycleNotFound, "cycle \(number) of trajectory \(trajectory) has not finished (\(row["state"] as String))")
            }
            return try JSONValue.parse(bytes: Array(text.utf8)).decode(CycleSnapshot.self)
        }
    }

    public func previousCycle(_ slug: WorkspaceSlug, trajectory: String, before number: Int) async throws -> CycleSnapshot? {
        try await read(slug) { db in
            guard
                let text = try String.fetchOne(
                    db,
                    sql: """
                        SELECT snapshot FROM evaluation_cycle WHERE trajectory_id = ? AND number < ? AND state = 'finished'
                        ORDER BY number DESC LIMIT 1
                        """, arguments: [trajectory, number])
            else { return nil }
            return try JSONValue.parse(bytes: Array(text.utf8)).decode(CycleSnapshot.self)
        }
    }

    public func evaluationBatch(_ slug: WorkspaceSlug, trajectory: String, activity: String, after: Int64, through: Int64, limit: Int)
        async throws -> (items: [JSONValue], last: Int64)
    {
        try await read(slug) { db in
            // Keyset pages in rowid order: one batch in memory at a time, whatever the activity holds.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.rowid AS rid, c.id, c.created_at, c.occurred_on, c.channel, c.payload, c.themes,
                           p.id AS pid, p.age_band, p.area, p.role,
                           EXISTS (SELECT 1 FROM response r WHERE r.status != 'received' AND (r.contribution_id = c.id
                               OR (r.theme IS NOT NULL AND r.trajectory_id = c.trajectory_id
                                   AND EXISTS (SELECT 1 FROM json_each(c.themes) j WHERE j.value = r.theme)))) AS responded
                    FROM contribution c LEFT JOIN participant p ON p.id = c.participant_id
                    WHERE c.trajectory_id = ? AND c.activity_id = ? AND c.state = 'accepted' AND NOT c.archived AND c.rowid > ? AND c.rowid <= ?
                    ORDER BY c.rowid LIMIT ?
                    """, arguments: [trajectory, activity, after, through, limit])
            var last = after
            let items = try rows.map { row -> JSONValue in
                last = row["rid"]
                var participant: JSONValue = .null
                if (row["pid"] as String?) != nil {
                    var profile: [String: JSONValue] = [:]
                    for key in ["age_band", "area", "role"] { profile[key] = (row[key] as String?).map(JSONValue.string) ?? .null }
                    participant = .object(profile)
                }
                var item: [String: JSONValue] = [
                    "id": .string(row["id"]), "created_at": .string((row["created_at"] as Date).formatted(.iso8601)),
                    "channel": .string(row["channel"]), "participant": participant,
                    "contribution": try JSONValue.parse(bytes: Array((row["payload"] as String).utf8)),
                    "themes": try JSONValue.parse(bytes: Array((row["themes"] as String).utf8)),
                    "responded": .bool(row["responded"]),
                ]
                if let day: String = row["occurred_on"] { item["occurred_on"] = .string(day) }
                return .object(item)
            }
            return (items, last)
        }
    }
}

/// Where a trajectory's schedule stands, kept in its workspace database so that a restart neither skips nor
/// repeats a run.
public struct ScheduleState: Sendable, Equatable {
    /// The cron expression as last seen ("" without one).
    public var expression: String
    /// Every planned run up to this instant was dealt with (run, or skipped by the catch-up policy).
    public var lastPlannedAt: Date?
    public var nextPlannedAt: Date?
    /// Phase ends up to this instant were dealt with.
    public var phasesUntil: Date?

    public init(expression: String, lastPlannedAt: Date?, nextPlannedAt: Date?, phasesUntil: Date?) {
        self.expression = expression
        self.lastPlannedAt = lastPlannedAt
        self.nextPlannedAt = nextPlannedAt
        self.phasesUntil = phasesUntil
    }
}

extension SQLiteWorkspaceStore {
    public func scheduleState(_ slug: WorkspaceSlug, trajectory: String) async throws -> ScheduleState? {
        try await read(slug) { db in
            try Row.fetchOne(db, sql: "SELECT * FROM evaluation_schedule WHERE trajectory_id = ?", arguments: [trajectory]).map {
                ScheduleState(
                    expression: $0["expression"], lastPlannedAt: $0["last_planned_at"], nextPlannedAt: $0["next_planned_at"],
                    phasesUntil: $0["phases_until"])
            }
        }
    }

    public func saveScheduleState(_ slug: WorkspaceSlug, trajectory: String, _ state: ScheduleState) async throws {
        try await write(slug) { db in
            try db.execute(
                sql: """
                    INSERT INTO evaluation_schedule (trajectory_id, expression, last_planned_at, next_planned_at, phases_until)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (trajectory_id) DO UPDATE SET expression = excluded.expression, last_planned_at = excluded.last_planned_at,
                        next_planned_at = excluded.next_planned_at, phases_until = excluded.phases_until
                    """, arguments: [trajectory, state.expression, state.lastPlannedAt, state.nextPlannedAt, state.phasesUntil])
        }
    }
}
