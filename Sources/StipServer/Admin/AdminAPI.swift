import Foundation
public import Hummingbird
import HTTPTypes
public import Logging
import NIOCore
import StipDomain
import StipJSON
public import StipParticipation
public import StipStorage
public import StipPluginHost

/// Limits of the admin API.
public struct AdminAPISettings: Sendable {
    /// Largest JSON body accepted.
    public var maxBodyBytes: Int
    /// Largest workspace archive accepted on import.
    public var maxImportBytes: Int

    /// Creates settings.
    public init(maxBodyBytes: Int = 1 << 20, maxImportBytes: Int = 4 << 30) {
        self.maxBodyBytes = maxBodyBytes
        self.maxImportBytes = maxImportBytes
    }
}

/// The admin API: workspaces, audit and health, served on the Unix socket.
public struct AdminAPI: Sendable {
    let store: any WorkspaceStore
    let plugins: PluginHost?
    let participation: ParticipationServices?
    let settings: AdminAPISettings
    let startedAt: ContinuousClock.Instant

    /// Creates the API over a store, the plugin host and the participation use cases.
    public init(
        store: any WorkspaceStore, plugins: PluginHost? = nil, participation: ParticipationServices? = nil, settings: AdminAPISettings,
        startedAt: ContinuousClock.Instant = .now
    ) {
        self.store = store
        self.plugins = plugins
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
        router.add(middleware: ProblemMiddleware(routes: routes, logger: logger))
        let r = RouteRegistrar(router: router, table: routes)
        r.add(.get, "/v1/health") { _, _ in try await self.health() }
        r.add(.get, "/v1/workspaces") { request, _ in try await self.list(request) }
        r.add(.post, "/v1/workspaces") { request, context in try await self.create(request, context) }
        r.add(.post, "/v1/workspaces/import") { request, context in try await self.importArchive(request, context) }
        r.add(.get, "/v1/workspaces/{slug}") { _, context in
            try JSONBodies.response(try await self.store.workspace(try Self.slug(context)))
        }
        r.add(.patch, "/v1/workspaces/{slug}") { request, context in try await self.update(request, context) }
        r.add(.delete, "/v1/workspaces/{slug}") { request, context in try await self.delete(request, context) }
        r.add(.post, "/v1/workspaces/{slug}/suspend") { _, context in try await self.setState(.suspended, context) }
        r.add(.post, "/v1/workspaces/{slug}/resume") { _, context in try await self.setState(.active, context) }
        r.add(.get, "/v1/workspaces/{slug}/export") { _, context in try await self.export(context) }
        r.add(.get, "/v1/audit") { request, _ in try await self.audit(request) }
        registerPluginRoutes(r)
        registerTrajectoryRoutes(r)
        registerContributionRoutes(r)
        registerFeedbackRoutes(r)
        registerParticipantRoutes(r)
        registerPopulationRoutes(r)
        registerPollCodeRoutes(r)
        registerWalkRoutes(r)
        return router
    }

    // MARK: - Handlers

    func health() async throws -> Response {
        let counts = try await store.stateCounts()
        let uptime = ContinuousClock.now - startedAt
        return try JSONBodies.response(
            HealthBody(
                status: "ok", version: StipVersion.current, uptimeS: Int(uptime.components.seconds),
                workspaces: .init(active: counts[.active] ?? 0, suspended: counts[.suspended] ?? 0)))
    }

    func list(_ request: Request) async throws -> Response {
        var states: Set<WorkspaceState> = [.active, .suspended]
        if let text = request.uri.queryParameters.get("state") {
            guard let state = WorkspaceState(rawValue: text) else {
                throw APIProblem.invalidQuery("state=\(text) is not a state; use active, suspended or deleted")
            }
            states = [state]
        }
        return try JSONBodies.response(WorkspaceListBody(workspaces: try await store.workspaces(in: states)))
    }

