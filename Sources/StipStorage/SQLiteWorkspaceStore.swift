public import Foundation
import GRDB
import Synchronization
public import StipDomain

/// The SQLite backend: `catalog.sqlite` lists workspaces and the audit log; each workspace
/// has its own database file under `workspaces/`, opened lazily and kept in a bounded LRU.
public final class SQLiteWorkspaceStore: WorkspaceStore, ParticipationStore {
    /// The data directory this store owns.
    public let directory: DataDirectory
    let catalog: DatabasePool
    let cache: WorkspaceDatabaseCache
    let now: @Sendable () -> Date
    /// Counts changes that readers may cache around (see ``generation(_:)``).
    let generations = Mutex<(all: Int, bySlug: [WorkspaceSlug: Int])>((0, [:]))

    /// Opens the store: creates the directories, migrates the catalog, clears leftovers in `tmp/`.
    /// - Parameters:
    ///   - directory: the data directory.
    ///   - maxOpenWorkspaces: how many workspace databases stay open at once.
    ///   - now: the clock (tests pass their own).
    /// - Throws: `data_directory_unusable`, or `schema_too_new` when the catalog was written by a newer Stip.
    public init(directory: DataDirectory, maxOpenWorkspaces: Int, now: @escaping @Sendable () -> Date = Date.init) throws(StorageError) {
        try directory.prepare()
        self.directory = directory
        self.now = now
        self.cache = WorkspaceDatabaseCache(directory: directory, maxOpen: maxOpenWorkspaces)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        do {
            catalog = try DatabasePool(path: directory.catalogURL.path, configuration: configuration)
        } catch {
            throw StorageError(.dataDirectoryUnusable, "cannot open the catalog \(directory.catalogURL.path): \(error)")
        }
        let migrator = CatalogSchema.migrator
        do {
            if try catalog.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StorageError(
                    .schemaTooNew,
                    "the catalog \(directory.catalogURL.path) was written by a newer version of Stip; run that version, or restore a backup made by this one"
                )
            }
            try migrator.migrate(catalog)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.dataDirectoryUnusable, "cannot migrate the catalog \(directory.catalogURL.path): \(error)")
        }
        directory.clearTemporaryFiles()
    }

    /// A number that changes whenever the workspace's catalog entry, enabled methods or trajectories change
    /// (not with contributions), so that the resident pages can keep what they looked up until it does.
    public func generation(_ slug: WorkspaceSlug) -> Int {
        generations.withLock { $0.all + ($0.bySlug[slug] ?? 0) }
    }

    func changed(_ slug: WorkspaceSlug) {
        generations.withLock { $0.bySlug[slug, default: 0] += 1 }
    }

    func changedAll() {
        generations.withLock { $0.all += 1 }
    }

    /// The current time, truncated to whole seconds so that stored and reported times agree.
    func timestamp() -> Date {
        Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
    }

    // MARK: - Reading

    public func workspaces(in states: Set<WorkspaceState>) async throws -> [Workspace] {
        let names = states.map(\.rawValue)
        return try await catalog.read { db in
            try WorkspaceRecord.filter(names.contains(Column("state"))).order(Column("slug")).fetchAll(db).map { try $0.workspace() }
        }
    }

    public func workspace(_ slug: WorkspaceSlug) async throws -> Workspace {
        try await catalog.read { db in try Self.fetch(slug, db) }
    }

    public func stateCounts() async throws -> [WorkspaceState: Int] {
        try await catalog.read { db in
            var counts = Dictionary(uniqueKeysWithValues: WorkspaceState.allCases.map { ($0, 0) })
            let rows = try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM workspace GROUP BY state")
            for row in rows {
                if let state = WorkspaceState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The newest entries of the catalog's log and of the workspaces' own logs, merged, newest first.
    /// Without `workspace`, every live workspace's log is read (each opened in turn through the LRU).
    public func auditEntries(workspace: WorkspaceSlug?, limit: Int) async throws -> [AuditEntry] {
        var lists = [try await catalog.read { db in try AuditLog.newest(db, source: "catalog", workspace: workspace, limit: limit) }]
        let slugs: [WorkspaceSlug]
        if let workspace {
            // A deleted workspace's own log went to the trash with its database; the catalog still lists its deletion.
            slugs = (try? await self.workspace(workspace)).map { $0.state == .deleted ? [] : [$0.slug] } ?? []
        } else {
            slugs = try await workspaces(in: [.active, .suspended]).map(\.slug)
        }
        for slug in slugs {
            lists.append(try await read(slug) { db in try AuditLog.newest(db, source: slug.rawValue, workspace: nil, limit: limit) })
        }
        return AuditLog.merge(lists, limit: limit)
    }

    // MARK: - Changing

    public func createWorkspace(_ draft: WorkspaceDraft, by actor: AuditActor) async throws -> Workspace {
        defer { changed(draft.slug) }
        let workspace = draft.workspace(createdAt: timestamp())
        let file = directory.databaseURL(for: draft.slug)
        try await catalog.read { db in try Self.refuseTaken(draft.slug, file: file, db) }
        // The file first, the catalog entry after: a create that failed leaves neither an entry nor an audit line,
        // and a create that succeeded has a usable, migrated database.
        try await cache.create(draft.slug)
        do {
            try await catalog.write { db in
                try Self.refuseTaken(draft.slug, file: nil, db)
                try WorkspaceRecord(workspace).save(db)
                try AuditLog.record(
                    db, at: workspace.createdAt, actor: actor, action: .workspaceCreate, workspace: draft.slug,
                    detail: ["name": workspace.name])
            }
        } catch {
            await cache.discard(draft.slug)
            throw error
        }
        return workspace
    }

    /// Refuses a slug held by a live workspace, or whose database file exists without an entry in the catalog.
    static func refuseTaken(_ slug: WorkspaceSlug, file: URL?, _ db: Database) throws {
        if let existing = try WorkspaceRecord.fetchOne(db, key: slug.rawValue), existing.state != WorkspaceState.deleted.rawValue {
            throw StorageError(
                .workspaceExists, "workspace \"\(slug)\" already exists; choose another slug or use `stipctl workspace show \(slug)`")
        }
        if let file, FileManager.default.fileExists(atPath: file.path) {
            throw StorageError(
                .workspaceExists,
                "a database file \(file.path) exists that the catalog does not list; move it away, or restore it with `stipctl workspace import`"
            )
        }
    }

    public func updateWorkspace(_ slug: WorkspaceSlug, _ changes: WorkspaceChanges, by actor: AuditActor) async throws -> Workspace {
        defer { changed(slug) }
        let at = timestamp()
        return try await catalog.write { db in
            var workspace = try Self.fetch(slug, db)
            try Self.refuseDeleted(workspace)
            let changed = changes.apply(to: &workspace)
            guard !changed.isEmpty else { return workspace }
            workspace.updatedAt = at
            try WorkspaceRecord(workspace).update(db)
            try AuditLog.record(
                db, at: at, actor: actor, action: .workspaceUpdate, workspace: slug,
                detail: ["changed": changed.joined(separator: ",")])
            return workspace
        }
    }

    public func setState(_ slug: WorkspaceSlug, to state: WorkspaceState, by actor: AuditActor) async throws -> Workspace {
        defer { changed(slug) }
        precondition(state != .deleted, "use deleteWorkspace")
        let at = timestamp()
        return try await catalog.write { db in
            var workspace = try Self.fetch(slug, db)
            try Self.refuseDeleted(workspace)
            guard workspace.state != state else { return workspace }
            workspace.state = state
            workspace.updatedAt = at
            try WorkspaceRecord(workspace).update(db)
            try AuditLog.record(
                db, at: at, actor: actor, action: state == .suspended ? .workspaceSuspend : .workspaceResume,
                workspace: slug)
            return workspace
        }
    }

    public func setMaxOpenWorkspaces(_ count: Int) async {
        await cache.setMaxOpen(count)
    }

    /// The slugs whose databases are open now.
    public func openWorkspaceSlugs() async -> Set<WorkspaceSlug> {
        await cache.openSlugs
    }

    /// Runs `body` with the workspace's database held open.
    ///
    /// The caller has resolved the workspace (``StipParticipation``'s resolver): storage does not look it up
    /// again. A workspace deleted meanwhile has no database file any more, and opening it fails rather than
    /// creating an empty one.
    /// - Throws: `workspace_unavailable`, `schema_too_new`.
    public func withDatabase<T: Sendable>(_ slug: WorkspaceSlug, _ body: @Sendable (WorkspaceDatabase) async throws -> T) async throws -> T
    {
        try await cache.withDatabase(slug, body)
    }

    public func makeIncomingArchiveURL() throws -> URL {
        directory.temporaryURL.appending(path: "incoming-\(UUID().uuidString.lowercased()).tar")
    }

    public func close() async {
        await cache.closeAll()
        try? catalog.close()
    }

    // MARK: - Helpers shared with the archive operations

    static func fetch(_ slug: WorkspaceSlug, _ db: Database) throws -> Workspace {
        guard let record = try WorkspaceRecord.fetchOne(db, key: slug.rawValue) else { throw StorageError.notFound(slug) }
        return try record.workspace()
    }

    static func refuseDeleted(_ workspace: Workspace) throws {
        if workspace.state == .deleted {
            throw StorageError(
                .workspaceDeleted, "workspace \"\(workspace.slug)\" has been deleted; its files are in the trash of the data directory")
        }
    }

    /// A compact UTC timestamp for file names, e.g. `20261129T101500Z`.
    static func fileStamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        return formatter.string(from: date).replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
    }
}
