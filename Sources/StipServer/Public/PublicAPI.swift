import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import StipDomain
public import StipParticipation
public import StipPluginHost
import StipPluginProtocol
public import StipStorage
import Synchronization
import StipJSON

/// Limits of the resident pages.
public struct PublicAPISettings: Sendable {
    /// Largest form or JSON body.
    public var maxBodyBytes: Int
    /// Submissions per client per minute (0: no limit) and how many may come at once.
    public var rateLimitPerMinute: Int
    public var rateLimitBurst: Int
    /// Behind a reverse proxy on this machine, take the client from `X-Forwarded-For` (only when the peer is loopback).
    public var trustForwardedFor: Bool
    /// Mark the browser cookie `Secure` (the proxy serves HTTPS).
    public var secureCookies: Bool

    public init(
        maxBodyBytes: Int = 64 << 10, rateLimitPerMinute: Int = 30, rateLimitBurst: Int = 10, trustForwardedFor: Bool = true,
        secureCookies: Bool = false
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitBurst = rateLimitBurst
        self.trustForwardedFor = trustForwardedFor
        self.secureCookies = secureCookies
    }
}

/// The resident pages and their JSON twin, served on `public.listen`.
public struct PublicAPI: Sendable {
    let workspaces: any WorkspaceStore
    let participation: ParticipationServices
    let plugins: PluginHost
    let signer: PublicSigner
    let settings: PublicAPISettings
    let limiter: RateLimiter
    let forms = FormCache()
    let lookups = LookupCache()

    public init(
        workspaces: any WorkspaceStore, participation: ParticipationServices, plugins: PluginHost, signer: PublicSigner,
        settings: PublicAPISettings
    ) {
        self.workspaces = workspaces
        self.participation = participation
        self.plugins = plugins
        self.signer = signer
        self.settings = settings
        self.limiter = RateLimiter(perMinute: settings.rateLimitPerMinute, burst: settings.rateLimitBurst)
    }

