public import Hummingbird
public import NIOCore
import StipDomain
import StipParticipation

/// The request context of the admin API: the connection's channel and, once the request middleware has asked
/// the kernel, who is calling (SO_PEERCRED) for the audit log and the request log. In the
/// `/v1/workspaces/{slug}` group, ``WorkspaceResolution`` also puts the resolved workspace here, from which
/// ``WorkspaceRequestContext`` is made.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel
    /// The caller, looked up once per request by the middleware.
    public var peer: PeerCredentials?
    /// The workspace the path names, once resolved.
    var workspace: ResolvedWorkspace?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are collected by the handlers with their own limits.
    public var maxUploadSize: Int { .max }

    /// Who is calling, for the audit log.
    var caller: AuditActor {
        AuditActor(uid: peer?.uid, pid: peer?.pid)
    }
}
