#if canImport(Glibc)
    import Glibc
#endif
public import NIOCore

/// The credentials of the process at the other end of a Unix socket (`SO_PEERCRED`).
///
/// Glibc exports neither `struct ucred` nor `SO_PEERCRED` without `_GNU_SOURCE`, so the
/// layout and the constant are declared here (Linux: pid, uid, gid; option 17).
public struct PeerCredentials: Sendable, Equatable {
    /// The peer's process id.
    public var pid: Int32
    /// The peer's user id.
    public var uid: UInt32
    /// The peer's group id.
    public var gid: UInt32

    /// Memberwise initialiser.
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    static let soPeerCred: Int32 = 17

    /// Asks the kernel for the peer of `channel`; `nil` when the channel is not a Unix socket.
    public static func of(_ channel: any Channel) async -> PeerCredentials? {
        #if os(Linux)
            guard let provider = channel as? any SocketOptionProvider else { return nil }
            let future: EventLoopFuture<PeerCredentials> = provider.unsafeGetSocketOption(
                level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(soPeerCred))
            return try? await future.get()
        #else
            return nil
        #endif
    }
}
