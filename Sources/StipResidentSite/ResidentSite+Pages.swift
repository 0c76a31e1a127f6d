import Foundation
import HTTPTypes
import Hummingbird
import StipDomain
import NIOCore
import StipParticipation
import StipReports

// MARK: - Pages residents read

extension ResidentSite {
    func workspacePage(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let target = try await target(request, context, depth: 1)
        let workspace = target.workspace
        let published = try await residents.published(workspace)
        var online: [PublicActivity] = []
        for trajectory in published { online += await residents.openActivities(workspace, in: trajectory) }
        let names = await methodNames(online.map(\.activity.method), target.texts)
        var response = Self.html(target.pages.workspace(workspace.workspace, trajectories: published, online: online, methodNames: names))
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    func trajectoryPage(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let target = try await target(request, context, depth: 2)
        let stored = target.trajectory!
        let outcome = try await outcome(target.workspace, stored)
        let now = Date()
        let openForms = Set(await residents.openActivities(target.workspace, in: stored, at: now).map(\.id))
        let online = await onlineActivities(target.workspace, stored)
        let names = await methodNames(stored.plan.activities.map(\.method), target.texts)
        let report = await publishedReport(target.workspace, stored.plan.id, language: target.texts.language.rawValue)
        var response = Self.html(
            target.pages.trajectory(
                target.workspace.workspace, stored, outcome: outcome, online: online, openForms: openForms,
                methodNames: names, today: target.workspace.today(), now: now, report: report))
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    func thanksPage(_ request: Request, _ context: ResidentWorkspaceContext) async throws -> Response {
        let target = try await target(request, context, depth: 3)
        let pending = request.uri.queryParameters.get("status") == "pending"
        // Only a reference of the shape Stip gives (`r-` and 16 hex digits) is shown back.
        let reference = request.uri.queryParameters.get("ref").map { String($0) }.flatMap {
            $0.wholeMatch(of: #/r-[0-9a-f]{16}/#) != nil ? $0 : nil
        }
        return Self.html(
            target.pages.thanks(
                pending: pending, window: target.window, decider: target.trajectory!.plan.decisionMaker.rawValue,
                trajectoryPath: target.trajectoryPath, reference: reference))
    }

    // `target` and the two helpers below stay out of line on purpose: inlined into `trajectoryPage`, their
    // typed-throws calls and loops of awaits make the Swift 6 optimiser crash while splitting the coroutine
    // (release builds only, which `make install` and `make bench` use). `swift build -c release` shows it.

    /// The public view of the report published for a trajectory, if any; a report that cannot be read is left off
    /// the page rather than failing it.
    @inline(never)
    private func publishedReport(_ workspace: ResolvedWorkspace, _ trajectory: String, language: String) async -> ReportView? {
        (try? await participation.reports.published(workspace, trajectory: trajectory, language: language))??.1
    }

    /// The published report as a whole document: `report.html` (standalone, the report's own print layout) or
    /// `report.pdf`. 404 when none is published.
    func reportDocument(_ request: Request, _ context: ResidentWorkspaceContext, format: ReportOptions.Format) async throws -> Response {
        let target = try await target(request, context, depth: 2)
        let trajectory = target.trajectory!.plan.id
        guard
            let document = try await residentReport(target.workspace, trajectory, format: format, language: target.texts.language.rawValue)
        else {
            throw PublicFailure.notFound(
                request, language: target.texts.language, municipality: target.workspace.workspace.name, json: false)
        }
        var headers = HTTPFields()
        headers[.contentType] = format.mediaType
        if format == .pdf { headers[.contentDisposition] = "attachment; filename=\"\(trajectory)-verslag.pdf\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
    }

    @inline(never)
    private func residentReport(_ workspace: ResolvedWorkspace, _ trajectory: String, format: ReportOptions.Format, language: String)
        async throws -> Data?
    {
        do {
            return try await participation.reports.publishedDocument(workspace, trajectory: trajectory, format: format, language: language)
        } catch { throw error as any Error }
    }

    /// What came of a trajectory's participation, with the domain's typed error widened to `any Error`.
    @inline(never)
    private func outcome(_ workspace: ResolvedWorkspace, _ trajectory: StoredTrajectory) async throws -> TrajectoryOutcome {
        do { return try await residents.outcome(workspace, trajectory) } catch { throw error as any Error }
    }

    /// The trajectory's activities that have an online form, by activity id.
    @inline(never)
    private func onlineActivities(_ workspace: ResolvedWorkspace, _ trajectory: StoredTrajectory) async -> [String: PublicActivity] {
        var online: [String: PublicActivity] = [:]
        for activity in trajectory.activities where !activity.archived {
            if let found = await residents.activity(workspace, in: trajectory, activity.id) { online[activity.id] = found }
        }
        return online
    }

    /// The methods' names for residents, from their manifests, by method id.
    func methodNames(_ methods: [String], _ texts: PublicTexts) async -> [String: String] {
        var names: [String: String] = [:]
        for method in Set(methods) { names[method] = await residents.methodName(method, language: texts.language.rawValue) }
        return names
    }
}

extension ResidentSite {
    /// `GET /`: a visitor who typed the bare address. A redirect when the node has one configured, else a plain
    /// page that names the service and says where to go, in the browser's language.
    func rootPage(_ request: Request) -> Response {
        if let redirect = settings.rootRedirect {
            return Response(status: .found, headers: [.location: redirect, .cacheControl: "no-cache"])
        }
        let texts = PublicTexts(language: PublicLanguage.of(request, workspace: nil).language)
        let layout = PublicLayout(texts: texts, municipality: nil, path: Self.linkBase(request.uri)())
        let pages = PublicPages(texts: texts, layout: layout, dates: ResidentDates(language: texts.language, timeZone: .gmt)) { $0 }
        return Self.html(pages.notice(texts.rootTitle, texts.rootText))
    }
}

extension ResidentSite {
    /// `:root { --accent: … }` for a municipality that set an accent colour; the default look otherwise.
    func accentStylesheet(_ context: ResidentWorkspaceContext) async -> Response {
        let accent = await residents.branding(context.workspace).accentColor
        let css = accent.map { ":root { --accent: \($0); }\n" } ?? "/* no accent colour set */\n"
        return Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    /// The municipality's logo, served so that it can run nothing even when opened on its own.
    func logo(_ context: ResidentWorkspaceContext) async -> Response {
        guard let logo = await residents.branding(context.workspace).logo else {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "no logo\n")))
        }
        var response = Response(
            status: .ok, headers: [.contentType: logo.mediaType, .cacheControl: "public, max-age=86400"],
            body: .init(byteBuffer: ByteBuffer(bytes: logo.bytes)))
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        return response
    }
}
