import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StipHTTP
import StipJSON
import StipParticipation
import StipDomain

// MARK: - Neighbourhood-walk exports and checklists

extension AdminAPI {
    func registerWalkRoutes(_ r: WorkspaceRoutes) {
        let walks = participation.walks
        r.add(.get, "/activities/{activity}/observations") { request, context in
            let walk = try await walks.walk(
                context.workspace, trajectory: request.uri.queryParameters.get("trajectory"),
                activity: try RequestReading.identifier(context, "activity", what: "activity"))
            return try Self.walkResponse(
                try await walks.observations(context.workspace, walk: walk), request: request, name: "\(context.workspace.slug)-\(walk.id)")
        }
        r.add(.get, "/activities/{activity}/checklist") { request, context in
            let walk = try await walks.walk(
                context.workspace, trajectory: request.uri.queryParameters.get("trajectory"),
                activity: try RequestReading.identifier(context, "activity", what: "activity"))
            return try Self.walkResponse(
                try await walks.checklist(context.workspace, walk: walk), request: request,
                name: "\(context.workspace.slug)-\(walk.id)-checklist")
        }
    }

    /// JSON by default; `?format=csv` or `?format=geojson` for the reporting desk and GIS.
    static func walkResponse(_ rows: [WalkObservations.Row], request: Request, name: String) throws -> Response {
        switch request.uri.queryParameters.get("format") ?? "json" {
        case "csv":
            return RequestReading.csvResponse(WalkObservations.csv(rows), name: "\(name).csv")
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
