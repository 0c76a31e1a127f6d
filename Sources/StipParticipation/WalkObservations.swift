import Foundation
public import StipDomain
import StipStorage
public import StipJSON

/// Neighbourhood-walk observations for the municipality's reporting desk and GIS (CSV, GeoJSON), and the
/// checklist of points still open from earlier walks of the same trajectory.
public struct WalkObservations: Sendable {
    /// The method id whose contributions these are.
    public static let method = "neighbourhood-walk"

    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// One observation as exported.
    public struct Row: Sendable {
        public var walk: String
        public var walkDate: String?
        public var contribution: Contribution
        var payload: JSONValue { contribution.payload }
    }

    /// The walk activity, refusing other methods with a clear error.
    public func walk(_ workspace: ResolvedWorkspace, trajectory: String?, activity: String) async throws(DomainError) -> StoredActivity {
        let found = try await translatingFailures { try await store.activity(workspace.slug, trajectory: trajectory, id: activity) }
        guard found.method == Self.method else {
            throw DomainError(
                .invalidReference,
                "activity \(activity) uses method \(found.method), not \(Self.method); only walk observations are exported this way")
        }
        return found
    }

    /// The accepted observations of one walk, in list order.
    public func observations(_ workspace: ResolvedWorkspace, walk: StoredActivity) async throws(DomainError) -> [Row] {
        try await translatingFailures { try await observations(workspace.slug, walk: walk) }
    }

    /// Observations of earlier walks whose follow-up is still open.
    public func checklist(_ workspace: ResolvedWorkspace, walk: StoredActivity) async throws(DomainError) -> [Row] {
        try await translatingFailures { try await checklist(workspace.slug, walk: walk) }
    }

    func observations(_ slug: WorkspaceSlug, walk: StoredActivity) async throws -> [Row] {
        try await store.contributions(
            slug, ContributionFilter(trajectory: walk.trajectory, activity: walk.id, state: .accepted, limit: .max)
        )
        .map { Row(walk: walk.id, walkDate: walk.config["date"]?.stringValue, contribution: $0) }
        .sorted { ($0.payload["sequence"]?.intValue ?? 0) < ($1.payload["sequence"]?.intValue ?? 0) }
    }

    /// Observations of earlier walks (by date) in the same trajectory whose follow-up is not done or dropped:
    /// what the next walk checks again.
    func checklist(_ slug: WorkspaceSlug, walk: StoredActivity) async throws -> [Row] {
        let trajectory = try await store.trajectory(slug, walk.trajectory)
        let date = walk.config["date"]?.stringValue ?? ""
        var rows: [Row] = []
        for earlier in trajectory.activities where earlier.method == Self.method && !earlier.archived && earlier.id != walk.id {
            guard let earlierDate = earlier.config["date"]?.stringValue, earlierDate < date else { continue }
            for row in try await observations(slug, walk: earlier) {
                let status = row.payload["follow_up"]?["status"]?.stringValue ?? "open"
                if status == "open" || status == "in_progress" { rows.append(row) }
            }
        }
        return rows.sorted {
            ($0.walkDate ?? "", $0.payload["sequence"]?.intValue ?? 0) < ($1.walkDate ?? "", $1.payload["sequence"]?.intValue ?? 0)
        }
    }

    static let columns = [
        "walk", "walk_date", "sequence", "lat", "lon", "address", "category", "kind", "description", "urgency", "photo", "crow_score",
        "follow_up_owner", "follow_up_deadline", "follow_up_status", "follow_up_remarks", "follow_up_resolved_on", "contribution",
    ]

    static func values(_ row: Row) -> [String] {
        let p = row.payload
        func text(_ value: JSONValue?) -> String {
            switch value {
            case .string(let s)?: s
            case .int(let v)?: String(v)
            case .double(let v)?: String(v)
            default: ""
            }
        }
        return [
            row.walk, row.walkDate ?? "", text(p["sequence"]), text(p["location"]?["lat"]), text(p["location"]?["lon"]),
            text(p["location"]?["address"]), text(p["category"]), text(p["kind"]), text(p["description"]), text(p["urgency"]),
            text(p["photo"]), text(p["crow_score"]), text(p["follow_up"]?["owner"]), text(p["follow_up"]?["deadline"]),
            text(p["follow_up"]?["status"]), text(p["follow_up"]?["remarks"]), text(p["follow_up"]?["resolved_on"]), row.contribution.id,
        ]
    }

    /// RFC 4180 CSV with a header row, comma separated, UTF-8.
    public static func csv(_ rows: [Row]) -> String {
        CSVWriter.document([columns] + rows.map(values))
    }

    /// A GeoJSON FeatureCollection (RFC 7946): one Point per observation with coordinates; observations with
    /// only an address have a null geometry, as the format allows.
    public static func geoJSON(_ rows: [Row]) -> JSONValue {
        let features: [JSONValue] = rows.map { row in
            var properties: [String: JSONValue] = [:]
            for (name, value) in zip(columns, values(row)) where !value.isEmpty && name != "lat" && name != "lon" {
                properties[name] = .string(value)
            }
            if let sequence = row.payload["sequence"] { properties["sequence"] = sequence }
            var geometry = JSONValue.null
            if let lat = row.payload["location"]?["lat"], let lon = row.payload["location"]?["lon"] {
                geometry = .object(["type": .string("Point"), "coordinates": .array([lon, lat])])
            }
            return .object([
                "type": .string("Feature"), "id": .string(row.contribution.id), "geometry": geometry, "properties": .object(properties),
            ])
        }
        return .object(["type": .string("FeatureCollection"), "features": .array(features)])
    }
}
