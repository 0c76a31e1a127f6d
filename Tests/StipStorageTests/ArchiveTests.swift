import Foundation
import GRDB
import StipDomain
@testable import StipStorage
import Testing

@Suite("export, import, delete and trash", .timeLimit(.minutes(3)))
struct ArchiveTests {
    let admin = AuditActor(uid: 1000, pid: 42)

    @Test("export → delete → import gives back identical content")
    func roundTrip() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let draft = try WorkspaceDraft(
            slug: "utrecht", name: "Gemeente Utrecht", cbsCode: "GM0344", timeZone: "Europe/Amsterdam", locale: "nl")
        let original = try await store.createWorkspace(draft, by: admin)
        try await store.withDatabase(original.slug) { database in
            try await database.writer.write { db in
                for i in 0..<500 {
                    try db.execute(
                        sql: "INSERT INTO workspace_info (key, value) VALUES (?, ?)",
                        arguments: ["k\(i)", String(repeating: "ë", count: i)])
                }
            }
        }
        let before = try await contents(of: original.slug, in: store)

        let export = try await store.exportWorkspace(original.slug, by: admin)
        #expect(export.suggestedName.hasPrefix("utrecht-") && export.suggestedName.hasSuffix(".tar"))
        let kept = temp.url.appending(path: "kept.tar")
        try FileManager.default.copyItem(at: export.file, to: kept)
        try FileManager.default.removeItem(at: export.file)

        await #expect(throws: StorageError.self) { try await store.importWorkspace(from: kept, by: admin) }

        let deleted = try await store.deleteWorkspace(original.slug, by: admin)
        #expect(deleted.workspace.state == .deleted)
        #expect(FileManager.default.fileExists(atPath: temp.dataDirectory.root.appending(path: deleted.trash.database).path))
        #expect(FileManager.default.fileExists(atPath: temp.dataDirectory.root.appending(path: deleted.trash.export).path))

