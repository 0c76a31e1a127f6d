import Foundation
import Hummingbird
import StipDomain
import StipParticipation

/// The language of a resident's page: Dutch unless they ask for English.
enum PublicLanguage: String, Sendable {
    case nl, en

    /// The cookie that remembers a resident's choice, so the next click keeps it.
    static let cookieName = "stip_lang"

    /// A page's language and whether the resident chose it (rather than their browser's settings).
    struct Choice: Sendable {
        let language: PublicLanguage
        /// Chosen with `?lang=` now or earlier (the cookie): links on the page then carry it, so it holds even
        /// where cookies are refused.
        let explicit: Bool
    }

    /// `?lang=` wins; then the remembered choice (cookie); then the first of nl/en in `Accept-Language` by
    /// quality; then the workspace's own language.
    static func choose(query: String?, cookie: String?, acceptLanguage: String?, fallback: PublicLanguage = .nl) -> Choice {
        if let query, let chosen = PublicLanguage(rawValue: query.lowercased()) { return Choice(language: chosen, explicit: true) }
        if let cookie, let chosen = PublicLanguage(rawValue: cookie) { return Choice(language: chosen, explicit: true) }
        return Choice(language: preferred(acceptLanguage) ?? fallback, explicit: false)
    }

    /// The first of nl/en in an `Accept-Language` field by quality.
    static func preferred(_ acceptLanguage: String?) -> PublicLanguage? {
        guard let acceptLanguage else { return nil }
        var best: (PublicLanguage, Double)?
        for part in acceptLanguage.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let primary = String(tag.prefix { $0 != "-" })
            guard let language = PublicLanguage(rawValue: primary) else { continue }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") { quality = Double(parameter.dropFirst(2)) ?? 0 }
            if quality > 0, best == nil || quality > best!.1 { best = (language, quality) }
        }
        return best?.0
    }

    /// The language of a page of `workspace` (or of no workspace, `nil`): the resident's choice, else the
    /// municipality's own language.
    static func of(_ request: Request, workspace: ResolvedWorkspace?) -> Choice {
        choose(
            query: request.uri.queryParameters.get("lang"), cookie: ResidentSite.cookie(cookieName, in: request),
            acceptLanguage: request.headers[.acceptLanguage],
            fallback: workspace.flatMap { PublicLanguage(rawValue: $0.locale.rawValue) } ?? .nl)
    }
}

/// Remembers a language chosen with `?lang=` in a cookie, so the next click keeps it (a page chosen by
/// `Accept-Language` alone sets nothing).
struct LanguageMemory: RouterMiddleware {
    typealias Context = ResidentRequestContext
    let secureCookies: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let asked = request.uri.queryParameters.get("lang").flatMap({ PublicLanguage(rawValue: $0.lowercased()) }),
            ResidentSite.cookie(PublicLanguage.cookieName, in: request) != asked.rawValue
        {
            response.setCookie(
                Cookie(
                    name: PublicLanguage.cookieName, value: asked.rawValue, maxAge: 365 * 24 * 3600, path: "/", secure: secureCookies,
                    httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
