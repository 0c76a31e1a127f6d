import Foundation
import HTTPTypes
import Hummingbird

/// Page views per client (`public.page_rate_limit_per_minute`): every GET and HEAD counts, known addresses or
/// not, so a client cannot make the server look up made-up addresses without end. The stylesheet and the
/// health check do not count; submissions have their own, stricter limit.
struct PageRateLimit: RouterMiddleware {
    typealias Context = ResidentRequestContext
    let limiter: RateLimiter
    let trustForwardedFor: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get || request.method == .head, !path.hasPrefix("/static/"), path != "/health" else {
            return try await next(request, context)
        }
        let client = ResidentSite.client(request, peer: context.remoteAddress, trustForwardedFor: trustForwardedFor)
        guard limiter.allow(client) else {
            let texts = PublicTexts(language: PublicLanguage.of(request, workspace: nil).language)
            var headers = HTTPFields()
            headers[.retryAfter] = "60"
            if path.hasPrefix("/api/") {
                throw PublicFailure.problem(
                    .tooManyRequests, code: "rate_limited", detail: "too many requests; wait a minute", headers: headers)
            }
            let layout = PublicLayout(texts: texts, municipality: nil, path: ResidentSite.linkBase(request.uri)())
            let pages = PublicPages(texts: texts, layout: layout, dates: ResidentDates(language: texts.language, timeZone: .gmt)) { $0 }
            throw PublicFailure.page(.tooManyRequests, pages.notice(texts.tooManyTitle, texts.tooManyPagesText), headers: headers)
        }
        return try await next(request, context)
    }
}