        let restored = try await store.importWorkspace(from: kept, by: admin)
        #expect(restored.slug == original.slug)
        #expect(restored.name == original.name && restored.cbsCode == original.cbsCode && restored.createdAt == original.createdAt)
        #expect(restored.state == .active)
        #expect(try await contents(of: original.slug, in: store) == before)
        await store.close()
    }

    @Test("garbage, truncated and foreign archives are refused as invalid_archive")
    func invalidArchives() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let garbage = temp.url.appending(path: "garbage.tar")
        try Data(repeating: 0x41, count: 2048).write(to: garbage)
        await expectCode(.invalidArchive) { try await store.importWorkspace(from: garbage, by: admin) }

        let draft = try WorkspaceDraft(slug: "delft", name: "Delft", cbsCode: nil, timeZone: nil, locale: nil)
        let slug = try await store.createWorkspace(draft, by: admin).slug
        let export = try await store.exportWorkspace(slug, by: admin)
        let data = try Data(contentsOf: export.file)
        let truncated = temp.url.appending(path: "truncated.tar")
        try data.prefix(data.count / 2).write(to: truncated)
        _ = try await store.deleteWorkspace(slug, by: admin)
        await expectCode(.invalidArchive) { try await store.importWorkspace(from: truncated, by: admin) }
        #expect(try await store.workspaces(in: [.active]).isEmpty, "nothing of a failed import is left behind")
        await store.close()
    }

    /// Found by `make drills` (fuzzing the archive reader): a manifest missing a field was refused with Swift's
    /// `DecodingError.keyNotFound(…)` dump instead of a sentence.
    @Test("a manifest missing a field is refused naming the field, in words")
    func manifestMissingAField() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let slug = try await store.createWorkspace(
            try WorkspaceDraft(slug: "gouda", name: "Gouda", cbsCode: nil, timeZone: nil, locale: nil), by: admin
        ).slug
        let export = try await store.exportWorkspace(slug, by: admin)
        _ = try await store.deleteWorkspace(slug, by: admin)
        let folder = temp.url.appending(path: "members", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let members = try TarArchive.extract(
            from: export.file, wanted: [ArchiveManifest.manifestMember, ArchiveManifest.databaseMember], into: folder, maxMemberSize: .max)
        let manifest = try #require(members[ArchiveManifest.manifestMember])
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"schema_version\"", with: "\"schema\"").write(to: manifest, atomically: true, encoding: .utf8)
        let archive = temp.url.appending(path: "no-schema-version.tar")
        try TarArchive.write(
            [
                (ArchiveManifest.manifestMember, manifest),
                (ArchiveManifest.databaseMember, try #require(members[ArchiveManifest.databaseMember])),
            ],
            to: archive, modified: Date())
        do {
            _ = try await store.importWorkspace(from: archive, by: admin)
            Issue.record("an archive without schema_version was imported")
        } catch let error as StorageError {
            #expect(error.code == .invalidArchive)
            #expect(error.message.contains(#"missing field "schema_version""#), "\(error.message)")
            #expect(!error.message.contains("DecodingError"), "\(error.message)")
        }
        await store.close()
    }

    @Test("an archive whose database is not a Stip workspace — any SQLite file, or Stip's with tables of its own — is invalid_archive")
    func foreignDatabases() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let draft = try WorkspaceDraft(slug: "leiden", name: "Leiden", cbsCode: nil, timeZone: nil, locale: nil)
        let slug = try await store.createWorkspace(draft, by: admin).slug
        let export = try await store.exportWorkspace(slug, by: admin)
        _ = try await store.deleteWorkspace(slug, by: admin)

        /// The export with its database replaced by what `change` makes of a copy of it.
        func rewrapped(_ name: String, _ change: (URL) throws -> Void) throws -> URL {
            let folder = temp.url.appending(path: name, directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let members = try TarArchive.extract(
                from: export.file, wanted: [ArchiveManifest.manifestMember, ArchiveManifest.databaseMember], into: folder,
                maxMemberSize: .max)
            let database = try #require(members[ArchiveManifest.databaseMember])
            try change(database)
            let archive = temp.url.appending(path: "\(name).tar")
            try TarArchive.write(
                [
                    (ArchiveManifest.manifestMember, try #require(members[ArchiveManifest.manifestMember])),
                    (ArchiveManifest.databaseMember, database),
                ], to: archive, modified: Date())
            return archive
        }

        let foreign = try rewrapped("foreign") { database in
            try FileManager.default.removeItem(at: database)
            let queue = try DatabaseQueue(path: database.path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
                try db.execute(sql: "INSERT INTO notes (text) VALUES ('not a workspace')")
            }
            try queue.close()
        }
        await expectCode(.invalidArchive) { try await store.importWorkspace(from: foreign, by: admin) }

        let extra = try rewrapped("extra") { database in
            let queue = try DatabaseQueue(path: database.path)
            try queue.write { db in try db.execute(sql: "CREATE TABLE payroll (id INTEGER PRIMARY KEY, amount INTEGER)") }
            try queue.close()
        }
        do {
            _ = try await store.importWorkspace(from: extra, by: admin)
            Issue.record("a database with a foreign table was imported")
        } catch let error as StorageError {
            #expect(error.code == .invalidArchive && error.message.contains("payroll"), "\(error.message)")
        }
        #expect(try await store.workspaces(in: [.active]).isEmpty, "nothing of a refused import is left behind")

        // The untouched export still imports.
        let untouched = try rewrapped("untouched") { _ in }
        #expect(try await store.importWorkspace(from: untouched, by: admin).slug == slug)
        await store.close()
    }

    @Test("a slug deleted, imported and deleted again within one second gets its own trash files each time")
    func deleteTwiceInOneSecond() async throws {
        let temp = try TemporaryDirectory()
        let moment = Date(timeIntervalSince1970: 1_795_000_000)
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4, now: { moment })
        let draft = try WorkspaceDraft(slug: "zwolle", name: "Zwolle", cbsCode: nil, timeZone: nil, locale: nil)
        let slug = try await store.createWorkspace(draft, by: admin).slug
        let first = try await store.deleteWorkspace(slug, by: admin)
        _ = try await store.importWorkspace(from: temp.dataDirectory.root.appending(path: first.trash.export), by: admin)
        let second = try await store.deleteWorkspace(slug, by: admin)
        #expect(second.workspace.state == .deleted)
        #expect(
            second.trash.database != first.trash.database && second.trash.export != first.trash.export, "\(first.trash) \(second.trash)")
        for file in [first.trash.database, first.trash.export, second.trash.database, second.trash.export] {
            #expect(FileManager.default.fileExists(atPath: temp.dataDirectory.root.appending(path: file).path), "\(file)")
        }
        await store.close()
    }

    @Test("purge removes trash older than the retention period only")
    func purge() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 4)
        let draft = try WorkspaceDraft(slug: "gouda", name: "Gouda", cbsCode: nil, timeZone: nil, locale: nil)
        let slug = try await store.createWorkspace(draft, by: admin).slug
        let deleted = try await store.deleteWorkspace(slug, by: admin)
        let old = temp.dataDirectory.root.appending(path: deleted.trash.database)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-40 * 86400)], ofItemAtPath: old.path)
        let removed = try await store.purgeTrash(olderThan: Date().addingTimeInterval(-30 * 86400))
        #expect(removed == [old.lastPathComponent])
        #expect(FileManager.default.fileExists(atPath: temp.dataDirectory.root.appending(path: deleted.trash.export).path))
        // The slug of a deleted workspace can be used again.
        _ = try await store.createWorkspace(draft, by: admin)
        await store.close()
    }

    func contents(of slug: WorkspaceSlug, in store: SQLiteWorkspaceStore) async throws -> [String: String] {
        try await store.withDatabase(slug) { database in
            try await database.writer.read { db in
                Dictionary(
                    uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT key, value FROM workspace_info").map {
                        ($0["key"] as String, $0["value"] as String)
                    })
            }
        }
    }

    func expectCode(_ code: StorageError.Code, _ body: () async throws -> Workspace, sourceLocation: SourceLocation = #_sourceLocation)
        async
    {
        do {
            _ = try await body()
            Issue.record("expected \(code)", sourceLocation: sourceLocation)
        } catch let error as StorageError {
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }
}
