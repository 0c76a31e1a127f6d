import Foundation
import Hummingbird
import StipDomain
import StipParticipation
import StipStorage
import StipJSON

// MARK: - Poll codes for letters to households

struct GenerateCodesBody: Decodable {
    static let fields: Set<String> = ["count", "trajectory"]
    var count: Int
    var trajectory: String?
}

struct RevokeCodesBody: Decodable {
    static let fields: Set<String> = ["codes", "all_unused", "trajectory"]
    var codes: [String]?
    var allUnused: Bool?
    var trajectory: String?

    enum CodingKeys: String, CodingKey {
        case codes
        case allUnused = "all_unused"
        case trajectory
    }
}

struct CodeCountsBody: Encodable {
    var trajectory: String
    var activity: String
    var counts: PollCodeCounts
}

extension AdminAPI {
    func registerPollCodeRoutes(_ r: RouteRegistrar) {
        r.add(.post, "/v1/workspaces/{slug}/activities/{activity}/codes") { request, context in
            let slug = try Self.slug(context)
            let body = try await Self.decodeObject(
                GenerateCodesBody.self, allowed: GenerateCodesBody.fields, request, limit: self.settings.maxBodyBytes)
            guard (1...100_000).contains(body.count) else {
                throw APIProblem(
                    DomainError(
                        code: .invalidValue, message: "count must be from 1 to 100000",
                        fieldIssues: [FieldIssue(field: "count", message: "one code per letter, at most 100000 per request")]))
            }
            let activity = try await self.codeActivity(slug, context, trajectory: body.trajectory)
            let codes = try await self.services().store.generateCodes(
                slug, trajectory: activity.trajectory, activity: activity.id, count: body.count, by: Self.caller(context))
            if request.uri.queryParameters.get("format") == "csv" || (request.headers[.accept] ?? "").contains("text/csv") {
                var response = Self.csvResponse("code\n" + codes.joined(separator: "\n") + "\n", name: "\(slug)-\(activity.id)-codes.csv")
                response.status = .created
                return response
            }
            return try JSONBodies.response(["codes": codes], status: .created)
        }
        r.add(.get, "/v1/workspaces/{slug}/activities/{activity}/codes") { request, context in
            let slug = try Self.slug(context)
            let activity = try await self.codeActivity(
                slug, context, trajectory: request.uri.queryParameters.get("trajectory"), requireCodeMode: false)
            let counts = try await self.services().store.codeCounts(slug, trajectory: activity.trajectory, activity: activity.id)
            return try JSONBodies.response(CodeCountsBody(trajectory: activity.trajectory, activity: activity.id, counts: counts))
        }
        r.add(.post, "/v1/workspaces/{slug}/activities/{activity}/codes/revoke") { request, context in
            let slug = try Self.slug(context)
            let body = try await Self.decodeObject(
                RevokeCodesBody.self, allowed: RevokeCodesBody.fields, request, limit: self.settings.maxBodyBytes)
            guard (body.codes?.isEmpty == false) != (body.allUnused == true) else {
                throw APIProblem.invalidBody("give either \"codes\" (a list) or \"all_unused\": true")
            }
            let activity = try await self.codeActivity(slug, context, trajectory: body.trajectory, requireCodeMode: false)
            let revoked = try await self.services().store.revokeCodes(
                slug, trajectory: activity.trajectory, activity: activity.id, codes: body.allUnused == true ? nil : body.codes,
                by: Self.caller(context))
            let counts = try await self.services().store.codeCounts(slug, trajectory: activity.trajectory, activity: activity.id)
            return try JSONBodies.response(["revoked": JSONValue.int(Int64(revoked)), "counts": try JSONValue(encoding: counts)])
        }
    }

    /// The activity the codes are for; generating codes needs `one_response_per: code` in its config.
    func codeActivity(_ slug: WorkspaceSlug, _ context: AdminRequestContext, trajectory: String?, requireCodeMode: Bool = true) async throws
        -> StoredActivity
    {
        let id = try Self.identifier(context, "activity", what: "activity")
        let activity = try await services().store.activity(slug, trajectory: trajectory, id: id)
        if requireCodeMode, activity.config["one_response_per"]?.stringValue != "code" {
            throw APIProblem(
                .conflict, code: "codes_not_used", title: "This activity does not use codes",
                detail:
                    "activity \(id) takes one response per \(activity.config["one_response_per"]?.stringValue ?? "browser"); set one_response_per: code in its config and apply the plan first"
            )
        }
        return activity
    }
}
