import Foundation
import GRDB
import StipDomain
import StipJSON

/// JSON columns: documents in, documents out, with stable key order.
enum StorageJSON {
    static func text(_ value: some Encodable) throws -> String {
        try JSONValue(encoding: value).jsonText
    }

    /// A list of strings as JSON, without a JSONEncoder (it runs for every stored response).
    static func strings(_ strings: [String]) -> String {
        String(decoding: JSONValue.array(strings.map { .string($0) }).jsonBytes(), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONValue.parse(text).decode(T.self)
    }

    static func value(_ text: String) throws -> JSONValue {
        try JSONValue.parse(text)
    }
}

extension SQLiteWorkspaceStore {
    /// Runs `body` in a write transaction of the workspace's database.
    func write<T: Sendable>(_ slug: WorkspaceSlug, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withDatabase(slug) { database in try await database.writer.write(body) }
    }

    /// Runs `body` on a read snapshot of the workspace's database.
    func read<T: Sendable>(_ slug: WorkspaceSlug, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withDatabase(slug) { database in try await database.writer.read(body) }
    }

    /// Records a committed change in the audit log.
    func audit(_ slug: WorkspaceSlug, _ action: String, by actor: AuditActor, _ detail: [String: String] = [:]) async throws {
        let at = timestamp()
        try await catalog.write { db in try Self.audit(db, at: at, actor: actor, action: action, workspace: slug, detail: detail) }
    }
}
