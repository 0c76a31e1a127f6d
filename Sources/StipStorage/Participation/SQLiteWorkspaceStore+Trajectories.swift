import StipVocabulary
import Foundation
import GRDB
public import StipDomain
import StipJSON

extension SQLiteWorkspaceStore {
    public func trajectories(_ slug: WorkspaceSlug) async throws -> [TrajectorySummary] {
        try await read(slug) { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.title, t.status, t.updated_at,
                      (SELECT COUNT(*) FROM activity a WHERE a.trajectory_id = t.id AND a.archived_at IS NULL) AS activities,
                      (SELECT COUNT(*) FROM contribution c WHERE c.trajectory_id = t.id AND NOT c.archived) AS contributions
                    FROM trajectory t ORDER BY t.id
                    """
            ).map { row in
                TrajectorySummary(
                    id: row["id"], title: row["title"], status: TrajectoryStatus(rawValue: row["status"]) ?? .draft,
                    activities: row["activities"], contributions: row["contributions"], updatedAt: row["updated_at"])
            }
        }
    }

    public func trajectory(_ slug: WorkspaceSlug, _ id: String) async throws -> StoredTrajectory {
        guard let stored = try await trajectoryIfPresent(slug, id) else { throw Self.trajectoryNotFound(slug, id) }
        return stored
    }

    public func trajectoryIfPresent(_ slug: WorkspaceSlug, _ id: String) async throws -> StoredTrajectory? {
        try await read(slug) { db in try Self.loadTrajectory(db, id) }
    }

    public func saveTrajectory(_ slug: WorkspaceSlug, _ write: TrajectoryWrite, by actor: AuditActor) async throws {
        defer { changed(slug) }
        let at = timestamp()
        try await self.write(slug) { db in
            var document = write.plan
            document.status = nil
            let text = try StorageJSON.text(document)
            let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM trajectory WHERE id = ?", arguments: [document.id]) ?? false
            if exists {
                try db.execute(
                    sql: "UPDATE trajectory SET title = ?, document = ?, updated_at = ? WHERE id = ?",
                    arguments: [document.title.nl, text, at, document.id])
            } else {
                try db.execute(
                    sql: "INSERT INTO trajectory (id, title, document, status, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?)",
                    arguments: [document.id, document.title.nl, text, at, at])
            }
            for (activity, archive) in write.configArchives.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO activity_config_archive (trajectory_id, activity_id, config, contributions, orphaned, replaced_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        document.id, activity, try StorageJSON.text(archive.config), try StorageJSON.text(archive.contributions),
                        try StorageJSON.text(archive.orphaned), at,
                    ])
            }
            let planned = Set(document.activities.map(\.id))
            var archived: [String] = []
            var deleted: [String] = []
            let existing = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, (SELECT COUNT(*) FROM contribution c WHERE c.trajectory_id = a.trajectory_id AND c.activity_id = a.id) AS n
                    FROM activity a WHERE a.trajectory_id = ? AND a.archived_at IS NULL
                    """, arguments: [document.id])
            for row in existing {
                let id: String = row["id"]
                let count: Int = row["n"]
                guard !planned.contains(id) else { continue }
                if count == 0 {
                    try db.execute(sql: "DELETE FROM activity WHERE trajectory_id = ? AND id = ?", arguments: [document.id, id])
                    deleted.append(id)
                } else if write.prune {
                    try db.execute(
                        sql: "UPDATE activity SET archived_at = ? WHERE trajectory_id = ? AND id = ?", arguments: [at, document.id, id])
                    try db.execute(
                        sql: "UPDATE contribution SET archived = 1 WHERE trajectory_id = ? AND activity_id = ?",
                        arguments: [document.id, id])
                    archived.append(id)
                } else {
                    throw StorageError(
                        .activityHasContributions,
                        "activity \(id) is not in the plan any more but holds \(count) contribution\(count == 1 ? "" : "s"); "
                            + "put it back, or apply with --prune to archive it and its contributions (they are kept, not deleted)")
                }
            }
            for activity in document.activities {
                // An activity archived by an earlier --prune comes back with its contributions.
                try db.execute(
                    sql: """
                        UPDATE contribution SET archived = 0 WHERE trajectory_id = ? AND activity_id = ? AND archived
                          AND EXISTS (SELECT 1 FROM activity WHERE trajectory_id = ? AND id = ? AND archived_at IS NOT NULL)
                        """, arguments: [document.id, activity.id, document.id, activity.id])
                let config = write.normalisedConfigs[activity.id] ?? activity.config
                try db.execute(
                    sql: """
                        INSERT INTO activity (trajectory_id, id, method, phase, access, config, schedule, archived_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                        ON CONFLICT (trajectory_id, id) DO UPDATE SET
                          method = excluded.method, phase = excluded.phase, access = excluded.access, config = excluded.config,
                          schedule = excluded.schedule, archived_at = NULL
                        """,
                    arguments: [
                        document.id, activity.id, activity.method, activity.phase, activity.access.rawValue,
                        String(decoding: config.jsonBytes(), as: UTF8.self), try StorageJSON.text(write.schedules[activity.id] ?? []),
                    ])
            }
            var detail = ["trajectory": document.id]
            if !archived.isEmpty { detail["archived_activities"] = archived.joined(separator: ",") }
            if !deleted.isEmpty { detail["removed_activities"] = deleted.joined(separator: ",") }
            try AuditLog.record(
                db, at: at, actor: actor, action: exists ? .trajectoryUpdate : .trajectoryCreate, workspace: slug, detail: detail)
        }
    }

    public func setTrajectoryStatus(_ slug: WorkspaceSlug, _ id: String, _ status: TrajectoryStatus, by actor: AuditActor) async throws
        -> StoredTrajectory
    {
        defer { changed(slug) }
        let at = timestamp()
        return try await write(slug) { db -> StoredTrajectory in
            guard let previous = try String.fetchOne(db, sql: "SELECT status FROM trajectory WHERE id = ?", arguments: [id]) else {
                throw Self.trajectoryNotFound(slug, id)
            }
            if previous != status.rawValue {
                try db.execute(
                    sql: "UPDATE trajectory SET status = ?, updated_at = ?, closed_at = ? WHERE id = ?",
                    arguments: [status.rawValue, at, status == .closed ? at : nil, id])
                try AuditLog.record(
                    db, at: at, actor: actor, action: .trajectoryStatus, workspace: slug,
                    detail: ["trajectory": id, "from": previous, "to": status.rawValue])
            }
            return try Self.loadTrajectory(db, id)!
        }
    }

    public func setReflection(_ slug: WorkspaceSlug, _ id: String, _ reflection: PhaseReflection, by actor: AuditActor) async throws
        -> StoredTrajectory
    {
        let at = timestamp()
        let stored = try await write(slug) { db -> StoredTrajectory in
            guard let current = try Self.loadTrajectory(db, id) else { throw Self.trajectoryNotFound(slug, id) }
            guard current.plan.phases.contains(where: { $0.id == reflection.phase }) else {
                throw StorageError(
                    .phaseNotFound,
                    "trajectory \(id) has no phase \"\(reflection.phase)\"; its phases are \(current.plan.phases.map(\.id).joined(separator: ", "))"
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO phase_reflection (trajectory_id, phase_id, went_well, to_change, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (trajectory_id, phase_id) DO UPDATE SET
                      went_well = excluded.went_well, to_change = excluded.to_change, updated_at = excluded.updated_at
                    """, arguments: [id, reflection.phase, reflection.wentWell, reflection.toChange, at])
            try AuditLog.record(
                db, at: at, actor: actor, action: .trajectoryReflection, workspace: slug,
                detail: ["trajectory": id, "phase": reflection.phase])
            return try Self.loadTrajectory(db, id)!
        }
        return stored
    }

    public func activity(_ slug: WorkspaceSlug, trajectory: String?, id: String) async throws -> StoredActivity {
        try await read(slug) { db in
            var sql = """
                SELECT a.*, (SELECT COUNT(*) FROM contribution c WHERE c.trajectory_id = a.trajectory_id AND c.activity_id = a.id) AS n
                FROM activity a WHERE a.id = ? AND a.archived_at IS NULL
                """
            var arguments: StatementArguments = [id]
            if let trajectory {
                sql += " AND a.trajectory_id = ?"
                arguments += [trajectory]
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            guard let row = rows.first else {
                let scope = trajectory.map { "trajectory \($0) of " } ?? ""
                throw StorageError(
                    .activityNotFound,
                    "\(scope)workspace \(slug) has no activity \"\(id)\"; list them with `stipctl get trajectory \(slug)/<id>`")
            }
            guard rows.count == 1 else {
                let owners = rows.map { $0["trajectory_id"] as String }.sorted()
                throw StorageError(
                    .activityAmbiguous,
                    "several trajectories have an activity \"\(id)\" (\(owners.joined(separator: ", "))); name it as \(slug)/\(owners[0])/\(id)"
                )
            }
            return try Self.activity(row)
        }
    }

    // MARK: - Loading

    static func loadTrajectory(_ db: Database, _ id: String) throws -> StoredTrajectory? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM trajectory WHERE id = ?", arguments: [id]) else { return nil }
        var plan = try StorageJSON.decode(TrajectoryPlan.self, row["document"])
        let status = TrajectoryStatus(rawValue: row["status"]) ?? .draft
        plan.status = status
        let reflections = try Row.fetchAll(
            db, sql: "SELECT * FROM phase_reflection WHERE trajectory_id = ?", arguments: [id]
        ).map { PhaseReflection(phase: $0["phase_id"], wentWell: $0["went_well"], toChange: $0["to_change"], updatedAt: $0["updated_at"]) }
        let order = Dictionary(uniqueKeysWithValues: plan.phases.enumerated().map { ($1.id, $0) })
        let activities = try Row.fetchAll(
            db,
            sql: """
                SELECT a.*, (SELECT COUNT(*) FROM contribution c WHERE c.trajectory_id = a.trajectory_id AND c.activity_id = a.id) AS n
                FROM activity a WHERE a.trajectory_id = ? ORDER BY a.id
                """, arguments: [id]
        ).map(activity)
        return StoredTrajectory(
            plan: plan, status: status,
            reflections: reflections.sorted { (order[$0.phase] ?? .max) < (order[$1.phase] ?? .max) },
            activities: activities, createdAt: row["created_at"], updatedAt: row["updated_at"], closedAt: row["closed_at"])
    }

    static func activity(_ row: Row) throws -> StoredActivity {
        var activity = StoredActivity(
            trajectory: row["trajectory_id"], id: row["id"], method: row["method"], phase: row["phase"],
            access: ActivityAccess(rawValue: row["access"]) ?? .open, config: try StorageJSON.value(row["config"]),
            archived: (row["archived_at"] as Date?) != nil, contributions: row["n"])
        activity.schedule = try StorageJSON.decode([ActivitySession].self, row["schedule"] ?? "[]")
        return activity
    }

    static func trajectoryNotFound(_ slug: WorkspaceSlug, _ id: String) -> StorageError {
        StorageError(
            .trajectoryNotFound, "workspace \(slug) has no trajectory \"\(id)\"; list them with `stipctl get trajectories \(slug)`")
    }
}
