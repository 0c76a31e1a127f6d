public import Hummingbird
public import NIOCore

/// The request context of the admin API: keeps the connection's channel so that handlers
/// can ask who is calling (SO_PEERCRED) for the audit log.
public struct AdminRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request arrived on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Bodies are collected by the handlers with their own limits.
    public var maxUploadSize: Int { .max }
}
