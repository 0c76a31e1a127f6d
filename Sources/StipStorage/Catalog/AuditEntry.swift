public import Foundation
public import GRDB
import StipJSON

/// Who made a change: the peer of the admin socket, or the daemon itself.
public struct AuditActor: Sendable, Equatable {
    /// The caller's user id (from SO_PEERCRED), `nil` when unknown.
    public var uid: UInt32?
    /// The caller's process id, `nil` when unknown.
    public var pid: Int32?

    /// Creates an actor from peer credentials.
    public init(uid: UInt32?, pid: Int32?) {
        self.uid = uid
        self.pid = pid
    }

    /// The daemon acting on its own (demo seed, trash purge).
    public static var daemon: AuditActor {
        AuditActor(uid: UInt32(getuid()), pid: getpid())
    }
}

/// One line of the audit log.
public struct AuditEntry: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_log"

    /// Increasing id; newer entries have larger ids.
    public var id: Int64?
    /// When it happened.
    public var at: Date
    /// The caller's uid.
    public var uid: UInt32?
    /// The caller's pid.
    public var pid: Int32?
    /// What was done, e.g. `workspace.create`.
    public var action: String
    /// The workspace concerned, if any.
    public var workspace: String?
    /// Action-specific details as a JSON object text.
    public var detail: String

    /// Creates an entry.
    public init(at: Date, actor: AuditActor, action: String, workspace: String?, detail: [String: String] = [:]) {
        self.id = nil
        self.at = at
        self.uid = actor.uid
        self.pid = actor.pid
        self.action = action
        self.workspace = workspace
        self.detail = JSONValue.object(detail.mapValues { .string($0) }).jsonText
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
