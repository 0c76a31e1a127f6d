public import Hummingbird
public import NIOCore

/// The request context of the admin API: keeps the connection's channel and, once the request
/// middleware has asked the kernel, who is calling (SO_PEERCRED) for the audit log and the request log.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel
    /// The caller, looked up once per request by the middleware.
    public var peer: PeerCredentials?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are collected by the handlers with their own limits.
    public var maxUploadSize: Int { .max }
}
