public import GRDB
import Foundation
public import StipDomain

/// One workspace's SQLite database: a WAL `DatabasePool` with `synchronous=FULL`,
/// so that whatever has been acknowledged survives a power cut.
public struct WorkspaceDatabase: Sendable {
    /// The slug the file belongs to.
    public let slug: WorkspaceSlug
    /// The connection pool. One per file for the life of the process (owned by the cache).
    public let writer: DatabasePool

    /// Opens and migrates the database at `url`; creates it only when `create` is set (a new workspace).
    /// - Throws: `schema_too_new` when the file was written by a newer Stip, `workspace_unavailable` when it
    ///   cannot be opened or does not exist (deleted meanwhile, or moved away by hand).
    static func open(slug: WorkspaceSlug, at url: URL, create: Bool = false, maxReaders: Int = 4) throws(StorageError) -> WorkspaceDatabase
    {
        guard create || FileManager.default.fileExists(atPath: url.path) else {
            throw StorageError(
                .workspaceUnavailable,
                "the database of workspace \"\(slug)\" is missing (\(url.path)); it was deleted meanwhile, or restore it from a backup")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = maxReaders
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
        } catch {
            throw StorageError(.workspaceUnavailable, "cannot open the database of workspace \"\(slug)\" at \(url.path): \(error)")
        }
        try migrate(pool, slug: slug, path: url.path)
        return WorkspaceDatabase(slug: slug, writer: pool)
    }

    /// Migrates `writer` to the newest schema after refusing a database from a newer Stip.
    static func migrate(_ writer: any DatabaseWriter, slug: WorkspaceSlug, path: String) throws(StorageError) {
        let migrator = WorkspaceSchema.migrator
        do {
            let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded {
                throw StorageError(
                    .schemaTooNew,
                    "the database of workspace \"\(slug)\" (\(path)) was written by a newer version of Stip; upgrade stipd or restore a backup made by this version"
                )
            }
            try migrator.migrate(writer)
            try writer.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO workspace_info (key, value) VALUES ('slug', ?)", arguments: [slug.rawValue])
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.workspaceUnavailable, "cannot migrate the database of workspace \"\(slug)\" (\(path)): \(error)")
        }
    }
}
