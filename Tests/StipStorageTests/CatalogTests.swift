import Foundation
import GRDB
import StipDomain
import StipStorage
import Testing

@Suite("catalog and workspace databases", .timeLimit(.minutes(3)))
struct CatalogTests {
    let admin = AuditActor(uid: 1000, pid: 42)

    func draft(_ slug: String) throws -> WorkspaceDraft {
        try WorkspaceDraft(slug: slug, name: "Gemeente \(slug)", cbsCode: nil, timeZone: nil, locale: nil)
    }

    @Test("creating a workspace migrates its own database file and records who did it")
    func createMigratesAndAudits() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let created = try await store.createWorkspace(try draft("utrecht"), by: admin)
        #expect(created.state == .active)
        #expect(created.timeZone == "Europe/Amsterdam")

        let file = temp.dataDirectory.databaseURL(for: created.slug)
        let queue = try DatabaseQueue(path: file.path)
        let applied = try await queue.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.first == "2026-11-29-workspace-info" && applied.last == WorkspaceSchema.latestVersion)
        let recorded = try await queue.read { db in try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'slug'") }
        #expect(recorded == "utrecht")
        let mode = try await queue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        try queue.close()

        let audit = try await store.auditEntries(workspace: created.slug, limit: 10)
        #expect(audit.map(\.action) == ["workspace.create"])
        #expect(audit.first?.uid == 1000 && audit.first?.pid == 42)

        await #expect(throws: StorageError.self) { try await store.createWorkspace(try draft("utrecht"), by: admin) }
        await store.close()
    }

    @Test("a catalog written by a newer Stip is refused with a clear error")
    func newerCatalogRefused() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        await store.close()
        let queue = try DatabaseQueue(path: temp.dataDirectory.catalogURL.path)
        try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01-from-the-future')")
        }
        try queue.close()
        do {
            _ = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
            Issue.record("a newer catalog was accepted")
        } catch {
            #expect(error.code == .schemaTooNew)
            #expect(error.message.contains("newer version of Stip"))
        }
    }

    @Test("a workspace database written by a newer Stip is refused when opened")
    func newerWorkspaceRefused() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let slug = try await store.createWorkspace(try draft("delft"), by: admin).slug
        await store.close()
        let queue = try DatabaseQueue(path: temp.dataDirectory.databaseURL(for: slug).path)
        try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01-from-the-future')")
        }
        try queue.close()
        let reopened = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        await #expect(throws: StorageError.self) { try await reopened.withDatabase(slug) { _ in } }
        await reopened.close()
    }

    @Test("update reports only real changes; suspend and resume are idempotent")
    func updateAndStates() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let slug = try await store.createWorkspace(try draft("gouda"), by: admin).slug
        let changes = try WorkspaceChanges(name: "Gemeente Gouda", cbsCode: .some("GM0513"), timeZone: nil, locale: "en")
        let updated = try await store.updateWorkspace(slug, changes, by: admin)
        #expect(updated.cbsCode?.rawValue == "GM0513" && updated.locale == .en)
        _ = try await store.updateWorkspace(slug, changes, by: admin)
        _ = try await store.setState(slug, to: .suspended, by: admin)
        _ = try await store.setState(slug, to: .suspended, by: admin)
        _ = try await store.setState(slug, to: .active, by: admin)
        let actions = try await store.auditEntries(workspace: slug, limit: 10).map(\.action)
        #expect(actions == ["workspace.resume", "workspace.suspend", "workspace.update", "workspace.create"])
        let counts = try await store.stateCounts()
        #expect(counts[.active] == 1 && counts[.suspended] == 0)
        await store.close()
    }
}