    /// Builds the router; every route is recorded in `routes` for the documentation check.
    public func buildRouter(routes: RouteTable = RouteTable()) -> Router<PublicRequestContext> {
        let router = Router(context: PublicRequestContext.self)
        router.add(middleware: PublicHeadersMiddleware())
        func add(
            _ method: HTTPRequest.Method, _ path: String,
            _ handler: @escaping @Sendable (Request, PublicRequestContext) async throws -> Response
        ) {
            routes.record(method, path)
            let routerPath = path.split(separator: "/").map { $0.hasPrefix("{") ? ":" + $0.dropFirst().dropLast() : String($0) }.joined(
                separator: "/")
            router.on(RouterPath("/" + routerPath), method: method, use: handler)
        }
        add(.get, "/static/stip.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: PublicLayout.stylesheet)))
        }
        add(.get, "/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        add(.get, "/{workspace}") { request, context in try await self.workspacePage(request, context) }
        add(.get, "/{workspace}/{trajectory}") { request, context in try await self.trajectoryPage(request, context) }
        add(.get, "/{workspace}/{trajectory}/{activity}") { request, context in try await self.formPage(request, context) }
        add(.post, "/{workspace}/{trajectory}/{activity}") { request, context in try await self.submitForm(request, context) }
        add(.get, "/{workspace}/{trajectory}/{activity}/thanks") { request, context in try await self.thanksPage(request, context) }
        add(.get, "/api/v1/{workspace}/{trajectory}/{activity}/form") { request, context in try await self.formJSON(request, context) }
        add(.post, "/api/v1/{workspace}/{trajectory}/{activity}/responses") { request, context in
            try await self.submitJSON(request, context)
        }
        return router
    }

    // MARK: - Finding what a path names

    /// What a page is about, checked: an active workspace, a published trajectory, an activity with a public form.
    struct Target {
        /// The workspace's generation when it was looked up (caches built from it stay valid while it holds).
        var generation: Int
        var workspace: Workspace
        var timeZone: TimeZone
        var trajectory: StoredTrajectory?
        var activity: StoredActivity?
        var texts: PublicTexts
        /// This page's path and other query parameters, for the language switch (made only for pages).
        var linkBase: @Sendable () -> String

        var layout: PublicLayout { PublicLayout(texts: texts, municipality: workspace.name, path: linkBase()) }

        /// When the activity takes responses (no limits without an activity).
        var window = ActivityWindow(opens: nil, closes: nil)

        var pages: PublicPages { PublicPages(texts: texts, layout: layout, timeZone: timeZone) }
        var activityPath: String { "/\(workspace.slug.rawValue)/\(trajectory?.plan.id ?? "")/\(activity?.id ?? "")" }
        var trajectoryPath: String { "/\(workspace.slug.rawValue)/\(trajectory?.plan.id ?? "")/" }
        /// `browser` unless the config says `code`.
        var askCode: Bool { activity?.config["one_response_per"]?.stringValue == "code" }
    }

    func target(_ request: Request, _ context: PublicRequestContext, depth: Int, json: Bool = false) async throws -> Target {
        let query = request.uri.queryParameters.get("lang")
        let accept = request.headers[.acceptLanguage]
        var texts = PublicTexts(language: PublicLanguage.choose(query: query, acceptLanguage: accept))
        let linkBase = Self.linkBase(request.uri)
        func fail(_ status: HTTPResponse.Status, _ title: String, _ text: String, municipality: String? = nil) -> PublicFailure {
            if json { return .problem(status, code: status == .notFound ? "not_found" : "unavailable", detail: text) }
            var headers = HTTPFields()
            if status == .serviceUnavailable { headers[.retryAfter] = "3600" }
            let layout = PublicLayout(texts: texts, municipality: municipality, path: linkBase())
            return .page(status, PublicPages(texts: texts, layout: layout, timeZone: .current).notice(title, text), headers: headers)
        }
        // Built only when needed: rendering a page or a problem is not free.
        let notFound = { fail(.notFound, texts.notFoundTitle, texts.notFoundText) }
        guard let raw = context.parameters.get("workspace"), let slug = try? WorkspaceSlug(validating: raw) else { throw notFound() }
        guard let known = await workspaceEntry(slug), known.workspace.state != .deleted else { throw notFound() }
        let workspace = known.workspace
        // Without a choice from the resident, the municipality's own language.
        texts = PublicTexts(
            language: PublicLanguage.choose(
                query: query, acceptLanguage: accept, fallback: PublicLanguage(rawValue: workspace.locale.rawValue) ?? .nl))
        guard workspace.state == .active else {
            throw fail(.serviceUnavailable, texts.unavailableTitle, texts.unavailableText, municipality: workspace.name)
        }
        let timeZone = known.timeZone
        var found = Target(
            generation: known.generation, workspace: workspace, timeZone: timeZone, trajectory: nil, activity: nil, texts: texts,
            linkBase: linkBase)
        guard depth >= 2 else { return found }
        let notFoundHere = { fail(.notFound, texts.notFoundTitle, texts.notFoundText, municipality: workspace.name) }
        guard let trajectoryID = context.parameters.get("trajectory"), PlanRules.isIdentifier(trajectoryID),
            let stored = try await trajectory(slug, trajectoryID, generation: known.generation), stored.status != .draft
        else { throw notFoundHere() }
        found.trajectory = stored
        guard depth >= 3 else { return found }
        guard let activityID = context.parameters.get("activity"),
            let activity = stored.activities.first(where: { $0.id == activityID && !$0.archived })
        else { throw notFoundHere() }
        // Only methods with a public form, enabled in this workspace, have a page here.
        guard known.enabledMethods.contains(activity.method),
            (try? await plugins.manifest(of: activity.method).capabilities.publicForm) ?? true
        else {
            throw notFoundHere()
        }
        found.activity = activity
        found.window = lookups.window(slug, activity, generation: known.generation, timeZone: timeZone)
        return found
    }

    /// The page's path and its query without `lang`, ending in `?` or `&`: the language switch keeps the
    /// page's other parameters (a thank-you page's status).
    static func linkBase(_ uri: URI) -> @Sendable () -> String {
        {
            let kept = (uri.query ?? "").split(separator: "&").filter { !$0.hasPrefix("lang=") }
            return uri.path + "?" + kept.map { "\($0)&" }.joined()
        }
    }

    /// The workspace with its enabled methods, looked up once per change of its settings.
    func workspaceEntry(_ slug: WorkspaceSlug) async -> LookupCache.Entry? {
        let generation = workspaces.generation(slug)
        if let entry = lookups.entry(slug, generation: generation) { return entry }
        guard let workspace = try? await workspaces.workspace(slug) else { return nil }
        let methods = workspace.state == .deleted ? [] : ((try? await workspaces.enabledMethods(slug).map(\.id)) ?? [])
        let timeZone = TimeZone(identifier: workspace.timeZone) ?? TimeZone(identifier: Workspace.defaultTimeZone)!
        let entry = LookupCache.Entry(
            generation: generation, workspace: workspace, enabledMethods: Set(methods), timeZone: timeZone, trajectories: [:])
        lookups.put(slug, entry)
        return entry
    }

    /// A trajectory as stored, looked up once per change of the workspace's plans.
    func trajectory(_ slug: WorkspaceSlug, _ id: String, generation: Int) async throws -> StoredTrajectory? {
        if let cached = lookups.trajectory(slug, id, generation: generation) { return cached }
        let stored = try await participation.store.trajectoryIfPresent(slug, id)
        lookups.putTrajectory(slug, id, stored, generation: generation)
        return stored
    }

    /// The client for rate limiting: the peer, or — when a proxy on this machine forwards — the address that
    /// proxy appended to `X-Forwarded-For` (the last one; earlier ones are whatever the client claimed).
    func client(_ request: Request, _ context: PublicRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        if settings.trustForwardedFor, peer == "127.0.0.1" || peer == "::1",
            let forwarded = request.headers[.init("X-Forwarded-For")!]?.split(separator: ",").last
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return peer
    }

    /// The browser id from the signed cookie, or a new one to set.
    func browser(_ request: Request) -> (id: String, setCookie: Cookie?) {
        if let value = Self.cookie("stip_b", in: request), let id = signer.browserID(fromCookie: value) { return (id, nil) }
        let (id, value) = signer.newBrowserCookie()
        return (
            id,
            Cookie(
                name: "stip_b", value: value, maxAge: 365 * 24 * 3600, path: "/", secure: settings.secureCookies, httpOnly: true,
                sameSite: .lax)
        )
    }

    /// The plugin's form description for this activity and language (cached while the config is unchanged).
    func form(_ target: Target) async -> PublicForm? {
        await describedForm(target)?.form
    }

    /// The description as the plugin sent it and as read, from the cache when the config is unchanged.
    func describedForm(_ target: Target) async -> (form: PublicForm, raw: JSONValue)? {
        guard let activity = target.activity else { return nil }
        let key = "\(target.workspace.slug)/\(activity.trajectory)/\(activity.id)/\(target.texts.language.rawValue)"
        if let cached = forms.get(key, generation: target.generation, config: activity.config) { return cached }
        guard
            let result = try? await plugins.call(
                activity.method, PluginProtocol.Method.publicForm,
                .object(["config": activity.config, "locale": .string(target.texts.language.rawValue)])),
            let form = PublicForm(result)
        else { return nil }
        let raw = result["form"] ?? result
        forms.put(key, generation: target.generation, config: activity.config, form: form, raw: raw)
        return (form, raw)
    }

    /// A cookie's value, read straight from the `Cookie` fields: parsing every cookie into a dictionary
    /// showed in profiles of busy polls, and only this one is needed.
    static func cookie(_ name: String, in request: Request) -> String? {
        cookie(name, inFields: request.headers[values: .cookie])
    }

    /// The value of cookie `name` in `Cookie` field values (`a=1; b=2`), the first when it is repeated.
    static func cookie(_ name: String, inFields fields: [String]) -> String? {
        for field in fields {
            for part in field.utf8.split(separator: UInt8(ascii: ";")) {
                var pair = part.drop { $0 == UInt8(ascii: " ") }
                guard pair.starts(with: name.utf8) else { continue }
                pair = pair.dropFirst(name.utf8.count)
                guard pair.first == UInt8(ascii: "=") else { continue }
                return String(Substring(pair.dropFirst()))
            }
        }
        return nil
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookie: Cookie? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        if let cookie { response.setCookie(cookie) }
        return response
    }
}

/// Form descriptions by activity and language, dropped when the activity's config changes. It also lets a
/// submission be read while the plugin is down, so the response can be kept as pending validation.
final class FormCache: Sendable {
    private struct Entry {
        var generation: Int
        var config: JSONValue
        var form: PublicForm
        var raw: JSONValue
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The cached form when the config is unchanged; comparing configs is skipped while the workspace's
    /// generation is the one the entry was last seen with (it is not free, and every response asks).
    func get(_ key: String, generation: Int, config: JSONValue) -> (form: PublicForm, raw: JSONValue)? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.generation == generation { return (entry.form, entry.raw) }
            guard entry.config == config else { return nil }
            entries[key]?.generation = generation
            return (entry.form, entry.raw)
        }
    }

    func put(_ key: String, generation: Int, config: JSONValue, form: PublicForm, raw: JSONValue) {
        entries.withLock { $0[key] = Entry(generation: generation, config: config, form: form, raw: raw) }
    }
}
