import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StipDomain
import StipParticipation
import StipPluginHost
import StipStorage
import StipJSON

// MARK: - Amending contributions; neighbourhood-walk exports and checklists

struct AmendBody: Decodable {
    static let fields: Set<String> = ["payload_patch", "themes"]
    var payloadPatch: JSONValue
    var themes: [String]?

    enum CodingKeys: String, CodingKey {
        case payloadPatch = "payload_patch"
        case themes
    }
}

extension AdminAPI {
    func registerWalkRoutes(_ r: RouteRegistrar) {
        r.add(.patch, "/v1/workspaces/{slug}/contributions/{contribution}") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "contribution", what: "contribution")
            let body = try await Self.decodeObject(AmendBody.self, allowed: AmendBody.fields, request, limit: self.settings.maxBodyBytes)
            if let bad = body.themes?.first(where: { !Contribution.isValidTheme($0) }) {
                throw APIProblem.invalidBody("theme \"\(bad)\" is not a theme tag; use lowercase letters, digits, - and _")
            }
            do {
                let amended = try await self.services().intake.amend(
                    slug, id, patch: body.payloadPatch, themes: body.themes, by: Self.caller(context))
                return try JSONBodies.response(amended)
            } catch let refused as ContributionIntake.Refused {
                throw APIProblem.refusedContribution(refused)
            } catch let error as PluginCallError {
                throw APIProblem(error, plugin: "the activity's method plugin")
            }
        }
        r.add(.get, "/v1/workspaces/{slug}/activities/{activity}/observations") { request, context in
            try await self.walkRows(request, context, suffix: "") { walks, slug, walk in try await walks.observations(slug, walk: walk) }
        }
        r.add(.get, "/v1/workspaces/{slug}/activities/{activity}/checklist") { request, context in
            try await self.walkRows(request, context, suffix: "-checklist") { walks, slug, walk in
                try await walks.checklist(slug, walk: walk)
            }
        }
    }

    /// Finds the walk the path names (`?trajectory=` when its id is not unique) and answers with `rows` of it.
    func walkRows(
        _ request: Request, _ context: AdminRequestContext, suffix: String,
        _ rows: (WalkObservations, WorkspaceSlug, StoredActivity) async throws -> [WalkObservations.Row]
    ) async throws -> Response {
        let slug = try Self.slug(context)
        let walks = WalkObservations(store: try services().store)
        let walk = try await walks.walk(
            slug, trajectory: request.uri.queryParameters.get("trajectory"),
            activity: try Self.identifier(context, "activity", what: "activity"))
        return try Self.walkResponse(try await rows(walks, slug, walk), request: request, name: "\(slug)-\(walk.id)\(suffix)")
    }

    /// JSON by default; `?format=csv` or `?format=geojson` for the reporting desk and GIS.
    static func walkResponse(_ rows: [WalkObservations.Row], request: Request, name: String) throws -> Response {
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "csv":
            return csvResponse(WalkObservations.csv(rows), name: "\(name).csv")
        case "geojson":
            var headers = HTTPFields()
            headers[.contentType] = "application/geo+json"
            headers[.contentDisposition] = "attachment; filename=\"\(name).geojson\""
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: WalkObservations.geoJSON(rows).jsonBytes())))
        case "json":
            let list = rows.map { row -> JSONValue in
                .object([
                    "walk": .string(row.walk), "walk_date": row.walkDate.map(JSONValue.string) ?? .null,
                    "contribution": .string(row.contribution.id), "observation": row.contribution.payload,
                ])
            }
            return try JSONBodies.response(JSONValue.object(["observations": .array(list)]))
        case let other:
            throw APIProblem.invalidQuery("format=\(other) is not a format; use json, csv or geojson")
        }
    }
}
