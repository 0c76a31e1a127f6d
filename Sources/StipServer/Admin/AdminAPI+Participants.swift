import Foundation
import Hummingbird
import HTTPTypes
import StipDomain
import StipParticipation
import StipStorage

// MARK: - Participants and privacy (AVG)

struct ParticipantBody: Decodable {
    static let fields: Set<String> = ["id", "profile", "consent", "email"]
    var id: String?
    var profile: Participant.Profile?
    var consent: Participant.Consent?
    var email: String?
}

struct PrivacyBody: Codable {
    static let fields: Set<String> = ["retention_months"]
    var retentionMonths: Int

    enum CodingKeys: String, CodingKey {
        case retentionMonths = "retention_months"
    }
}

extension AdminAPI {
    func registerParticipantRoutes(_ r: RouteRegistrar) {
        r.add(.post, "/v1/workspaces/{slug}/participants") { request, context in
            let slug = try Self.slug(context)
            let body = try await Self.decodeObject(
                ParticipantBody.self, allowed: ParticipantBody.fields, request, limit: self.settings.maxBodyBytes)
            var issues: [FieldIssue] = body.profile?.issues() ?? []
            if let id = body.id, !Participant.isValidID(id) {
                issues.append(
                    FieldIssue(
                        field: "id", message: "use 1 to 64 letters, digits, -, _ or . (a pseudonym, never a name or an e-mail address)"))
            }
            let consent = body.consent ?? Participant.Consent()
            if let email = body.email {
                if !Participant.isPlausibleEmail(email) {
                    issues.append(FieldIssue(field: "email", message: "\"\(email)\" is not an e-mail address"))
                }
                if !consent.reportBack {
                    issues.append(
                        FieldIssue(
                            field: "email",
                            message: "an e-mail address is only kept with consent for report-backs (consent.report_back: true)"))
                }
            }
            guard issues.isEmpty else {
                throw APIProblem(
                    DomainError(code: .invalidValue, message: "the participant has fields that are not allowed", fieldIssues: issues))
            }
            let draft = ParticipantDraft(id: body.id, profile: body.profile ?? .init(), consent: consent, email: body.email)
            let participant = try await self.services().store.createParticipant(slug, draft, by: Self.caller(context))
            var headers = HTTPFields()
            headers[.location] = "/v1/workspaces/\(slug)/participants/\(participant.id)"
            return try JSONBodies.response(participant, status: .created, headers: headers)
        }
        r.add(.get, "/v1/workspaces/{slug}/participants/{participant}") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "participant", what: "participant")
            return try JSONBodies.response(try await self.services().store.exportParticipant(slug, id, by: Self.caller(context)))
        }
        r.add(.delete, "/v1/workspaces/{slug}/participants/{participant}") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "participant", what: "participant")
            return try JSONBodies.response(try await self.services().store.eraseParticipant(slug, id, by: Self.caller(context)))
        }
        r.add(.get, "/v1/workspaces/{slug}/privacy") { _, context in
            let slug = try Self.slug(context)
            return try JSONBodies.response(PrivacyBody(retentionMonths: try await self.services().store.retentionMonths(slug)))
        }
        r.add(.put, "/v1/workspaces/{slug}/privacy") { request, context in
            let slug = try Self.slug(context)
            let body = try await Self.decodeObject(
                PrivacyBody.self, allowed: PrivacyBody.fields, request, limit: self.settings.maxBodyBytes)
            guard (1...120).contains(body.retentionMonths) else {
                throw APIProblem(
                    DomainError(
                        code: .invalidValue, message: "retention_months must be from 1 to 120",
                        fieldIssues: [FieldIssue(field: "retention_months", message: "months after a trajectory closes, 1 to 120")]))
            }
            try await self.services().store.setRetentionMonths(slug, body.retentionMonths, by: Self.caller(context))
            return try JSONBodies.response(body)
        }
        r.add(.post, "/v1/workspaces/{slug}/privacy/sweep") { _, context in
            let slug = try Self.slug(context)
            return try JSONBodies.response(try await self.services().store.sweepRetention(slug, now: Date(), by: Self.caller(context)))
        }
    }
}
