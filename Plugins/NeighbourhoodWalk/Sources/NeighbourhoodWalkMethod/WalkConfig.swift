public import MethodSupport
public import StipPluginKit

/// The configuration of a neighbourhood walk (wijkschouw): when, where the group meets, and the route.
public struct WalkConfig: JSONModel, Equatable {
    /// A stop on the route, in walking order.
    public struct RoutePoint: Encodable, Sendable, Equatable {
        public var lat: Double
        public var lon: Double
        public var label: String

        public init(lat: Double, lon: Double, label: String) {
            self.lat = lat
            self.lon = lon
            self.label = label
        }
    }

    public var date: LocalDate
    public var meetingPoint: String
    public var route: [RoutePoint]
    /// Organisations that take part (a housing corporation, the police, a residents' association).
    public var organisations: [String]?
    /// CBS codes of the neighbourhoods (`BU…`) or districts (`WK…`) the walk covers.
    public var areaCodes: [String]?

    public init(date: LocalDate, meetingPoint: String, route: [RoutePoint], organisations: [String]? = nil, areaCodes: [String]? = nil) {
        self.date = date
        self.meetingPoint = meetingPoint
        self.route = route
        self.organisations = organisations
        self.areaCodes = areaCodes
    }

    enum CodingKeys: String, CodingKey {
        case date, route, organisations
        case meetingPoint = "meeting_point"
        case areaCodes = "area_codes"
    }

    public static func read(_ value: JSONValue, problems: FieldProblems) -> WalkConfig? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        object.rejectUnknownKeys(["date", "meeting_point", "route", "organisations", "area_codes"])
        let date = object.date("date", required: true)
        let meetingPoint = object.text("meeting_point", required: true, maxLength: 300)
        let route = object.list("route", required: true, count: 1...200)?.map { readPoint($0.value, at: $0.pointer, problems) }
        let organisations = object.list("organisations", required: false, count: 0...100)?.map {
            Read.text($0.value, at: $0.pointer, problems, maxLength: 200)
        }
        for (index, first) in repeats(organisations?.map { $0?.lowercased() } ?? []) {
            problems.add(object.at("organisations").appending(index), "is listed twice (also at /organisations/\(first))")
        }
        let areaCodes = object.list("area_codes", required: false, count: 0...500)?.map {
            CBSAreaCode.read($0.value, at: $0.pointer, problems)
        }
        for (index, first) in repeats(areaCodes ?? []) {
            problems.add(object.at("area_codes").appending(index), "is listed twice (also at /area_codes/\(first))")
        }
        guard let date, let meetingPoint, let route = route.flatMap(allPresent) else { return nil }
        return WalkConfig(
            date: date, meetingPoint: meetingPoint, route: route, organisations: organisations.flatMap(allPresent).flatMap(nonEmpty),
            areaCodes: areaCodes.flatMap(allPresent).flatMap(nonEmpty))
    }

    static func readPoint(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> RoutePoint? {
        guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
        object.rejectUnknownKeys(["lat", "lon", "label"])
        let lat = object.number("lat", required: true, in: -90...90)
        let lon = object.number("lon", required: true, in: -180...180)
        let label = object.text("label", required: true, maxLength: 200)
        guard let lat, let lon, let label else { return nil }
        return RoutePoint(lat: lat, lon: lon, label: label)
    }
}
