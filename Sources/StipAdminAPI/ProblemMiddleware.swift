import Foundation
import Hummingbird
import Logging
import StipDomain
import StipHTTP

/// Turns every error into an `application/problem+json` response (never a bare 500) and
/// writes one log line per request: method, path, status, duration and the caller's uid.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext
    let routes: RouteTable
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        let peer = await PeerCredentials.of(context.channel)
        context.peer = peer
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = try problem(for: error, request: request).response(from: request, context: context)
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info(
            "admin request",
            metadata: [
                "method": "\(request.method)",
                "path": "\(request.uri.path)",
                "status": "\(response.status.code)",
                "duration_ms": "\(String(format: "%.1f", milliseconds))",
                "uid": peer.map { "\($0.uid)" } ?? "-",
            ])
        return response
    }

    private func problem(for error: any Error, request: Request) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let error as DomainError:
            guard error.code != .internalError else {
                // The details are for the log, not for the caller.
                logger.error("\(request.method) \(request.uri.path): \(error.message)")
                return .internalError()
            }
            return APIProblem(error)
        case let error as HTTPError where error.status == .notFound:
            let allowed = routes.methods(matching: request.uri.path)
            if allowed.isEmpty { return .notFound(request.uri.path) }
            return .methodNotAllowed(request.method.rawValue, request.uri.path, allowed: allowed)
        case let error as HTTPError where error.status == .contentTooLarge:
            return APIProblem(
                .contentTooLarge, code: "body_too_large", title: "The request body is too large",
                detail: error.body ?? "the body is too large")
        case let error as HTTPError:
            return APIProblem(
                error.status, code: "http_\(error.status.code)", title: error.status.reasonPhrase,
                detail: error.body ?? error.status.reasonPhrase)
        default:
            logger.error("unexpected error on \(request.method) \(request.uri.path): \(String(reflecting: error))")
            return .internalError()
        }
    }
}
