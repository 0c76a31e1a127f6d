public import Hummingbird
public import Logging
import StipDomain
public import StipHTTP
public import StipParticipation

/// Limits of the admin API.
public struct AdminAPISettings: Sendable {
    /// Largest JSON body accepted.
    public var maxBodyBytes: Int
    /// Largest workspace archive accepted on import.
    public var maxImportBytes: Int
    /// The Prometheus text for `GET /metrics`, with its content type; `nil`: no metrics route.
    public var metrics: (@Sendable () async -> (text: String, contentType: String))?

    /// Creates settings.
    public init(
        maxBodyBytes: Int = 1 << 20, maxImportBytes: Int = 4 << 30,
        metrics: (@Sendable () async -> (text: String, contentType: String))? = nil
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxImportBytes = maxImportBytes
        self.metrics = metrics
    }
}

/// The admin API on the Unix socket: workspaces, their trajectories and contributions, plugins, audit and health.
/// It reaches storage and plugins only through the use cases (``Participation``).
public struct AdminAPI: Sendable {
    let participation: Participation
    let settings: AdminAPISettings
    let startedAt: ContinuousClock.Instant

    /// Creates the API over the use cases.
    public init(participation: Participation, settings: AdminAPISettings, startedAt: ContinuousClock.Instant = .now) {
        self.participation = participation
        self.settings = settings
        self.startedAt = startedAt
    }

    /// Builds the router; every route is recorded in `routes` as it is registered.
    /// - Parameters:
    ///   - routes: receives every (method, path) for documentation checks and 405 answers.
    ///   - logger: the request log.
    public func buildRouter(routes: RouteTable = RouteTable(), logger: Logger) -> Router<AdminRequestContext> {
        let router = Router(context: AdminRequestContext.self)
        // Outermost, so that it sees every answer, refusals included, by route pattern (never a path with a slug).
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware(routes: routes, logger: logger))
        let node = RouteRegistrar(router, table: routes)
        registerNodeRoutes(node)
        registerPluginRoutes(node)
        registerApplyRoute(node)
        registerBackupRoutes(node)
        // Every route under one workspace: the slug is resolved once, by the middleware, into the context.
        let prefix = "/v1/workspaces/{slug}"
        let workspace = RouteRegistrar(
            router.group(RouterPath(prefix)).add(middleware: WorkspaceResolution(resolver: participation.resolver))
                .group(context: WorkspaceRequestContext.self),
            prefix: prefix, table: routes)
        registerWorkspaceRoutes(workspace)
        registerWorkspaceBackupRoute(workspace)
        registerBrandingRoutes(workspace)
        registerMethodRoutes(workspace)
        registerTrajectoryRoutes(workspace)
        registerContributionRoutes(workspace)
        registerFeedbackRoutes(workspace)
        registerThemeRoutes(workspace)
        registerParticipantRoutes(workspace)
        registerPopulationRoutes(workspace)
        registerPollCodeRoutes(workspace)
        return router
    }

    /// Registers a route under `/v1/workspaces/{slug}`.
    typealias WorkspaceRoutes = RouteRegistrar<RouterGroup<WorkspaceRequestContext>>
    /// Registers a route outside any workspace.
    typealias NodeRoutes = RouteRegistrar<Router<AdminRequestContext>>
}
