import Foundation
import GRDB
import CoreMetrics
import StipDomain

/// Keeps at most `maxOpen` workspace databases open, least recently used first out.
///
/// A database that is leased (in use by a request) is never closed; when all open
/// databases are in use the cache grows past its bound and shrinks again as leases end.
/// Each file is opened by one pool only ("connect to a file only once").
actor WorkspaceDatabaseCache {
    private struct Entry {
        var database: WorkspaceDatabase
        var leases: Int
        var lastUse: UInt64
    }

    private let directory: DataDirectory
    private var entries: [WorkspaceSlug: Entry] = [:] {
        didSet { if entries.count != oldValue.count { StorageMetrics.openDatabases.record(entries.count) } }
    }
    private var opening: [WorkspaceSlug: Task<WorkspaceDatabase, any Error>] = [:]
    private var closing: [WorkspaceSlug: Task<Void, Never>] = [:]
    private var exclusive: Set<WorkspaceSlug> = []
    private var idleWaiters: [WorkspaceSlug: [CheckedContinuation<Void, Never>]] = [:]
    private var useCounter: UInt64 = 0
    private(set) var maxOpen: Int

    init(directory: DataDirectory, maxOpen: Int) {
        self.directory = directory
        self.maxOpen = max(1, maxOpen)
    }

    /// The slugs whose databases are open now, for tests and health output.
    var openSlugs: Set<WorkspaceSlug> { Set(entries.keys) }

    /// Changes the bound (SIGHUP) and closes idle databases above it.
    func setMaxOpen(_ value: Int) async {
        maxOpen = max(1, value)
        await evictIdleOverflow()
    }

    /// Runs `body` with the workspace's database leased: it stays open until `body` returns.
    func withDatabase<T: Sendable>(
        _ slug: WorkspaceSlug, _ body: @Sendable (WorkspaceDatabase) async throws -> T
    ) async throws -> T {
        let database = try await lease(slug)
        do {
            let result = try await body(database)
            await release(slug)
            return result
        } catch {
            await release(slug)
            throw error
        }
    }

    /// Waits until nobody uses the workspace, closes its database and runs `body` while new
    /// leases are refused — for operations on the file itself (delete).
    func withExclusiveAccess<T: Sendable>(_ slug: WorkspaceSlug, _ body: @Sendable () async throws -> T) async throws -> T {
        guard !exclusive.contains(slug) else {
            throw StorageError(.workspaceUnavailable, "workspace \"\(slug)\" is busy with another file operation; try again")
        }
        exclusive.insert(slug)
        defer { exclusive.remove(slug) }
        if let task = opening[slug] { _ = try? await task.value }
        while let entry = entries[slug], entry.leases > 0 {
            await withCheckedContinuation { idleWaiters[slug, default: []].append($0) }
        }
        await close(slug)
        return try await body()
    }

    /// Creates, migrates and opens the database of a new workspace.
    /// - Throws: `workspace_exists` when a file is already there.
    func create(_ slug: WorkspaceSlug) async throws {
        let url = directory.databaseURL(for: slug)
        guard entries[slug] == nil, opening[slug] == nil, !FileManager.default.fileExists(atPath: url.path) else {
            throw StorageError(.workspaceExists, "a database file for workspace \"\(slug)\" exists already (\(url.path))")
        }
        let database = try await BlockingIO.run { try WorkspaceDatabase.open(slug: slug, at: url, create: true) }
        useCounter += 1
        entries[slug] = Entry(database: database, leases: 0, lastUse: useCounter)
        await evictIdleOverflow()
    }

    /// Closes and removes the database of a workspace whose creation failed.
    func discard(_ slug: WorkspaceSlug) async {
        await close(slug)
        let path = directory.databaseURL(for: slug).path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Closes every database (shutdown).
    func closeAll() async {
        for slug in Array(entries.keys) { await close(slug) }
        for task in closing.values { await task.value }
    }

    // MARK: - Leases

    private func lease(_ slug: WorkspaceSlug) async throws -> WorkspaceDatabase {
        while true {
            if exclusive.contains(slug) {
                throw StorageError(.workspaceUnavailable, "workspace \"\(slug)\" is being moved or deleted; try again")
            }
            if let pending = closing[slug] {
                await pending.value
                // Clear it here too: awaiting a finished task does not suspend, so waiting for
                // `close` to clear it would spin on this actor and never let `close` resume.
                if closing[slug] == pending { closing[slug] = nil }
                continue
            }
            if var entry = entries[slug] {
                useCounter += 1
                entry.leases += 1
                entry.lastUse = useCounter
                entries[slug] = entry
                return entry.database
            }
            if let task = opening[slug] {
                let database = try await task.value
                if opening[slug] == task { opening[slug] = nil }
                if entries[slug] == nil, !exclusive.contains(slug) {
                    // Claim the lease at once: an unleased newcomer could be evicted before it is used.
                    useCounter += 1
                    entries[slug] = Entry(database: database, leases: 1, lastUse: useCounter)
                    await evictIdleOverflow()
                    return database
                }
                continue
            }
            let url = directory.databaseURL(for: slug)
            StorageMetrics.opens.increment()
            opening[slug] = Task {
                try await BlockingIO.run { try WorkspaceDatabase.open(slug: slug, at: url) }
            }
        }
    }

    private func release(_ slug: WorkspaceSlug) async {
        guard var entry = entries[slug] else { return }
        entry.leases -= 1
        entries[slug] = entry
        if entry.leases == 0 {
            for waiter in idleWaiters.removeValue(forKey: slug) ?? [] { waiter.resume() }
            await evictIdleOverflow()
        }
    }

    // MARK: - Eviction

    private func evictIdleOverflow() async {
        while entries.count > maxOpen {
            let idle = entries.filter { $0.value.leases == 0 }
            guard let victim = idle.min(by: { $0.value.lastUse < $1.value.lastUse })?.key else { return }
            StorageMetrics.evictions.increment()
            await close(victim)
        }
    }

    private func close(_ slug: WorkspaceSlug) async {
        guard let entry = entries.removeValue(forKey: slug) else {
            if let pending = closing[slug] { await pending.value }
            return
        }
        let task = Task {
            _ = try? await BlockingIO.run { try entry.database.writer.close() }
        }
        closing[slug] = task
        await task.value
        if closing[slug] == task { closing[slug] = nil }
    }
}
