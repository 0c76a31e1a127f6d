import Foundation
import Hummingbird
import HTTPTypes
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - Participants and privacy (AVG)

struct ParticipantBody: Decodable {
    static let fields: Set<String> = ["id", "profile", "consent", "email"]
    var id: String?
    var profile: Participant.Profile?
    var consent: Participant.Consent?
    var email: String?

    /// The members of `profile` and `consent`: an unknown one there is refused as at the top.
    static let nested: [String: Set<String>] = ["profile": ["age_band", "area", "role"], "consent": ["report_back", "future_activities"]]
}

struct ParticipantPatchBody: Decodable {
    static let fields: Set<String> = ["profile", "consent", "email"]
    var profile: Participant.Profile?
    var consent: ParticipantPatch.ConsentPatch?
    var email: String?
}

struct ParticipantListBody: Encodable {
    var participants: [ParticipantSummary]
}

struct PrivacyBody: Codable {
    static let fields: Set<String> = ["retention_months"]
    var retentionMonths: Int

    enum CodingKeys: String, CodingKey {
        case retentionMonths = "retention_months"
    }
}

extension AdminAPI {
    func registerParticipantRoutes(_ r: WorkspaceRoutes) {
        let participants = participation.participants
        r.add(.post, "/participants") { request, context in
            let body = try await JSONBodies.decodeObject(
                ParticipantBody.self, allowed: ParticipantBody.fields, nested: ParticipantBody.nested, request,
                limit: self.settings.maxBodyBytes)
            let draft = ParticipantDraft(
                id: body.id, profile: body.profile ?? .init(), consent: body.consent ?? Participant.Consent(), email: body.email)
            let participant = try await participants.register(context.workspace, draft, by: context.caller)
            var headers = HTTPFields()
            headers[.location] = "/v1/workspaces/\(context.workspace.slug)/participants/\(participant.id)"
            return try JSONBodies.response(participant, status: .created, headers: headers)
        }
        r.add(.get, "/participants") { request, context in
            var limit = 10_000
            if let text = request.uri.queryParameters.get("limit") {
                guard let value = Int(text), (1...100_000).contains(value) else {
                    throw APIProblem.invalidQuery("limit=\(text) must be a whole number from 1 to 100000")
                }
                limit = value
            }
            return try JSONBodies.response(ParticipantListBody(participants: try await participants.list(context.workspace, limit: limit)))
        }
        r.add(.patch, "/participants/{participant}") { request, context in
            let id = try RequestReading.identifier(context, "participant", what: "participant")
            let body = try await JSONBodies.decodeObject(
                ParticipantPatchBody.self, allowed: ParticipantPatchBody.fields, nested: ParticipantBody.nested, request,
                limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(
                try await participants.update(
                    context.workspace, id, ParticipantPatch(profile: body.profile, consent: body.consent, email: body.email),
                    by: context.caller))
        }
        r.add(.get, "/participants/{participant}") { _, context in
            let id = try RequestReading.identifier(context, "participant", what: "participant")
            return try JSONBodies.response(try await participants.export(context.workspace, id, by: context.caller))
        }
        r.add(.delete, "/participants/{participant}") { _, context in
            let id = try RequestReading.identifier(context, "participant", what: "participant")
            return try JSONBodies.response(try await participants.erase(context.workspace, id, by: context.caller))
        }
        r.add(.get, "/privacy") { _, context in
            try JSONBodies.response(PrivacyBody(retentionMonths: try await participants.retentionMonths(context.workspace)))
        }
        r.add(.put, "/privacy") { request, context in
            let body = try await JSONBodies.decodeObject(
                PrivacyBody.self, allowed: PrivacyBody.fields, request, limit: self.settings.maxBodyBytes)
            try await participants.setRetentionMonths(context.workspace, body.retentionMonths, by: context.caller)
            return try JSONBodies.response(body)
        }
        r.add(.post, "/privacy/sweep") { _, context in
            try JSONBodies.response(try await participants.sweep(context.workspace, by: context.caller))
        }
    }
}
