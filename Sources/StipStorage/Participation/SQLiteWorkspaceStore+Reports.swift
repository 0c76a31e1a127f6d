import Foundation
import GRDB
public import StipDomain

extension SQLiteWorkspaceStore {
    public func publishReport(_ slug: WorkspaceSlug, trajectory: String, cycle: Int, by actor: AuditActor) async throws -> PublishedReport {
        let at = timestamp()
        return try await write(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            let finished =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM evaluation_cycle WHERE trajectory_id = ? AND number = ? AND state = 'finished'",
                    arguments: [trajectory, cycle]) ?? false
            guard finished else {
                throw StorageError(
                    .cycleNotFound,
                    "trajectory \(trajectory) has no finished cycle \(cycle) to publish (stipctl cycles \(slug)/\(trajectory))")
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO published_report (trajectory_id, cycle, published_at) VALUES (?, ?, ?)",
                arguments: [trajectory, cycle, at])
            try AuditLog.record(
                db, at: at, actor: actor, action: .reportPublish, workspace: slug,
                detail: ["trajectory": trajectory, "cycle": String(cycle)])
            return PublishedReport(trajectory: trajectory, cycle: cycle, publishedAt: at)
        }
    }

    public func unpublishReport(_ slug: WorkspaceSlug, trajectory: String, by actor: AuditActor) async throws -> Bool {
        let at = timestamp()
        return try await write(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            try db.execute(sql: "DELETE FROM published_report WHERE trajectory_id = ?", arguments: [trajectory])
            let removed = db.changesCount > 0
            if removed {
                try AuditLog.record(db, at: at, actor: actor, action: .reportUnpublish, workspace: slug, detail: ["trajectory": trajectory])
            }
            return removed
        }
    }

    public func publishedReport(_ slug: WorkspaceSlug, trajectory: String) async throws -> PublishedReport? {
        try await read(slug) { db in
            try Row.fetchOne(db, sql: "SELECT cycle, published_at FROM published_report WHERE trajectory_id = ?", arguments: [trajectory])
                .map { PublishedReport(trajectory: trajectory, cycle: $0["cycle"], publishedAt: $0["published_at"]) }
        }
    }

    public func setReportTemplate(_ slug: WorkspaceSlug, name: String, text: String, by actor: AuditActor) async throws {
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO report_template (name, body, updated_at) VALUES (?, ?, ?)", arguments: [name, text, at])
            try AuditLog.record(
                db, at: at, actor: actor, action: .reportTemplate, workspace: slug,
                detail: ["template": name, "change": "set", "bytes": String(text.utf8.count)])
        }
    }

    public func removeReportTemplate(_ slug: WorkspaceSlug, name: String, by actor: AuditActor) async throws -> Bool {
        let at = timestamp()
        return try await write(slug) { db in
            try db.execute(sql: "DELETE FROM report_template WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { return false }
            try AuditLog.record(
                db, at: at, actor: actor, action: .reportTemplate, workspace: slug, detail: ["template": name, "change": "removed"])
            return true
        }
    }

    public func reportTemplates(_ slug: WorkspaceSlug) async throws -> [String: String] {
        try await read(slug) { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, body FROM report_template").map { ($0["name"], $0["body"]) })
        }
    }
}
