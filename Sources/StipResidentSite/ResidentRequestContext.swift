public import Hummingbird
public import NIOCore
import StipParticipation
import StipDomain

/// The request context of the resident pages: the peer address for rate limiting (in memory only) and, in the
/// `/{workspace}` groups, the workspace resolved by ``ResidentWorkspaceResolution``.
public struct ResidentRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The TCP peer; behind the municipality's reverse proxy this is the proxy.
    public let remoteAddress: SocketAddress?
    /// The workspace the path names, once resolved.
    var workspace: ResolvedWorkspace?
    /// The workspace is suspended and this is a form being posted: its answers are shown again, not lost.
    var suspended = false

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are collected by the handlers with their own limits.
    public var maxUploadSize: Int { 1 << 20 }
}

/// The context of every route under `/{workspace}` and `/api/v1/{workspace}`: an active workspace, resolved once.
struct ResidentWorkspaceContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The workspace the path names; active, or suspended for a form post (``suspended``).
    let workspace: ResolvedWorkspace
    let suspended: Bool

    init(context: ResidentRequestContext) throws {
        guard let workspace = context.workspace else { throw HTTPError(.internalServerError) }
        // The parent's storage, parameters included (`.init(source:)` would start them empty).
        self.coreContext = context.coreContext
        self.remoteAddress = context.remoteAddress
        self.workspace = workspace
        self.suspended = context.suspended
    }

    var maxUploadSize: Int { 1 << 20 }
}

/// Resolves `{workspace}` once for every resident route, and answers in this one place what residents see of a
/// workspace that is not there: unknown or deleted → 404, suspended → 503 with `Retry-After` (a page, or a
/// JSON problem on the JSON API).
struct ResidentWorkspaceResolution: RouterMiddleware {
    typealias Context = ResidentRequestContext
    let resolver: WorkspaceResolver
    /// Whether the group is the JSON API (problems) or the pages (HTML).
    let json: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let chosen = PublicLanguage.of(request, workspace: nil).language
        let raw = context.parameters.get("workspace") ?? ""
        guard let workspace = try? await resolver.resolve(raw), workspace.state != .deleted else {
            throw PublicFailure.notFound(request, language: chosen, municipality: nil, json: json)
        }
        var context = context
        guard workspace.state == .active else {
            // A resident who filled in a form while the municipality was suspended gets the form back with
            // every answer, to send again later; everything else is "temporarily unavailable".
            guard workspace.state == .suspended, !json, request.method == .post else {
                let language = PublicLanguage.of(request, workspace: workspace).language
                throw PublicFailure.unavailable(request, language: language, municipality: workspace.workspace.name, json: json)
            }
            context.suspended = true
            context.workspace = workspace
            return try await next(request, context)
        }
        context.workspace = workspace
        return try await next(request, context)
    }
}
