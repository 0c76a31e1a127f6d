public import Foundation

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

    /// The daemon acting on its own (demo seed, trash purge, retention sweep).
    public static var daemon: AuditActor {
        AuditActor(uid: UInt32(getuid()), pid: getpid())
    }
}

/// One line of the audit log: a change to the node (catalog) or to one workspace.
///
/// Workspace changes are recorded in the workspace's own database, in the transaction that makes the
/// change, so they travel with its export; node changes (creating, suspending, deleting workspaces,
/// plugins) in the catalog.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// Where the entry is kept and its number there: `catalog:12`, `utrecht:45`. Newer entries of one
    /// log have larger numbers.
    public var id: String
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
    /// Action-specific details.
    public var detail: [String: String]

    /// Creates an entry.
    public init(id: String, at: Date, uid: UInt32?, pid: Int32?, action: String, workspace: String?, detail: [String: String]) {
        self.id = id
        self.at = at
        self.uid = uid
        self.pid = pid
        self.action = action
        self.workspace = workspace
        self.detail = detail
    }
}
