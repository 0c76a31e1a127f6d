import Crypto
import Foundation
import GRDB
public import StipDomain

// MARK: - Node backup: the catalog, each workspace database and the key, copied while the daemon serves.

extension SQLiteWorkspaceStore {
    /// An online copy of the catalog listing only the workspaces in `only` (never a deleted one: its file is
    /// in the trash, not in a backup), so that a restore finds a database for each workspace its catalog lists.
    /// The audit log is kept whole.
    public func backupCatalog(only: Set<WorkspaceSlug>, by actor: AuditActor) async throws -> BackupFile {
        let kept = only.map(\.rawValue).sorted()
        try await catalog.write { db in
            try AuditLog.record(
                db, at: self.timestamp(), actor: actor, action: .nodeBackup, workspace: nil,
                detail: ["workspaces": kept.joined(separator: ",")])
        }
        let copy = directory.temporaryURL.appending(path: "backup-catalog-\(UUID().uuidString.lowercased()).sqlite")
        let catalog = self.catalog
        do {
            try await BlockingIO.run {
                let destination = try DatabaseQueue(path: copy.path)
                try catalog.backup(to: destination)
                try destination.write { db in
                    try db.execute(
                        sql: "DELETE FROM workspace WHERE state = 'deleted' OR slug NOT IN (\(databaseQuestionMarks(count: kept.count)))",
                        arguments: StatementArguments(kept))
                    try db.execute(sql: "DELETE FROM workspace_method WHERE workspace NOT IN (SELECT slug FROM workspace)")
                }
                try destination.close()
            }
            return try await Self.describe(copy, schemaVersion: CatalogSchema.migrator.migrations.last)
        } catch {
            try? FileManager.default.removeItem(at: copy)
            throw error
        }
    }

    /// An online copy (SQLite's backup API) of one workspace's database, taken while it keeps serving.
    public func backupWorkspace(_ slug: WorkspaceSlug) async throws -> BackupFile {
        let workspace = try await self.workspace(slug)
        try Self.refuseDeleted(workspace)
        let copy = directory.temporaryURL.appending(path: "backup-\(slug)-\(UUID().uuidString.lowercased()).sqlite")
        do {
            let version = try await cache.withDatabase(slug) { database in
                try await BlockingIO.run {
                    let destination = try DatabaseQueue(path: copy.path)
                    try database.writer.backup(to: destination)
                    let version = try destination.read { db in
                        try String.fetchOne(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid DESC LIMIT 1")
                    }
                    try destination.close()
                    return version
                }
            }
            return try await Self.describe(copy, schemaVersion: version)
        } catch {
            try? FileManager.default.removeItem(at: copy)
            throw error
        }
    }

    /// A copy of `public-pages.key`, which signs the resident pages' cookies and form tokens.
    public func backupPublicKey() async throws -> BackupFile {
        let copy = directory.temporaryURL.appending(path: "backup-key-\(UUID().uuidString.lowercased())")
        let source = directory.publicKeyURL
        do {
            try await BlockingIO.run {
                let bytes = try Data(contentsOf: source)
                _ = FileManager.default.createFile(atPath: copy.path, contents: bytes, attributes: [.posixPermissions: 0o600])
            }
            return try await Self.describe(copy, schemaVersion: nil)
        } catch {
            try? FileManager.default.removeItem(at: copy)
            throw StorageError(.dataDirectoryUnusable, "cannot read \(source.path): \(DataDirectory.reason(error))")
        }
    }

    public func dataDirectorySpace() -> (available: Int64, total: Int64)? {
        directory.space()
    }

    /// Size and SHA-256 of a file, read in chunks.
    static func describe(_ url: URL, schemaVersion: String?) async throws -> BackupFile {
        try await BlockingIO.run {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var hash = SHA256()
            var size: Int64 = 0
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hash.update(data: chunk)
                size += Int64(chunk.count)
            }
            return BackupFile(file: url, size: size, sha256: Data(hash.finalize()), schemaVersion: schemaVersion)
        }
    }
}
