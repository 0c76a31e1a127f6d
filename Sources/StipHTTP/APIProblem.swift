import Foundation
public import HTTPTypes
public import Hummingbird
import NIOCore
public import StipDomain
import StipJSON

/// An RFC 9457 problem: every error the admin API returns, with a stable `code`.
public struct APIProblem: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, e.g. `workspace_not_found`.
    public var code: String
    /// Short summary that does not change between occurrences.
    public var title: String
    /// What happened this time and what to do.
    public var detail: String
    /// Field-level problems.
    public var errors: [FieldIssue]
    /// Extra response headers (e.g. `Allow` on 405).
    public var headers: HTTPFields

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, code: String, title: String, detail: String, errors: [FieldIssue] = [], headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public var description: String { "\(code): \(detail)" }

    /// The media type of problem bodies.
    public static let mediaType = "application/problem+json"

    struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var instance: String
        var errors: [FieldIssue]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: "tag:stip,2026:problem/\(code)", title: title, status: Int(status.code), detail: detail, code: code,
            instance: request.uri.path, errors: errors.isEmpty ? nil : errors)
        let data = try JSONValue(encoding: body).jsonBytes()
        var fields = headers
        fields[.contentType] = Self.mediaType
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

// MARK: - The catalogue of problems

extension APIProblem {
    public static func invalidBody(_ detail: String) -> APIProblem {
        APIProblem(.badRequest, code: "invalid_body", title: "The request body is not valid", detail: detail)
    }

    public static func invalidQuery(_ detail: String) -> APIProblem {
        APIProblem(.badRequest, code: "invalid_query", title: "A query parameter is not valid", detail: detail)
    }

    public static func bodyTooLarge(limit: Int) -> APIProblem {
        APIProblem(
            .contentTooLarge, code: "body_too_large", title: "The request body is too large",
            detail:
                "the body is larger than \(limit) bytes, the most this request takes"
        )
    }

    public static func unsupportedMediaType(expected: String) -> APIProblem {
        APIProblem(
            .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
            detail: "send the body as \(expected)")
    }

    public static func confirmationRequired(_ slug: WorkspaceSlug) -> APIProblem {
        APIProblem(
            .badRequest, code: "confirmation_required", title: "Confirmation required",
            detail: "deleting a workspace needs ?confirm=\(slug) (the slug again); with stipctl: --confirm \(slug)")
    }

    public static func notFound(_ path: String) -> APIProblem {
        APIProblem(
            .notFound, code: "not_found", title: "No such endpoint",
            detail: "there is no endpoint at \(path); see docs/admin-api.yaml for the routes")
    }

    public static func methodNotAllowed(_ method: String, _ path: String, allowed: [String]) -> APIProblem {
        var headers = HTTPFields()
        headers[.allow] = allowed.joined(separator: ", ")
        return APIProblem(
            .methodNotAllowed, code: "method_not_allowed", title: "Method not allowed",
            detail: "\(method) is not supported on \(path); use \(allowed.joined(separator: " or "))", headers: headers)
    }

    public static func internalError() -> APIProblem {
        APIProblem(
            .internalServerError, code: "internal_error", title: "Internal error",
            detail: "the daemon could not complete the request; its log (stderr/journal) has the details")
    }

    /// The problem for an error of the use cases: one table from each stable code to its status and title.
    public init(_ error: DomainError) {
        let (status, title): (HTTPResponse.Status, String) =
            switch error.code {
            case .invalidInput: (.badRequest, "The request body is not valid")
            case .invalidSlug: (.badRequest, "Invalid workspace slug")
            case .invalidValue: (.unprocessableContent, "A field has a value that is not allowed")
            case .invalidPlan: (.unprocessableContent, "The plan has problems")
            case .importRejected: (.unprocessableContent, "The import was refused")
            case .invalidPopulationFile: (.unprocessableContent, "Not a CBS export Stip can read")
            case .invalidArchive: (.badRequest, "Invalid workspace archive")
            case .invalidReference: (.unprocessableContent, "Refers to something that does not exist")
            case .unsupportedFormat: (.badRequest, "Format not offered")
            case .workspaceNotFound: (.notFound, "Workspace not found")
            case .workspaceExists: (.conflict, "Workspace exists")
            case .workspaceDeleted: (.conflict, "Workspace deleted")
            case .workspaceSuspended: (.serviceUnavailable, "Workspace suspended")
            case .workspaceUnavailable: (.serviceUnavailable, "Workspace unavailable")
            case .storageFull: (.serviceUnavailable, "Storage full")
            case .schemaTooNew: (.conflict, "Written by a newer Stip")
            case .trajectoryNotFound: (.notFound, "Trajectory not found")
            case .phaseNotFound: (.notFound, "Phase not found")
            case .cycleNotFound: (.notFound, "Cycle not found")
            case .cycleRunning: (.conflict, "A cycle is running")
            case .pdfRendererMissing: (.serviceUnavailable, "No PDF renderer")
            case .trajectoryClosed: (.conflict, "Trajectory closed")
            case .activityNotFound: (.notFound, "Activity not found")
            case .activityAmbiguous: (.conflict, "Activity name is ambiguous")
            case .activityHasContributions: (.conflict, "Activity holds contributions")
            case .participantNotFound: (.notFound, "Participant not found")
            case .participantExists: (.conflict, "Participant exists")
            case .participantErased: (.conflict, "Participant was erased")
            case .alreadyContributed: (.conflict, "Already contributed")
            case .contributionNotFound: (.notFound, "Contribution not found")
            case .contributionNotQuarantined: (.conflict, "Contribution not quarantined")
            case .reportBackNotFound: (.notFound, "Report-back not found")
            case .populationNotFound: (.notFound, "No population figures")
            case .codesNotUsed: (.conflict, "This activity does not use codes")
            case .pluginNotFound: (.notFound, "Plugin not found")
            case .methodNotEnabled: (.conflict, "Method not enabled")
            case .invalidConfig, .invalidContribution: (.unprocessableContent, "Rejected by the method plugin")
            case .pluginError: (.badGateway, "The plugin answered with an error")
            case .pluginTimeout: (.gatewayTimeout, "The plugin did not answer in time")
            case .pluginFailed: (.badGateway, "The plugin stopped while handling the request")
            case .pluginUnavailable: (.serviceUnavailable, "The plugin is unavailable")
            case .internalError: (.internalServerError, "Internal error")
            }
        self.init(status, code: error.code.rawValue, title: title, detail: error.message, errors: error.fieldIssues)
    }
}
