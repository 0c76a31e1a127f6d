public import Hummingbird
public import NIOCore

/// The request context of the resident pages: keeps the peer address for rate limiting (in memory only).
public struct PublicRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer; behind the municipality's reverse proxy this is the proxy.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are collected by the handlers with their own limits.
    public var maxUploadSize: Int { 1 << 20 }
}
