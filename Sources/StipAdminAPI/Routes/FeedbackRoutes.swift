import Foundation
import Hummingbird
import NIOCore
import StipDomain
import StipHTTP
import StipParticipation
import StipReports
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

    var decision: Feedback.Decision {
        Feedback.Decision(status: status, reason: reason, reasonEn: reasonEn, decidedBy: decidedBy, decidedOn: decidedOn)
    }
}

/// The answer to `PUT …/report-templates/{name}`.
struct TemplateSetBody: Encodable {
    var name: String
    var bytes: Int
}

/// `PUT …/published-report`: which finished cycle's public report residents see.
struct PublishReportBody: Decodable {
    static let fields: Set<String> = ["cycle"]
    var cycle: Int
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
    func registerFeedbackRoutes(_ r: WorkspaceRoutes) {
        let feedback = participation.feedback
        r.add(.post, "/contributions/{contribution}/responses") { request, context in
            let id = try RequestReading.identifier(context, "contribution", what: "contribution")
            let body = try await JSONBodies.decodeObject(
                FeedbackResponseBody.self, allowed: FeedbackResponseBody.fields, request, limit: self.settings.maxBodyBytes)
            guard body.theme == nil else {
                throw APIProblem.invalidBody(
                    "a response to one contribution has no theme; answer a theme at /v1/workspaces/\(context.workspace.slug)/trajectories/{trajectory}/responses"
                )
            }
            return try JSONBodies.response(
                try await feedback.respond(context.workspace, toContribution: id, body.decision, by: context.caller), status: .created)
        }
        r.add(.post, "/trajectories/{trajectory}/responses") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let body = try await JSONBodies.decodeObject(
                FeedbackResponseBody.self, allowed: FeedbackResponseBody.fields, request, limit: self.settings.maxBodyBytes)
            let response = try await feedback.respond(
                context.workspace, trajectory: trajectory, theme: body.theme ?? "", body.decision, by: context.caller)
            return try JSONBodies.response(response, status: .created)
        }
        r.add(.get, "/trajectories/{trajectory}/feedback") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(try await feedback.overview(context.workspace, trajectory: trajectory))
        }
        r.add(.get, "/trajectories/{trajectory}/standing") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(try await self.participation.evaluations.standing(context.workspace, trajectory: trajectory))
        }
        let cycles = participation.cycles
        r.add(.post, "/trajectories/{trajectory}/cycles") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let cyclesPath = "/v1/workspaces/\(context.workspace.slug)/trajectories/\(trajectory)/cycles"
            var headers = HTTPFields()
            // A manual cycle is planned for the moment it is asked for; each request is a cycle of its own.
            if try RequestReading.flag(request, "background") {
                let number = try await cycles.start(
                    context.workspace, trajectory: trajectory, trigger: .manual, plannedAt: Date(), by: context.caller)
                headers[.location] = "\(cyclesPath)/\(number)/progress"
                let progress = try await cycles.progress(context.workspace, trajectory: trajectory, number: number)
                return try JSONBodies.response(progress, status: .accepted, headers: headers)
            }
            let snapshot = try await cycles.run(
                context.workspace, trajectory: trajectory, trigger: .manual, plannedAt: Date(), by: context.caller)
            headers[.location] = "\(cyclesPath)/\(snapshot.number)"
            return try JSONBodies.response(snapshot, status: .created, headers: headers)
        }
        r.add(.get, "/trajectories/{trajectory}/cycles/{cycle}/report") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let number = try RequestReading.cycleNumber(context)
            let options = try ReportQuery.options(request, workspace: context.workspace)
            let document = try await self.participation.reports.render(
                context.workspace, trajectory: trajectory, cycle: number, options: options)
            var headers = HTTPFields()
            headers[.contentType] = options.format.mediaType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        r.add(.get, "/report-templates") { _, context in
            try JSONBodies.response([
                "replaced": try await self.participation.reports.templates(context.workspace), "names": ReportTemplates.names,
            ])
        }
        r.add(.put, "/report-templates/{name}") { request, context in
            let name = try RequestReading.identifier(context, "name", what: "report template")
            let text = try await RequestReading.text(request, limit: ReportTemplates.maximumBytes + 1)
            try await self.participation.reports.setTemplate(context.workspace, name: name, text: text, by: context.caller)
            return try JSONBodies.response(TemplateSetBody(name: name, bytes: text.utf8.count))
        }
        r.add(.delete, "/report-templates/{name}") { _, context in
            let name = try RequestReading.identifier(context, "name", what: "report template")
            let removed = try await self.participation.reports.removeTemplate(context.workspace, name: name, by: context.caller)
            return try JSONBodies.response(["removed": removed])
        }
        r.add(.get, "/report") { request, context in
            let options = try ReportQuery.options(request, workspace: context.workspace)
            let document = try await self.participation.reports.municipality(context.workspace, options: options)
            var headers = HTTPFields()
            headers[.contentType] = options.format.mediaType
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
        r.add(.put, "/trajectories/{trajectory}/published-report") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let body = try await JSONBodies.decodeObject(
                PublishReportBody.self, allowed: PublishReportBody.fields, request, limit: self.settings.maxBodyBytes)
            guard body.cycle >= 1 else { throw APIProblem.invalidBody("cycle must be a cycle number, 1 or more") }
            return try JSONBodies.response(
                try await self.participation.reports.publish(
                    context.workspace, trajectory: trajectory, cycle: body.cycle, by: context.caller))
        }
        r.add(.delete, "/trajectories/{trajectory}/published-report") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let removed = try await self.participation.reports.unpublish(context.workspace, trajectory: trajectory, by: context.caller)
            return try JSONBodies.response(["unpublished": removed])
        }
        r.add(.get, "/trajectories/{trajectory}/cycles/{cycle}/progress") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let number = try RequestReading.cycleNumber(context)
            return try JSONBodies.response(try await cycles.progress(context.workspace, trajectory: trajectory, number: number))
        }
        r.add(.get, "/trajectories/{trajectory}/cycles") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(["cycles": try await cycles.list(context.workspace, trajectory: trajectory)])
        }
        r.add(.get, "/trajectories/{trajectory}/cycles/{cycle}") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let number = try RequestReading.cycleNumber(context)
            return try JSONBodies.response(try await cycles.get(context.workspace, trajectory: trajectory, number: number))
        }
        r.add(.get, "/trajectories/{trajectory}/report-backs") { _, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(
                ReportBackListBody(reportBacks: try await feedback.reportBacks(context.workspace, trajectory: trajectory)))
        }
        r.add(.post, "/trajectories/{trajectory}/report-backs") { request, context in
            let trajectory = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let body = try await JSONBodies.decodeObject(
                ReportBackBody.self, allowed: ReportBackBody.fields, request, limit: self.settings.maxBodyBytes)
            let input = Feedback.ReportBackInput(
                activity: body.activity, channel: body.channel, summary: body.summary, summaryEn: body.summaryEn,
                recipients: body.recipients, sentOn: body.sentOn)
            return try JSONBodies.response(
                try await feedback.createReportBack(context.workspace, trajectory: trajectory, input, by: context.caller), status: .created)
        }
        r.add(.get, "/report-backs/{id}/outbox") { request, context in
            let id = try RequestReading.reportBackID(context)
            let entries = try await feedback.outbox(context.workspace, reportBack: id, by: context.caller)
            if RequestReading.wantsCSV(request) {
                let rows = [["participant", "email"]] + entries.map { [$0.participant, $0.email] }
                return RequestReading.csvResponse(CSVWriter.document(rows), name: "\(context.workspace.slug)-report-back-\(id)-outbox.csv")
            }
            return try JSONBodies.response(OutboxBody(reportBack: id, recipients: entries))
        }
        r.add(.post, "/report-backs/{id}/sent") { request, context in
            let id = try RequestReading.reportBackID(context)
            let body = try await JSONBodies.decodeObject(
                SentBody.self, allowed: SentBody.fields, request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(
                try await feedback.markSent(context.workspace, reportBack: id, on: body.sentOn, by: context.caller))
        }
    }
}
