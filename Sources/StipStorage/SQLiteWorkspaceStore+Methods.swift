import Foundation
import GRDB
public import StipDomain

// MARK: - Per-workspace enablement of participation methods

extension SQLiteWorkspaceStore {
    public func enabledMethods(_ slug: WorkspaceSlug) async throws -> [EnabledMethod] {
        try await catalog.read { db in
            _ = try Self.fetch(slug, db)
            return try Row.fetchAll(
                db, sql: "SELECT method, enabled_at FROM workspace_method WHERE workspace = ? ORDER BY method", arguments: [slug.rawValue]
            )
            .map { EnabledMethod(id: $0["method"], enabledAt: $0["enabled_at"]) }
        }
    }

    public func enableMethod(_ method: String, in slug: WorkspaceSlug, by actor: AuditActor) async throws -> EnabledMethod {
        defer { changed(slug) }
        let at = timestamp()
        return try await catalog.write { db in
            try Self.refuseDeleted(try Self.fetch(slug, db))
            if let existing = try Date.fetchOne(
                db, sql: "SELECT enabled_at FROM workspace_method WHERE workspace = ? AND method = ?", arguments: [slug.rawValue, method])
            {
                return EnabledMethod(id: method, enabledAt: existing)
            }
            try db.execute(
                sql: "INSERT INTO workspace_method (workspace, method, enabled_at) VALUES (?, ?, ?)",
                arguments: [slug.rawValue, method, at])
            try AuditLog.record(db, at: at, actor: actor, action: .methodEnable, workspace: slug, detail: ["method": method])
            return EnabledMethod(id: method, enabledAt: at)
        }
    }

    public func disableMethod(_ method: String, in slug: WorkspaceSlug, by actor: AuditActor) async throws {
        defer { changed(slug) }
        let at = timestamp()
        try await catalog.write { db in
            try Self.refuseDeleted(try Self.fetch(slug, db))
            try db.execute(sql: "DELETE FROM workspace_method WHERE workspace = ? AND method = ?", arguments: [slug.rawValue, method])
            if db.changesCount > 0 {
                try AuditLog.record(db, at: at, actor: actor, action: .methodDisable, workspace: slug, detail: ["method": method])
            }
        }
    }
}

extension SQLiteWorkspaceStore {
    public func recordAudit(action: AuditAction, by actor: AuditActor, detail: [String: String]) async throws {
        let at = timestamp()
        try await catalog.write { db in try AuditLog.record(db, at: at, actor: actor, action: action, workspace: nil, detail: detail) }
    }
}
