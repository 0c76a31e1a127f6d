import Foundation
import Hummingbird
import StipHTTP
import StipJSON
import StipParticipation
import StipDomain

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

extension AdminAPI {
    func registerPollCodeRoutes(_ r: WorkspaceRoutes) {
        let pollCodes = participation.pollCodes
        r.add(.post, "/activities/{activity}/codes") { request, context in
            let id = try RequestReading.identifier(context, "activity", what: "activity")
            let body = try await JSONBodies.decodeObject(
                GenerateCodesBody.self, allowed: GenerateCodesBody.fields, request, limit: self.settings.maxBodyBytes)
            let (activity, codes) = try await pollCodes.generate(
                context.workspace, activity: id, trajectory: body.trajectory, count: body.count, by: context.caller)
            if RequestReading.wantsCSV(request) {
                return RequestReading.csvResponse(
                    "code\n" + codes.joined(separator: "\n") + "\n", name: "\(context.workspace.slug)-\(activity.id)-codes.csv",
                    status: .created)
            }
            return try JSONBodies.response(["codes": codes], status: .created)
        }
        r.add(.get, "/activities/{activity}/codes") { request, context in
            let id = try RequestReading.identifier(context, "activity", what: "activity")
            return try JSONBodies.response(
                try await pollCodes.counts(context.workspace, activity: id, trajectory: request.uri.queryParameters.get("trajectory")))
        }
        r.add(.post, "/activities/{activity}/codes/revoke") { request, context in
            let id = try RequestReading.identifier(context, "activity", what: "activity")
            let body = try await JSONBodies.decodeObject(
                RevokeCodesBody.self, allowed: RevokeCodesBody.fields, request, limit: self.settings.maxBodyBytes)
            if body.codes?.isEmpty == true { throw APIProblem.invalidBody("\"codes\" lists no code; name at least one") }
            guard (body.codes != nil) != (body.allUnused == true) else {
                throw APIProblem.invalidBody("give either \"codes\" (a list) or \"all_unused\": true")
            }
            let (revoked, counts) = try await pollCodes.revoke(
                context.workspace, activity: id, trajectory: body.trajectory, codes: body.allUnused == true ? nil : body.codes,
                by: context.caller)
            return try JSONBodies.response(["revoked": JSONValue.int(Int64(revoked)), "counts": try JSONValue(encoding: counts)])
        }
    }
}
