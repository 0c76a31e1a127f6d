import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
import NIOCore
import StipDomain
import StipReports
public import StipHTTP
public import StipParticipation
import StipJSON

/// Limits of the resident pages.
public struct ResidentSiteSettings: Sendable {
    /// Largest form or JSON body.
    public var maxBodyBytes: Int
    /// Submissions per client per minute (0: no limit) and how many may come at once.
    public var rateLimitPerMinute: Int
    public var rateLimitBurst: Int
    /// Behind a reverse proxy on this machine, take the client from `X-Forwarded-For` (only when the peer is loopback).
    public var trustForwardedFor: Bool
    /// Mark the browser cookie `Secure` (the proxy serves HTTPS).
    public var secureCookies: Bool
    /// Where `GET /` sends a visitor (the consultancy's or the municipalities' site); `nil`: a page that names
    /// the service and says how to find one's municipality.
    public var rootRedirect: String?
    /// Page views per client per minute (0: no limit) and how many may come at once: unknown addresses cost
    /// the server work too, so a client cannot ask for them without end.
    public var pageRateLimitPerMinute: Int
    public var pageRateLimitBurst: Int

    public init(
        maxBodyBytes: Int = 64 << 10, rateLimitPerMinute: Int = 30, rateLimitBurst: Int = 10, trustForwardedFor: Bool = true,
        secureCookies: Bool = false, rootRedirect: String? = nil, pageRateLimitPerMinute: Int = 600, pageRateLimitBurst: Int = 120
    ) {
        self.rootRedirect = rootRedirect
        self.pageRateLimitPerMinute = pageRateLimitPerMinute
        self.pageRateLimitBurst = pageRateLimitBurst
        self.maxBodyBytes = maxBodyBytes
        self.rateLimitPerMinute = rateLimitPerMinute
        self.rateLimitBurst = rateLimitBurst
        self.trustForwardedFor = trustForwardedFor
        self.secureCookies = secureCookies
    }
}

/// The resident pages and their JSON twin, served on `public.listen`. They reach workspaces, plans, plugins and
/// storage only through the use cases (``ResidentPages``).
public struct ResidentSite: Sendable {
    let participation: Participation
    let signer: PublicSigner
    let settings: ResidentSiteSettings
    let limiter: RateLimiter
    /// Page views (GET, HEAD) per client, apart from submissions so that reading never costs a resident a response.
    let pageLimiter: RateLimiter

    public init(participation: Participation, signer: PublicSigner, settings: ResidentSiteSettings) {
        self.participation = participation
        self.signer = signer
        self.settings = settings
        self.limiter = RateLimiter(perMinute: settings.rateLimitPerMinute, burst: settings.rateLimitBurst)
        self.pageLimiter = RateLimiter(perMinute: settings.pageRateLimitPerMinute, burst: settings.pageRateLimitBurst)
    }

    var residents: ResidentPages { participation.residents }

