import Foundation
import Hummingbird
import StipDomain
import StipParticipation
import StipStorage
import StipVocabulary

// MARK: - Feedback: responses, report-backs and their outbox

struct FeedbackResponseBody: Decodable {
    static let fields: Set<String> = ["theme", "status", "reason", "reason_en", "decided_by", "decided_on"]
    var theme: String?
    var status: ResponseStatus
    var reason: String?
    var reasonEn: String?
    var decidedBy: String
    var decidedOn: LocalDate?

    enum CodingKeys: String, CodingKey {
        case theme, status, reason
        case reasonEn = "reason_en"
        case decidedBy = "decided_by"
        case decidedOn = "decided_on"
    }
}

struct ReportBackBody: Decodable {
    static let fields: Set<String> = ["activity", "channel", "summary", "summary_en", "recipients", "sent_on"]
    var activity: String?
    var channel: ReportBackChannel
    var summary: String
    var summaryEn: String?
    var recipients: Int?
    var sentOn: LocalDate?

    enum CodingKeys: String, CodingKey {
        case activity, channel, summary
        case summaryEn = "summary_en"
        case recipients
        case sentOn = "sent_on"
    }
}

struct SentBody: Decodable {
    static let fields: Set<String> = ["sent_on"]
    var sentOn: LocalDate?

    enum CodingKeys: String, CodingKey {
        case sentOn = "sent_on"
    }
}

struct ReportBackListBody: Encodable {
    var reportBacks: [ReportBack]
    enum CodingKeys: String, CodingKey {
        case reportBacks = "report_backs"
    }
}

struct OutboxBody: Encodable {
    var reportBack: Int64
    var recipients: [OutboxEntry]
    enum CodingKeys: String, CodingKey {
        case reportBack = "report_back"
        case recipients
    }
}

extension AdminAPI {
    func registerFeedbackRoutes(_ r: RouteRegistrar) {
        r.add(.post, "/v1/workspaces/{slug}/contributions/{contribution}/responses") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "contribution", what: "contribution")
            let body = try await Self.decodeObject(
                FeedbackResponseBody.self, allowed: FeedbackResponseBody.fields, request, limit: self.settings.maxBodyBytes)
            guard body.theme == nil else {
                throw APIProblem.invalidBody(
                    "a response to one contribution has no theme; answer a theme at /v1/workspaces/\(slug)/trajectories/{trajectory}/responses"
                )
            }
            let draft = try await self.responseDraft(body, target: .contribution(id), slug: slug)
            return try JSONBodies.response(try await self.services().store.respond(slug, draft, by: Self.caller(context)), status: .created)
        }
        r.add(.post, "/v1/workspaces/{slug}/trajectories/{trajectory}/responses") { request, context in
            let slug = try Self.slug(context)
            let trajectory = try Self.identifier(context, "trajectory", what: "trajectory")
            let body = try await Self.decodeObject(
                FeedbackResponseBody.self, allowed: FeedbackResponseBody.fields, request, limit: self.settings.maxBodyBytes)
            guard let theme = body.theme, Contribution.isValidTheme(theme) else {
                throw APIProblem.invalidBody(
                    "a response to a trajectory answers a theme: give \"theme\" (lowercase letters, digits, - and _)")
            }
            let draft = try await self.responseDraft(body, target: .theme(trajectory: trajectory, theme: theme), slug: slug)
            return try JSONBodies.response(try await self.services().store.respond(slug, draft, by: Self.caller(context)), status: .created)
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories/{trajectory}/feedback") { _, context in
            let slug = try Self.slug(context)
            let trajectory = try Self.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(
                try await self.services().store.feedbackOverview(slug, trajectory: trajectory, today: try await self.today(slug)))
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories/{trajectory}/report-backs") { _, context in
            let slug = try Self.slug(context)
            let trajectory = try Self.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(
                ReportBackListBody(reportBacks: try await self.services().store.reportBacks(slug, trajectory: trajectory)))
        }
        r.add(.post, "/v1/workspaces/{slug}/trajectories/{trajectory}/report-backs") { request, context in
            let slug = try Self.slug(context)
            let trajectory = try Self.identifier(context, "trajectory", what: "trajectory")
            let body = try await Self.decodeObject(
                ReportBackBody.self, allowed: ReportBackBody.fields, request, limit: self.settings.maxBodyBytes)
            guard !body.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIProblem.invalidBody("summary must say, in a sentence or more, what was done with the contributions")
            }
            if body.channel == .email, body.recipients != nil {
                throw APIProblem.invalidBody("an e-mail report-back counts its recipients from the outbox; leave out \"recipients\"")
            }
            if body.channel != .email {
                guard let recipients = body.recipients, recipients >= 0 else {
                    throw APIProblem.invalidBody("say how many people the \(body.channel.rawValue) reached in \"recipients\" (0 or more)")
                }
            }
            let draft = ReportBackDraft(
                trajectory: trajectory, activity: body.activity, channel: body.channel,
                summary: BilingualText(nl: body.summary, en: body.summaryEn),
                recipients: body.recipients, sentOn: body.sentOn)
            return try JSONBodies.response(
                try await self.services().store.createReportBack(slug, draft, by: Self.caller(context)), status: .created)
        }
        r.add(.get, "/v1/workspaces/{slug}/report-backs/{id}/outbox") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.reportBackID(context)
            let entries = try await self.services().store.outbox(slug, reportBack: id, by: Self.caller(context))
            if request.uri.queryParameters.get("format") == "csv" || (request.headers[.accept] ?? "").contains("text/csv") {
                let rows = [["participant", "email"]] + entries.map { [$0.participant, $0.email] }
                return Self.csvResponse(CSVWriter.document(rows), name: "\(slug)-report-back-\(id)-outbox.csv")
            }
            return try JSONBodies.response(OutboxBody(reportBack: id, recipients: entries))
        }
        r.add(.post, "/v1/workspaces/{slug}/report-backs/{id}/sent") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.reportBackID(context)
            let body = try await Self.decodeObject(SentBody.self, allowed: SentBody.fields, request, limit: self.settings.maxBodyBytes)
            var on = body.sentOn
            if on == nil { on = try await self.today(slug) }
            return try JSONBodies.response(
                try await self.services().store.markReportBackSent(slug, reportBack: id, on: on!, by: Self.caller(context)))
        }
    }

    func responseDraft(_ body: FeedbackResponseBody, target: ResponseDraft.Target, slug: WorkspaceSlug) async throws -> ResponseDraft {
        guard !body.decidedBy.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIProblem.invalidBody("decided_by must name who decided (a person, the college, the council)")
        }
        if body.status.isAnswer, (body.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw APIProblem.invalidBody(
                "a response with status \(body.status.rawValue) gives its reason in \"reason\" (Dutch; \"reason_en\" optional)")
        }
        let reason = body.reason.map { BilingualText(nl: $0, en: body.reasonEn) }
        let today = try await today(slug)
        var decidedOn = body.decidedOn
        if decidedOn == nil { decidedOn = today }
        if let date = decidedOn, date > today {
            throw APIProblem.invalidBody("decided_on \(date) is in the future; record a decision once it is taken")
        }
        return ResponseDraft(target: target, status: body.status, reason: reason, decidedBy: body.decidedBy, decidedOn: decidedOn!)
    }

    static func reportBackID(_ context: AdminRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIProblem(
                .badRequest, code: "invalid_identifier", title: "Invalid identifier", detail: "report-back ids are positive whole numbers")
        }
        return id
    }
}
