import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StipHTTP
import StipJSON

/// A finished error response of the resident pages (an HTML page or a JSON problem).
struct PublicFailure: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func page(_ status: HTTPResponse.Status, _ html: String, headers: HTTPFields = [:]) -> PublicFailure {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return PublicFailure(status: status, headers: fields, body: html)
    }

    static func problem(
        _ status: HTTPResponse.Status, code: String, detail: String, errors: [[String: String]] = [], headers: HTTPFields = [:]
    )
        -> PublicFailure
    {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        var object: [String: JSONValue] = [
            "type": .string("tag:stip,2026:problem/\(code)"), "status": .int(Int64(status.code)), "code": .string(code),
            "title": .string(status.reasonPhrase), "detail": .string(detail),
        ]
        if !errors.isEmpty { object["errors"] = .array(errors.map { .object($0.mapValues { .string($0) }) }) }
        return PublicFailure(status: status, headers: fields, body: JSONValue.object(object).jsonText)
    }
}

extension PublicFailure {
    /// "Page not found", as a page in the resident's language or as a JSON problem.
    static func notFound(_ request: Request, language: PublicLanguage, municipality: String?, json: Bool) -> PublicFailure {
        let texts = PublicTexts(language: language)
        if json { return .problem(.notFound, code: "not_found", detail: texts.notFoundText) }
        return .page(.notFound, pages(request, texts, municipality).notice(texts.notFoundTitle, texts.notFoundText))
    }

    /// "Temporarily unavailable" (a suspended workspace), with `Retry-After`.
    static func unavailable(_ request: Request, language: PublicLanguage, municipality: String?, json: Bool) -> PublicFailure {
        let texts = PublicTexts(language: language)
        var headers = HTTPFields()
        headers[.retryAfter] = "3600"
        if json { return .problem(.serviceUnavailable, code: "unavailable", detail: texts.unavailableText, headers: headers) }
        return .page(
            .serviceUnavailable, pages(request, texts, municipality).notice(texts.unavailableTitle, texts.unavailableText),
            headers: headers)
    }

    /// Pages for a notice outside a resolved workspace (no dates are shown on them).
    private static func pages(_ request: Request, _ texts: PublicTexts, _ municipality: String?) -> PublicPages {
        let layout = PublicLayout(texts: texts, municipality: municipality, path: ResidentSite.linkBase(request.uri)())
        return PublicPages(texts: texts, layout: layout, dates: ResidentDates(language: texts.language, timeZone: .gmt)) { $0 }
    }
}

/// Security headers on every resident response, error pages included; unexpected errors become a plain page.
struct PublicHeadersMiddleware: RouterMiddleware {
    typealias Context = ResidentRequestContext

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// The routes, to tell a method a path does not take (405 with `Allow`) from a path that does not exist.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !routes.methods(matching: request.uri.path).isEmpty {
            response = Self.methodNotAllowed(request, allowed: routes.methods(matching: request.uri.path))
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("public page \(request.uri.path) failed: \(error)")
            response = try PublicFailure.page(
                .internalServerError,
                "<!doctype html><html lang=\"nl\"><title>Fout</title><p>Er ging iets mis. Probeer het later opnieuw.</p></html>"
            )
            .response(from: request, context: context)
        }
        // A response with a stricter policy of its own (a logo) keeps it.
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.xFrameOptions] = "DENY"
        // Pages and the JSON twin speak the language the request asks for: caches must keep them apart.
        if !request.uri.path.hasPrefix("/static/") { response.headers[.vary] = "Accept-Language, Cookie" }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

extension PublicHeadersMiddleware {
    /// 405 for a method the path does not take, naming those it does (HEAD wherever GET).
    static func methodNotAllowed(_ request: Request, allowed: [String]) -> Response {
        let methods = Set(allowed + (allowed.contains("GET") ? ["HEAD"] : [])).sorted()
        var headers = HTTPFields()
        headers[.allow] = methods.joined(separator: ", ")
        let detail = "\(request.method) is not supported on \(request.uri.path); use \(methods.joined(separator: " or "))"
        if request.uri.path.hasPrefix("/api/") {
            headers[.contentType] = "application/problem+json"
            let body = JSONValue.object([
                "type": .string("tag:stip,2026:problem/method_not_allowed"), "title": .string("Method not allowed"),
                "status": .int(405), "code": .string("method_not_allowed"), "detail": .string(detail),
            ])
            return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
        }
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: .methodNotAllowed, headers: headers, body: .init(byteBuffer: ByteBuffer(string: detail + "\n")))
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
