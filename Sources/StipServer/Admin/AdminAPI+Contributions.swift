import Foundation
import Hummingbird
import StipDomain
import StipParticipation
import StipPluginHost
import StipStorage
import StipJSON

// MARK: - Contributions: one by one, imported, listed

struct ContributionBody: Decodable {
    static let fields: Set<String> = ["trajectory", "activity", "participant", "channel", "submission", "themes"]
    var trajectory: String?
    var activity: String
    var participant: String?
    var channel: ContributionChannel?
    var submission: JSONValue
    var themes: [String]?
}

struct RejectBody: Decodable {
    static let fields: Set<String> = ["reason"]
    var reason: String
}

struct ContributionListBody: Encodable {
    var contributions: [Contribution]
}

extension AdminAPI {
    func registerContributionRoutes(_ r: RouteRegistrar) {
        r.add(.post, "/v1/workspaces/{slug}/contributions") { request, context in
            let slug = try Self.slug(context)
            let body = try await Self.decodeObject(
                ContributionBody.self, allowed: ContributionBody.fields, request, limit: self.settings.maxBodyBytes)
            let themes = body.themes ?? []
            if let bad = themes.first(where: { !Contribution.isValidTheme($0) }) {
                throw APIProblem(
                    .unprocessableContent, code: "invalid_value", title: "A field has a value that is not allowed",
                    detail: "theme \"\(bad)\" is not a theme tag",
                    errors: [FieldIssue(field: "themes", message: "use lowercase letters, digits, - and _")])
            }
            let submission = ContributionIntake.Submission(
                trajectory: body.trajectory, activity: body.activity, participant: body.participant, channel: body.channel ?? .offline,
                payload: body.submission, themes: themes)
            do {
                let stored = try await self.services().intake.add(slug, submission, by: Self.caller(context))
                // 202 says "kept, not yet validated": the plugin was unavailable.
                return try JSONBodies.response(stored, status: stored.state == .pendingValidation ? .accepted : .created)
            } catch let refused as ContributionIntake.Refused {
                throw APIProblem.refusedContribution(refused)
            }
        }
        r.add(.get, "/v1/workspaces/{slug}/contributions") { request, context in
            let slug = try Self.slug(context)
            let query = request.uri.queryParameters
            var filter = ContributionFilter(
                trajectory: query.get("trajectory"), activity: query.get("activity"), participant: query.get("participant"),
                unanswered: try Self.flag(request, "unanswered"), includeArchived: try Self.flag(request, "include_archived"))
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
            return try JSONBodies.response(ContributionListBody(contributions: try await self.services().store.contributions(slug, filter)))
        }
        r.add(.get, "/v1/workspaces/{slug}/contributions/{contribution}") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "contribution", what: "contribution")
            return try JSONBodies.response(try await self.services().store.contribution(slug, id))
        }
        r.add(.post, "/v1/workspaces/{slug}/contributions/{contribution}/reject") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "contribution", what: "contribution")
            let body = try await Self.decodeObject(RejectBody.self, allowed: RejectBody.fields, request, limit: self.settings.maxBodyBytes)
            guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIProblem.invalidBody("say why in \"reason\"; it is kept with the contribution")
            }
            return try JSONBodies.response(
                try await self.services().store.rejectContribution(slug, id, reason: body.reason, by: Self.caller(context)))
        }
        r.add(.post, "/v1/workspaces/{slug}/activities/{activity}/imports") { request, context in
            let slug = try Self.slug(context)
            let activity = try Self.identifier(context, "activity", what: "activity")
            let query = request.uri.queryParameters
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            let formatText = query.get("format") ?? (contentType.contains("csv") ? "csv" : contentType.contains("yaml") ? "yaml" : "")
            guard let format = ContributionImport.Format(rawValue: formatText) else {
                throw APIProblem.invalidQuery("say format=csv or format=yaml (or send Content-Type text/csv or application/yaml)")
            }
            let text = try await Self.text(request, limit: self.settings.maxBodyBytes * 16)
            let file = query.get("file")
            do {
                let report = try await self.services().importer.run(
                    slug, trajectory: query.get("trajectory"), activity: activity, format: format, text: text, file: file,
                    skipInvalid: try Self.flag(request, "skip_invalid"), by: Self.caller(context))
                return try JSONBodies.response(report, status: .created)
            } catch let rejected as ContributionImport.Rejected {
                throw APIProblem.importRejected(rejected, file: file)
            } catch let error as PluginCallError {
                // Nothing was stored: the consultant can import again when the plugin is back.
                throw APIProblem(error, plugin: "the activity's method plugin")
            }
        }
    }
}
