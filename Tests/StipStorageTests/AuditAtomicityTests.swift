import Foundation
import GRDB
import StipDomain
import StipJSON
import StipStorage
import Testing

/// A change and its audit entry are one transaction: both are stored or neither is.
@Suite("audit in the transaction of its change", .timeLimit(.minutes(3)))
struct AuditAtomicityTests {
    /// Makes every insert into a database's audit log fail, as a crash between change and audit would stop it.
    static func breakAudit(_ url: URL) throws {
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TRIGGER injected_crash BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'injected crash'); END")
        }
        try queue.close()
    }

    static func mendAudit(_ url: URL) throws {
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in try db.execute(sql: "DROP TRIGGER injected_crash") }
        try queue.close()
    }

    /// The same, in a workspace's database, through the store's own connection.
    static func setAuditBroken(_ broken: Bool, in f: ParticipationFixture) async throws {
        try await f.store.withDatabase(f.slug) { database in
            try await database.writer.write { db in
                try db.execute(
                    sql: broken
                        ? "CREATE TRIGGER injected_crash BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'injected crash'); END"
                        : "DROP TRIGGER injected_crash")
            }
        }
    }

    @Test("a workspace change whose audit entry cannot be written leaves no trace; with the log mended, both are there")
    func workspaceChange() async throws {
        let f = try await ParticipationFixture()
        try await Self.setAuditBroken(true, in: f)

        await #expect(throws: (any Error).self) { try await f.participant("p-kept-out") }
        await #expect(throws: (any Error).self) { try await f.contribute("kickoff-workshop") }
        let afterCrash = try await f.store.contributions(f.slug, ContributionFilter())
        #expect(afterCrash.isEmpty, "a contribution was stored without its audit entry")
        await #expect(throws: StorageError.self) {
            try await f.store.exportParticipant(f.slug, "p-kept-out", by: ParticipationFixture.admin)
        }

        try await Self.setAuditBroken(false, in: f)
        let stored = try await f.contribute("kickoff-workshop")
        let entries = try await f.store.auditEntries(workspace: f.slug, limit: 10)
        #expect(entries.first?.action == "contribution.add")
        #expect(entries.first?.id.hasPrefix("\(f.slug):") == true)
        #expect(entries.first?.detail["activity"] == "kickoff-workshop")
        #expect(try await f.store.contribution(f.slug, stored.id).id == stored.id)
    }

    @Test("a node change whose audit entry cannot be written leaves no trace, and no workspace file")
    func catalogChange() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        await store.close()
        try Self.breakAudit(temp.dataDirectory.catalogURL)
        let broken = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let draft = try WorkspaceDraft(slug: "utrecht", name: "Gemeente Utrecht", cbsCode: nil, timeZone: nil, locale: nil)
        await #expect(throws: (any Error).self) { try await broken.createWorkspace(draft, by: .daemon) }
        #expect(try await broken.workspaces(in: Set(WorkspaceState.allCases)).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: temp.dataDirectory.databaseURL(for: draft.slug).path))
        await broken.close()

        try Self.mendAudit(temp.dataDirectory.catalogURL)
        let mended = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        _ = try await mended.createWorkspace(draft, by: .daemon)
        #expect(try await mended.auditEntries(workspace: draft.slug, limit: 10).map(\.action) == ["workspace.create"])
        await mended.close()
    }

    @Test("the audit log merges the catalog's entries with each workspace's own, newest first")
    func mergedLog() async throws {
        let f = try await ParticipationFixture()
        f.clock.advance(days: 1)
        _ = try await f.participant("p-1")
        f.clock.advance(days: 1)
        _ = try await f.store.setState(f.slug, to: .suspended, by: ParticipationFixture.admin)
        let all = try await f.store.auditEntries(workspace: nil, limit: 10)
        #expect(all.map(\.action) == ["workspace.suspend", "participant.create", "trajectory.create", "workspace.create"])
        #expect(
            all.map { $0.id.split(separator: ":").first.map(String.init) ?? "" } == [
                "catalog", "voorbeeldstad", "voorbeeldstad", "catalog",
            ])
        #expect(all.allSatisfy { $0.workspace == "voorbeeldstad" })
        #expect(try await f.store.auditEntries(workspace: nil, limit: 2).map(\.action) == ["workspace.suspend", "participant.create"])

        // The workspace's own entries travel with it; after deletion the catalog still says it was deleted.
        _ = try await f.store.deleteWorkspace(f.slug, by: ParticipationFixture.admin)
        #expect(try await f.store.auditEntries(workspace: f.slug, limit: 10).map(\.action).first == "workspace.delete")
    }
}
