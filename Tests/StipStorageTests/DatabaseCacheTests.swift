import Foundation
import GRDB
import StipDomain
import StipStorage
import Testing

@Suite("bounded LRU of open workspace databases", .timeLimit(.minutes(3)))
struct DatabaseCacheTests {
    @Test("databases in use are never closed; idle ones are closed down to max_open")
    func evictionUnderConcurrentUse() async throws {
        let temp = try TemporaryDirectory()
        let store = try SQLiteWorkspaceStore(directory: temp.dataDirectory, maxOpenWorkspaces: 2)
        var slugs: [WorkspaceSlug] = []
        for index in 0..<6 {
            let draft = try WorkspaceDraft(slug: "gemeente-\(index)", name: "Gemeente \(index)", cbsCode: nil, timeZone: nil, locale: nil)
            slugs.append(try await store.createWorkspace(draft, by: .daemon).slug)
        }
        #expect(await store.openWorkspaceSlugs().count <= 2)

        // Hold all six at once: the bound must give way rather than close a database under a request.
        let barrier = Barrier(count: slugs.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for slug in slugs {
                group.addTask {
                    do {
                        try await store.withDatabase(slug) { database in
                            try await database.writer.write { db in
                                try db.execute(
                                    sql: "INSERT OR REPLACE INTO workspace_info (key, value) VALUES ('touched', ?)",
                                    arguments: [slug.rawValue])
                            }
                            await barrier.arriveAndWait()
                            // Every lease is held here at the same time; each database must still work.
                            let value = try await database.writer.read { db in
                                try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'touched'")
                            }
                            #expect(value == slug.rawValue)
                        }
                    } catch {
                        Issue.record("\(slug): \(error)")
                        await barrier.arriveAndWait()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await store.openWorkspaceSlugs().count == 2)

        // Many rounds of mixed use keep working and keep the bound.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<60 {
                let slug = slugs[round % slugs.count]
                group.addTask {
                    try await store.withDatabase(slug) { database in
                        _ = try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM workspace_info") }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await store.openWorkspaceSlugs().count <= 2)

        await store.setMaxOpenWorkspaces(1)
        #expect(await store.openWorkspaceSlugs().count == 1)
        await store.close()
    }
}

/// Lets a fixed number of tasks wait for each other.
actor Barrier {
    private let count: Int
    private var arrived = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { self.count = count }

    func arriveAndWait() async {
        // Late arrivals (after a failure elsewhere) pass straight through instead of waiting forever.
        guard arrived < count else { return }
        arrived += 1
        if arrived == count {
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }
}
