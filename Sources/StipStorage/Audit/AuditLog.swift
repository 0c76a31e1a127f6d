import Foundation
import GRDB
import StipDomain
import StipJSON

/// The `audit_log` table, which the catalog and every workspace database both have: node changes are
/// written to the catalog's, a workspace's changes to its own, each inside the transaction of its change.
enum AuditLog {
    /// Writes one entry in `db`'s audit log; call it inside the transaction that makes the change.
    static func record(
        _ db: Database, at: Date, actor: AuditActor, action: String, workspace: WorkspaceSlug?, detail: [String: String] = [:]
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, uid, pid, action, workspace, detail) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [
                at, actor.uid.map { Int64($0) }, actor.pid.map { Int64($0) }, action, workspace?.rawValue,
                JSONValue.object(detail.mapValues { .string($0) }).jsonText,
            ])
    }

    /// The newest `limit` entries of `db`'s log, newest first, optionally about one workspace.
    /// - Parameter source: names the log in the entries' ids (`catalog`, or the workspace's slug).
    static func newest(_ db: Database, source: String, workspace: WorkspaceSlug?, limit: Int) throws -> [AuditEntry] {
        var sql = "SELECT * FROM audit_log"
        var arguments: StatementArguments = []
        if let workspace {
            sql += " WHERE workspace = ?"
            arguments += [workspace.rawValue]
        }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [max(1, limit)]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let detail = (try? JSONValue.parse(row["detail"] as String).decode([String: String].self)) ?? [:]
            let uid: Int64? = row["uid"]
            let pid: Int64? = row["pid"]
            return AuditEntry(
                id: "\(source):\(row["id"] as Int64)", at: row["at"], uid: uid.flatMap { UInt32(exactly: $0) },
                pid: pid.flatMap { Int32(exactly: $0) }, action: row["action"], workspace: row["workspace"], detail: detail)
        }
    }

    /// Entries from several logs, newest first; within one second, the order of the sources given.
    static func merge(_ lists: [[AuditEntry]], limit: Int) -> [AuditEntry] {
        let indexed = lists.enumerated().flatMap { source, entries in entries.enumerated().map { (source, $0.offset, $0.element) } }
        return
            indexed
            .sorted { a, b in a.2.at != b.2.at ? a.2.at > b.2.at : (a.0, a.1) < (b.0, b.1) }
            .prefix(limit).map(\.2)
    }
}