    func create(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let body = try await Self.decodeObject(
            CreateWorkspaceBody.self, allowed: CreateWorkspaceBody.fields, request, limit: settings.maxBodyBytes)
        let draft = try WorkspaceDraft(
            slug: body.slug, name: body.name, cbsCode: body.cbsCode, timeZone: body.timezone, locale: body.locale)
        let workspace = try await store.createWorkspace(draft, by: Self.caller(context))
        var headers = HTTPFields()
        headers[.location] = "/v1/workspaces/\(workspace.slug)"
        return try JSONBodies.response(workspace, status: .created, headers: headers)
    }

    func update(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        let body = try await Self.decodeObject(
            UpdateWorkspaceBody.self, allowed: UpdateWorkspaceBody.fields, request, limit: settings.maxBodyBytes)
        let changes = try WorkspaceChanges(name: body.name, cbsCode: body.cbsCode, timeZone: body.timezone, locale: body.locale)
        return try JSONBodies.response(try await store.updateWorkspace(slug, changes, by: Self.caller(context)))
    }

    func setState(_ state: WorkspaceState, _ context: AdminRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        return try JSONBodies.response(try await store.setState(slug, to: state, by: Self.caller(context)))
    }

    func delete(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        guard request.uri.queryParameters.get("confirm") == slug.rawValue else {
            throw APIProblem.confirmationRequired(slug)
        }
        return try JSONBodies.response(try await store.deleteWorkspace(slug, by: Self.caller(context)))
    }

    func audit(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var slug: WorkspaceSlug?
        if let text = query.get("workspace") { slug = try WorkspaceSlug(validating: text) }
        var limit = 100
        if let text = query.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIProblem.invalidQuery("limit=\(text) must be a whole number from 1 to 1000")
            }
            limit = value
        }
        return try JSONBodies.response(AuditListBody(try await store.auditEntries(workspace: slug, limit: limit)))
    }

    // MARK: - Helpers

    /// The `{slug}` path parameter, percent-decoded and validated before anything else sees it.
    static func slug(_ context: AdminRequestContext) throws -> WorkspaceSlug {
        let raw = context.parameters.get("slug") ?? ""
        return try WorkspaceSlug(validating: raw.removingPercentEncoding ?? raw)
    }

    /// Who is calling, from the socket's peer credentials.
    static func caller(_ context: AdminRequestContext) -> AuditActor {
        AuditActor(uid: context.peer?.uid, pid: context.peer?.pid)
    }

    /// Decodes a JSON object, refusing fields the endpoint does not know (typos would otherwise be ignored silently).
    static func decodeObject<T: Decodable>(_ type: T.Type, allowed: Set<String>, _ request: Request, limit: Int) async throws -> T {
        if let contentType = request.headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw APIProblem.unsupportedMediaType(expected: "application/json")
        }
        let buffer = try await JSONBodies.collect(request, limit: limit)
        guard buffer.readableBytes > 0 else { throw APIProblem.invalidBody("the request needs a JSON object body") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: buffer.readableBytesView)
        } catch {
            throw APIProblem.invalidBody("malformed JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw APIProblem.invalidBody("the body must be a JSON object, not \(value.kindDescription)")
        }
        let unknown = Set(members.keys).subtracting(allowed).sorted()
        if !unknown.isEmpty {
            throw APIProblem.invalidBody(
                "unknown field\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\($0)\"" }.joined(separator: ", ")); allowed: \(allowed.sorted().joined(separator: ", "))"
            )
        }
        do {
            return try value.decode(T.self)
        } catch let error as DecodingError {
            throw APIProblem.invalidBody(JSONBodies.describe(error))
        }
    }
}

/// Registers handlers on the router and records each route in the table.
struct RouteRegistrar {
    let router: Router<AdminRequestContext>
    let table: RouteTable

    func add(
        _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping @Sendable (Request, AdminRequestContext) async throws -> Response
    ) {
        table.record(method, path)
        // Hummingbird spells parameters `:name`; the documentation spells them `{name}`.
        let routerPath = path.split(separator: "/").map { segment in
            segment.hasPrefix("{") ? ":" + segment.dropFirst().dropLast() : String(segment)
        }.joined(separator: "/")
        router.on(RouterPath("/" + routerPath), method: method) { request, context in try await handler(request, context) }
    }
}
