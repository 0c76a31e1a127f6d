import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StipDomain
import StipHTTP
import StipJSON
import StipParticipation
import StipVocabulary

// MARK: - Contributions: one by one, imported, listed, rejected, amended

struct ContributionBody: Decodable {
    static let fields: Set<String> = ["trajectory", "activity", "participant", "channel", "submission", "themes", "occurred_on"]
    var trajectory: String?
    var activity: String
    var participant: String?
    var channel: ContributionChannel?
    var submission: JSONValue
    var themes: [String]?
    var occurredOn: LocalDate?

    enum CodingKeys: String, CodingKey {
        case trajectory, activity, participant, channel, submission, themes
        case occurredOn = "occurred_on"
    }
}

struct RejectBody: Decodable {
    static let fields: Set<String> = ["reason"]
    var reason: String
}

struct AmendBody: Decodable {
    static let fields: Set<String> = ["payload_patch", "themes", "occurred_on"]
    var payloadPatch: JSONValue?
    var themes: [String]?
    var occurredOn: LocalDate?

    enum CodingKeys: String, CodingKey {
        case payloadPatch = "payload_patch"
        case themes
        case occurredOn = "occurred_on"
    }
}

struct ContributionListBody: Encodable {
    var contributions: [Contribution]
}

extension AdminAPI {
    func registerContributionRoutes(_ r: WorkspaceRoutes) {
        let contributions = participation.contributions
        r.add(.post, "/contributions") { request, context in
            let body = try await JSONBodies.decodeObject(
                ContributionBody.self, allowed: ContributionBody.fields, request, limit: self.settings.maxBodyBytes)
            let submission = ContributionIntake.Submission(
                trajectory: body.trajectory, activity: body.activity, participant: body.participant, channel: body.channel ?? .offline,
                payload: body.submission, themes: body.themes ?? [], occurredOn: body.occurredOn)
            let stored = try await contributions.add(context.workspace, submission, by: context.caller)
            // 202 says "kept, not yet validated": the plugin was unavailable.
            return try JSONBodies.response(stored, status: stored.state == .pendingValidation ? .accepted : .created)
        }
        r.add(.get, "/contributions") { request, context in
            let query = request.uri.queryParameters
            var filter = ContributionFilter(
                trajectory: query.get("trajectory"), activity: query.get("activity"), participant: query.get("participant"),
                unanswered: try RequestReading.flag(request, "unanswered"),
                includeArchived: try RequestReading.flag(request, "include_archived"))
            if let text = query.get("state") {
                guard let state = ContributionState(rawValue: text) else {
                    throw APIProblem.invalidQuery(
                        "state=\(text) is not a state; use \(ContributionState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter.state = state
            }
            if let text = query.get("limit") {
                guard let limit = Int(text), (1...100_000).contains(limit) else {
                    throw APIProblem.invalidQuery("limit=\(text) must be a whole number from 1 to 100000")
                }
                filter.limit = limit
            }
            return try JSONBodies.response(ContributionListBody(contributions: try await contributions.list(context.workspace, filter)))
        }
        r.add(.get, "/contributions/{contribution}") { _, context in
            let id = try RequestReading.identifier(context, "contribution", what: "contribution")
            return try JSONBodies.response(try await contributions.get(context.workspace, id))
        }
        r.add(.patch, "/contributions/{contribution}") { request, context in
            let id = try RequestReading.identifier(context, "contribution", what: "contribution")
            let body = try await JSONBodies.decodeObject(
                AmendBody.self, allowed: AmendBody.fields, nullable: ["payload_patch"], request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(
                try await contributions.amend(
                    context.workspace, id, patch: body.payloadPatch ?? .object([:]), themes: body.themes, occurredOn: body.occurredOn,
                    by: context.caller))
        }
        r.add(.post, "/contributions/{contribution}/reject") { request, context in
            let id = try RequestReading.identifier(context, "contribution", what: "contribution")
            let body = try await JSONBodies.decodeObject(
                RejectBody.self, allowed: RejectBody.fields, request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(try await contributions.reject(context.workspace, id, reason: body.reason, by: context.caller))
        }
        r.add(.post, "/contributions/{contribution}/retry") { _, context in
            let id = try RequestReading.identifier(context, "contribution", what: "contribution")
            return try JSONBodies.response(try await contributions.retry(context.workspace, id, by: context.caller))
        }
        r.add(.get, "/activities/{activity}/export") { request, context in
            let activity = try RequestReading.identifier(context, "activity", what: "activity")
            let query = request.uri.queryParameters
            guard let format = query.get("format"), !format.isEmpty else {
                throw APIProblem.invalidQuery("say which document with format=…; `stipctl plugin list` shows what each method exports")
            }
            let document = try await contributions.export(
                context.workspace, trajectory: query.get("trajectory"), activity: activity, format: format)
            var headers = HTTPFields()
            headers[.contentType] = document.mediaType
            headers[.contentDisposition] = "attachment; filename=\"\(document.fileName)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: document.text)))
        }
        r.add(.post, "/activities/{activity}/imports") { request, context in
            let activity = try RequestReading.identifier(context, "activity", what: "activity")
            let query = request.uri.queryParameters
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let formatText = query.get("format") ?? (contentType.contains("csv") ? "csv" : contentType.contains("yaml") ? "yaml" : "")
            guard let format = ContributionImport.Format(rawValue: formatText) else {
                throw APIProblem.invalidQuery("say format=csv or format=yaml (or send Content-Type text/csv or application/yaml)")
            }
            let text = try await RequestReading.text(request, limit: self.settings.maxBodyBytes * 16)
            var occurredOn: LocalDate?
            if let day = query.get("occurred_on") {
                guard let parsed = LocalDate(day) else {
                    throw APIProblem.invalidQuery("occurred_on=" + LocalDate.problem(with: day))
                }
                occurredOn = parsed
            }
            let options = ContributionImport.Options(
                skipInvalid: try RequestReading.flag(request, "skip_invalid"), dryRun: try RequestReading.flag(request, "dry_run"),
                ignoreColumns: query.getAll("ignore_column").map { String($0) }, occurredOn: occurredOn)
            let report = try await contributions.importFile(
                context.workspace, trajectory: query.get("trajectory"), activity: activity, format: format, text: text,
                file: query.get("file"), options: options, by: context.caller)
            return try JSONBodies.response(report, status: options.dryRun ? .ok : .created)
        }
    }
}
