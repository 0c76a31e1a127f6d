import Foundation
import GRDB
import StipDomain
import StipJSON
import Synchronization

/// The `audit_log` table, which the catalog and every workspace database both have: node changes are
/// written to the catalog's, a workspace's changes to its own, each inside the transaction of its change.
enum AuditLog {
    /// Orders entries of the same second across the logs: times are kept in whole seconds, and the catalog and a
    /// workspace cannot share an autoincrement. Counts up for the life of the process; a restart takes longer
    /// than a second, so entries of different runs are told apart by their time.
    private static let sequence = Atomic<Int64>(0)

    /// Writes one entry in `db`'s audit log; call it inside the transaction that makes the change.
    static func record(
        _ db: Database, at: Date, actor: AuditActor, action: AuditAction, workspace: WorkspaceSlug?, detail: [String: String] = [:]
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, sequence, uid, pid, action, workspace, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                at, sequence.add(1, ordering: .relaxed).newValue, actor.uid.map { Int64($0) }, actor.pid.map { Int64($0) }, action.rawValue,
                workspace?.rawValue, JSONValue.object(detail.mapValues { .string($0) }).jsonText,
            ])
    }

    /// The newest `limit` entries of `db`'s log, newest first, optionally about one workspace.
    /// - Parameter source: names the log in the entries' ids (`catalog`, or the workspace's slug).
    static func newest(_ db: Database, source: String, workspace: WorkspaceSlug?, limit: Int) throws -> [Listed] {
        var sql = "SELECT * FROM audit_log"
        var arguments: StatementArguments = []
        if let workspace {
            sql += " WHERE workspace = ?"
            arguments += [workspace.rawValue]
        }
        sql += " ORDER BY id DESC LIMIT ?"
        // (Within one log the id is the order; `sequence` only orders entries of one second across logs.)
        arguments += [max(1, limit)]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let detail = (try? JSONValue.parse(row["detail"] as String).decode([String: String].self)) ?? [:]
            let uid: Int64? = row["uid"]
            let pid: Int64? = row["pid"]
            let entry = AuditEntry(
                id: "\(source):\(row["id"] as Int64)", at: row["at"], uid: uid.flatMap { UInt32(exactly: $0) },
                pid: pid.flatMap { Int32(exactly: $0) }, action: row["action"], workspace: row["workspace"], detail: detail)
            return Listed(entry: entry, sequence: row["sequence"] ?? 0)
        }
    }

    /// An entry with its place in the process's sequence.
    struct Listed: Sendable {
        var entry: AuditEntry
        var sequence: Int64
    }

    /// Entries from several logs, newest first; within one second, by the process's sequence.
    static func merge(_ lists: [[Listed]], limit: Int) -> [AuditEntry] {
        lists.joined()
            .sorted { a, b in a.entry.at != b.entry.at ? a.entry.at > b.entry.at : a.sequence > b.sequence }
            .prefix(limit).map(\.entry)
    }
}
