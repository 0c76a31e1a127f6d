import Foundation
import HTTPTypes
import Hummingbird
import StipDomain
import StipParticipation
import StipStorage
import StipVocabulary

// MARK: - Request helpers shared by the participation routes

extension AdminAPI {
    /// The participation use cases; absent only in tests that build the API without them.
    func services() throws -> ParticipationServices {
        guard let participation else {
            throw APIProblem(
                .serviceUnavailable, code: "not_configured", title: "Not configured",
                detail: "this server was started without participation services")
        }
        return participation
    }

    /// A path parameter that names an object inside a workspace (trajectory, activity, phase, participant).
    static func identifier(_ context: AdminRequestContext, _ name: String, what: String) throws -> String {
        let raw = context.parameters.get(name) ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw APIProblem(
                .badRequest, code: "invalid_identifier", title: "Invalid identifier",
                detail: "\"\(text)\" is not a \(what) id; ids are letters, digits, -, _ and . (at most 64)")
        }
        return text
    }

    /// A text body (YAML, CSV) up to the limit, as UTF-8.
    static func text(_ request: Request, limit: Int) async throws -> String {
        let buffer = try await JSONBodies.collect(request, limit: limit)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIProblem.invalidBody("the body is not UTF-8 text; save the file as UTF-8 and send it again")
        }
        return text
    }

    /// `true`/`false` query flags; anything else is refused rather than guessed.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        case "true", "1", "": return true
        case "false", "0": return false
        default: throw APIProblem.invalidQuery("\(name)=\(text) must be true or false")
        }
    }

    /// Today in the workspace's time zone.
    func today(_ slug: WorkspaceSlug) async throws -> LocalDate {
        let workspace = try await store.workspace(slug)
        return LocalDate(Date(), in: TimeZone(identifier: workspace.timeZone) ?? TimeZone(identifier: "Europe/Amsterdam")!)
    }

    /// Whether the client asked for YAML.
    static func wantsYAML(_ request: Request) -> Bool {
        let accept = request.headers[.accept] ?? ""
        return accept.contains("application/yaml") || request.uri.queryParameters.get("format") == "yaml"
    }

    static func yamlResponse(_ text: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: .init(string: text)))
    }

    static func csvResponse(_ text: String, name: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/csv; charset=utf-8"
        fields[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: .init(string: text)))
    }
}

extension APIProblem {
    static func invalidPlan(_ rejected: PlanRejected) -> APIProblem {
        APIProblem(
            .unprocessableContent, code: "invalid_plan", title: "The plan has problems",
            detail: "\(rejected.problems.count) problem\(rejected.problems.count == 1 ? "" : "s") in the plan; nothing was applied",
            errors: rejected.problems.map {
                FieldIssue(field: $0.path, message: $0.message, file: $0.file, line: $0.line, column: $0.column)
            })
    }

    static func refusedContribution(_ refused: ContributionIntake.Refused) -> APIProblem {
        APIProblem(
            .unprocessableContent, code: "invalid_contribution", title: "Rejected by the method plugin", detail: refused.message,
            errors: refused.errors)
    }

    static func importRejected(_ rejected: ContributionImport.Rejected, file: String?) -> APIProblem {
        APIProblem(
            .unprocessableContent, code: "import_rejected", title: "The import was refused", detail: rejected.message,
            errors: rejected.errors.map {
                FieldIssue(
                    field: $0.column ?? ($0.pointer.isEmpty ? "row" : $0.pointer), message: $0.message, file: file, line: $0.line,
                    row: $0.row)
            })
    }
}