    /// Builds the router; every route is recorded in `routes` for the documentation check.
    public func buildRouter(routes: RouteTable = RouteTable()) -> Router<ResidentRequestContext> {
        // HEAD answers wherever GET does (RFC 9110 §9.3.2), with the same headers and no body.
        let router = Router(context: ResidentRequestContext.self, options: .autoGenerateHeadEndpoints)
        // Outermost: every answer counted by route pattern (`/{workspace}/…`, never the slug or a code).
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: PublicHeadersMiddleware(routes: routes))
        router.add(middleware: LanguageMemory(secureCookies: settings.secureCookies))
        router.add(middleware: PageRateLimit(limiter: pageLimiter, trustForwardedFor: settings.trustForwardedFor))
        let node = RouteRegistrar(router, table: routes)
        node.add(.get, "/static/stip.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=86400"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: PublicLayout.stylesheet)))
        }
        node.add(.get, "/") { request, _ in self.rootPage(request) }
        node.add(.get, "/health") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        // The workspace is resolved once, by the group's middleware, for pages and for the JSON API alike.
        let pages = RouteRegistrar(
            router.group("/{workspace}").add(middleware: ResidentWorkspaceResolution(resolver: participation.resolver, json: false))
                .group(context: ResidentWorkspaceContext.self),
            prefix: "/{workspace}", table: routes)
        pages.add(.get, "") { request, context in try await self.workspacePage(request, context) }
        pages.add(.get, "/{trajectory}") { request, context in try await self.trajectoryPage(request, context) }
        pages.add(.get, "/{trajectory}/report.html") { request, context in try await self.reportDocument(request, context, format: .html) }
        pages.add(.get, "/{trajectory}/report.pdf") { request, context in try await self.reportDocument(request, context, format: .pdf) }
        pages.add(.get, "/{trajectory}/{activity}") { request, context in try await self.formPage(request, context) }
        pages.add(.post, "/{trajectory}/{activity}") { request, context in try await self.submitForm(request, context) }
        pages.add(.get, "/{trajectory}/{activity}/thanks") { request, context in try await self.thanksPage(request, context) }
        // A municipality's accent colour and logo: outside its pages' paths, so no trajectory id is taken.
        let brand = RouteRegistrar(
            router.group("/static/brand/{workspace}").add(
                middleware: ResidentWorkspaceResolution(resolver: participation.resolver, json: false)
            )
            .group(context: ResidentWorkspaceContext.self),
            prefix: "/static/brand/{workspace}", table: routes)
        brand.add(.get, "/accent.css") { _, context in await self.accentStylesheet(context) }
        brand.add(.get, "/logo") { _, context in await self.logo(context) }
        let api = RouteRegistrar(
            router.group("/api/v1/{workspace}").add(middleware: ResidentWorkspaceResolution(resolver: participation.resolver, json: true))
                .group(context: ResidentWorkspaceContext.self),
            prefix: "/api/v1/{workspace}", table: routes)
        api.add(.get, "/{trajectory}/{activity}/form") { request, context in try await self.formJSON(request, context) }
        api.add(.post, "/{trajectory}/{activity}/responses") { request, context in try await self.submitJSON(request, context) }
        return router
    }

    // MARK: - Finding what a path names

    /// What a page is about, checked: the workspace (resolved by the middleware), a published trajectory, an
    /// activity with a public form.
    struct Target {
        var workspace: ResolvedWorkspace
        var trajectory: StoredTrajectory?
        var activity: PublicActivity?
        var choice: PublicLanguage.Choice
        /// This page's path and other query parameters, for the language switch (made only for pages).
        var linkBase: @Sendable () -> String
        var branding = Branding()

        var texts: PublicTexts { PublicTexts(language: choice.language) }
        var timeZone: TimeZone { workspace.timeZone }
        var dates: ResidentDates { ResidentDates(language: choice.language, timeZone: timeZone) }
        var layout: PublicLayout {
            PublicLayout(
                texts: texts, municipality: workspace.workspace.name, path: linkBase(),
                brand: .init(slug: workspace.slug.rawValue, branding: branding))
        }
        /// When the activity takes responses (no limits without an activity).
        var window: ActivityWindow { activity?.window ?? ActivityWindow(opens: nil, closes: nil) }
        var pages: PublicPages {
            let choice = self.choice
            return PublicPages(texts: texts, layout: layout, dates: dates) { Self.link($0, choice) }
        }
        /// The activity's page, with the resident's chosen language.
        var activityPath: String { link("/\(workspace.slug.rawValue)/\(trajectory?.plan.id ?? "")/\(activity?.id ?? "")") }
        var trajectoryPath: String { link("/\(workspace.slug.rawValue)/\(trajectory?.plan.id ?? "")/") }
        /// The activity's page without a query, for the form token (which a `lang` must not change).
        var activityPathOnly: String { "/\(workspace.slug.rawValue)/\(trajectory?.plan.id ?? "")/\(activity?.id ?? "")" }

        /// `path` with `?lang=` when the resident chose a language, so the next click keeps it even without cookies.
        func link(_ path: String) -> String { Self.link(path, choice) }

        static func link(_ path: String, _ choice: PublicLanguage.Choice) -> String {
            guard choice.explicit else { return path }
            return path + (path.contains("?") ? "&" : "?") + "lang=\(choice.language.rawValue)"
        }
        /// `browser` unless the config says `code` or `none`.
        var limit: ResponseLimit { activity?.responseLimit ?? .browser }
        var askCode: Bool { limit == .code }
    }

    /// Finds the trajectory (`depth` 2) and activity (`depth` 3) the path names in the resolved workspace.
    @inline(never)  // see ResidentSite+Pages.swift: inlined, it makes the optimiser crash on trajectoryPage
    func target(_ request: Request, _ context: ResidentWorkspaceContext, depth: Int, json: Bool = false) async throws -> Target {
        let workspace = context.workspace
        let choice = PublicLanguage.of(request, workspace: workspace)
        let texts = PublicTexts(language: choice.language)
        var found = Target(workspace: workspace, trajectory: nil, activity: nil, choice: choice, linkBase: Self.linkBase(request.uri))
        if !json { found.branding = await residents.branding(workspace) }
        guard depth >= 2 else { return found }
        // Built only when needed: rendering a page or a problem is not free.
        let notFound = {
            PublicFailure.notFound(request, language: texts.language, municipality: workspace.workspace.name, json: json)
        }
        guard let id = context.parameters.get("trajectory"), let stored = try await residents.trajectory(workspace, id) else {
            throw notFound()
        }
        found.trajectory = stored
        guard depth >= 3 else { return found }
        guard let id = context.parameters.get("activity"), let activity = await residents.activity(workspace, in: stored, id) else {
            throw notFound()
        }
        found.activity = activity
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

    /// The client for rate limiting: the peer, or — when a proxy on this machine forwards — the address that
    /// proxy appended to `X-Forwarded-For` (the last one; earlier ones are whatever the client claimed).
    func client(_ request: Request, _ context: ResidentWorkspaceContext) -> String {
        Self.client(request, peer: context.remoteAddress, trustForwardedFor: settings.trustForwardedFor)
    }

    static func client(_ request: Request, peer address: SocketAddress?, trustForwardedFor: Bool) -> String {
        let peer = address?.ipAddress ?? "unknown"
        if trustForwardedFor, peer == "127.0.0.1" || peer == "::1",
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
    func describedForm(_ target: Target) async -> DescribedForm? {
        guard let activity = target.activity else { return nil }
        return await residents.form(target.workspace, activity, language: target.texts.language.rawValue)
    }

    /// A cookie's value, read straight from the `Cookie` fields: parsing every cookie into a dictionary
    /// showed in profiles of busy polls, and only this one is needed.
    static func cookie(_ name: String, in request: Request) -> String? {
        cookie(name, inFields: request.headers[values: .cookie])
    }

    /// The value of cookie `name` in `Cookie` field values (`a=1; b=2`), the first when it is repeated.
    static func cookie(_ name: String, inFields fields: [String]) -> String? {
        // Scanned byte by byte: every response reads two or three cookies, and splitting the field into an
        // array of pieces each time showed in profiles.
        var name = name
        return name.withUTF8 { name -> String? in
            for var field in fields {
                let found = field.withUTF8 { bytes -> String? in
                    var start = 0
                    while start < bytes.count {
                        var end = start
                        while end < bytes.count, bytes[end] != UInt8(ascii: ";") { end += 1 }
                        var pair = start
                        while pair < end, bytes[pair] == UInt8(ascii: " ") { pair += 1 }
                        if end - pair > name.count, bytes[pair + name.count] == UInt8(ascii: "="),
                            name.elementsEqual(bytes[pair..<(pair + name.count)])
                        {
                            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(pair + name.count + 1)..<end]), as: UTF8.self)
                        }
                        start = end + 1
                    }
                    return nil
                }
                if let found { return found }
            }
            return nil
        }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, cookie: Cookie? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
