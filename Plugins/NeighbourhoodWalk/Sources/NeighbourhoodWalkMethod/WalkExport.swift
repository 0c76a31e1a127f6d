import MethodSupport
import StipPluginKit

/// The walk's documents for the municipality's reporting desk and GIS, and the checklist of points still open
/// from earlier walks of the same trajectory (`export_formats`).
///
/// The CSV's columns are the import's own, so an exported sheet, corrected by hand, imports back as it is.
enum WalkExport {
    static let formats: [PluginManifest.ExportFormat] = [
        .init(
            id: "csv", mediaType: "text/csv; charset=utf-8", fileExtension: "csv",
            label: .init(nl: "Waarnemingen (CSV, voor het meldpunt)", en: "Observations (CSV, for the reporting desk)")),
        .init(
            id: "geojson", mediaType: "application/geo+json", fileExtension: "geojson",
            label: .init(nl: "Waarnemingen op de kaart (GeoJSON, voor GIS)", en: "Observations on the map (GeoJSON, for GIS)")),
        .init(
            id: "checklist", mediaType: "text/csv; charset=utf-8", fileExtension: "csv", scope: .trajectory,
            label: .init(
                nl: "Nog openstaande punten van eerdere schouwen (CSV)", en: "Points still open from earlier walks (CSV)")),
    ]

    /// One observation with the walk it belongs to.
    struct Row {
        var walk: String
        var walkDate: String?
        var contribution: String
        var observation: JSONValue
        var sequence: Int64 { observation["sequence"]?.intValue ?? 0 }
    }

    static let columns = [
        "walk", "walk_date", "sequence", "location.lat", "location.lon", "location.address", "category", "kind", "description",
        "urgency", "photo", "crow_score", "follow_up.owner", "follow_up.deadline", "follow_up.status", "follow_up.remarks",
        "follow_up.resolved_on", "contribution",
    ]

    static func document(_ request: ExportRequest<NeighbourhoodWalk.Config, NeighbourhoodWalk.Contribution>) throws -> String {
        let dates = Dictionary(
            request.activities.map { ($0.id, $0.config.model?.date.description) }, uniquingKeysWith: { first, _ in first })
        let rows = request.contributions.map { item in
            Row(walk: item.activityID, walkDate: dates[item.activityID] ?? nil, contribution: item.id, observation: item.contribution.raw)
        }
        switch request.format {
        case "csv":
            return csv(rows.filter { $0.walk == request.subject.id }.sorted { $0.sequence < $1.sequence })
        case "geojson":
            return geoJSON(rows.filter { $0.walk == request.subject.id }.sorted { $0.sequence < $1.sequence }).jsonText + "\n"
        case "checklist":
            return csv(checklist(rows, before: dates[request.subject.id] ?? nil))
        default:
            throw RPCError(.unsupported, "this method exports no \(request.format)")
        }
    }

    /// Observations of earlier walks (by date) whose follow-up is not done or dropped: what the next walk checks again.
    static func checklist(_ rows: [Row], before date: String?) -> [Row] {
        rows.filter { row in
            guard let walkDate = row.walkDate, let date, walkDate < date else { return false }
            let status = row.observation["follow_up"]?["status"]?.stringValue ?? "open"
            return status == "open" || status == "in_progress"
        }
        .sorted { ($0.walkDate ?? "", $0.sequence) < ($1.walkDate ?? "", $1.sequence) }
    }

    static func values(_ row: Row) -> [String] {
        let o = row.observation
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let s)?: s
            case .int(let v)?: String(v)
            case .double(let v)?: String(v)
            default: ""
            }
        }
        return [
            row.walk, row.walkDate ?? "", text(o["sequence"]), text(o["location"]?["lat"]), text(o["location"]?["lon"]),
            text(o["location"]?["address"]), text(o["category"]), text(o["kind"]), text(o["description"]), text(o["urgency"]),
            text(o["photo"]), text(o["crow_score"]), text(o["follow_up"]?["owner"]), text(o["follow_up"]?["deadline"]),
            text(o["follow_up"]?["status"]), text(o["follow_up"]?["remarks"]), text(o["follow_up"]?["resolved_on"]), row.contribution,
        ]
    }

    /// RFC 4180 CSV with a header row, comma separated, UTF-8.
    static func csv(_ rows: [Row]) -> String {
        CSVWriter.document([columns] + rows.map(values))
    }

    /// A GeoJSON FeatureCollection (RFC 7946): one Point per observation with coordinates; observations with
    /// only an address have a null geometry, as the format allows.
    static func geoJSON(_ rows: [Row]) -> JSONValue {
        let features: [JSONValue] = rows.map { row in
            var properties: [String: JSONValue] = [:]
            for (name, value) in zip(columns, values(row)) where !value.isEmpty && name != "location.lat" && name != "location.lon" {
                properties[name] = .string(value)
            }
            if let sequence = row.observation["sequence"] { properties["sequence"] = sequence }
            var geometry = JSONValue.null
            if let lat = row.observation["location"]?["lat"], let lon = row.observation["location"]?["lon"] {
                geometry = .object(["type": .string("Point"), "coordinates": .array([lon, lat])])
            }
            return .object([
                "type": .string("Feature"), "id": .string(row.contribution), "geometry": geometry, "properties": .object(properties),
            ])
        }
        return .object(["type": .string("FeatureCollection"), "features": .array(features)])
    }
}
