import GRDB
import StipDomain

extension SQLiteWorkspaceStore {
    /// Runs `body` in a write transaction of the workspace's database. A change records its audit entry
    /// inside `body` (``AuditLog/record(_:at:actor:action:workspace:detail:)``), so both commit or neither does.
    func write<T: Sendable>(_ slug: WorkspaceSlug, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withDatabase(slug) { database in try await database.writer.write(body) }
    }

    /// Runs `body` on a read snapshot of the workspace's database.
    func read<T: Sendable>(_ slug: WorkspaceSlug, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withDatabase(slug) { database in try await database.writer.read(body) }
    }
}
