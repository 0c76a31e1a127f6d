import Foundation
public import MethodSupport
public import StipPluginKit

/// One observation on a neighbourhood walk: what was seen where, how urgent it is, and what is
/// being done about it.
public struct Observation: JSONModel, Equatable {
    public enum Category: String, Sendable, CaseIterable, Encodable {
        case maintenance, safety, greenery, traffic, social, wish

        /// Walk notes are written in Dutch; the English name is what is stored (docs/trajectories.md, "Dutch names").
        static let dutchNames: [String: Self] = [
            "beheer": .maintenance, "onderhoud": .maintenance, "veiligheid": .safety, "groen": .greenery, "verkeer": .traffic,
            "sociaal": .social, "wens": .wish,
        ]
    }

    /// `maintenance` (beheer: something existing needs fixing) or `wish` (something new is wanted).
    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case maintenance, wish

        static let dutchNames: [String: Self] = ["beheer": .maintenance, "wens": .wish]
    }

    public enum Urgency: String, Sendable, CaseIterable, Encodable {
        case low, medium, high

        static let dutchNames: [String: Self] = ["laag": .low, "gemiddeld": .medium, "middel": .medium, "hoog": .high]
    }

    /// CROW quality level of public space, from A+ (very good) to D (very poor).
    public enum CROWScore: String, Sendable, CaseIterable, Encodable {
        case aPlus = "A+"
        case a = "A"
        case b = "B"
        case c = "C"
        case d = "D"
    }

    /// Where: coordinates, an address, or both.
    public struct Location: Encodable, Sendable, Equatable {
        public var lat: Double?
        public var lon: Double?
        public var address: String?

        public init(lat: Double? = nil, lon: Double? = nil, address: String? = nil) {
            self.lat = lat
            self.lon = lon
            self.address = address
        }
    }

    public var sequence: Int
    public var location: Location
    public var category: Category
    public var kind: Kind
    public var description: String
    public var urgency: Urgency
    /// The photo's file name only (the host or the consultant keeps the file).
    public var photo: String?
    public var crowScore: CROWScore?
    public var followUp: FollowUp?

    public init(
        sequence: Int, location: Location, category: Category, kind: Kind? = nil, description: String, urgency: Urgency,
        photo: String? = nil, crowScore: CROWScore? = nil, followUp: FollowUp? = nil
    ) {
        self.sequence = sequence
        self.location = location
        self.category = category
        self.kind = kind ?? (category == .wish ? .wish : .maintenance)
        self.description = description
        self.urgency = urgency
        self.photo = photo
        self.crowScore = crowScore
        self.followUp = followUp
    }

    enum CodingKeys: String, CodingKey {
        case sequence, location, category, kind, description, urgency, photo
        case crowScore = "crow_score"
        case followUp = "follow_up"
    }

    static let fields = [
        "sequence", "location", "category", "kind", "description", "urgency", "photo", "crow_score", "follow_up",
    ]

    public static func read(_ value: JSONValue, problems: FieldProblems) -> Observation? {
        read(value, against: nil, problems: problems)
    }

    /// Reads an observation and, given the walk's config, checks its dates against the walk's date.
    public static func read(_ value: JSONValue, against config: WalkConfig?, problems: FieldProblems) -> Observation? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        object.rejectUnknownKeys(fields)
        let sequence = object.int("sequence", required: true, in: 1...100_000)
        let location = object.object("location", required: true).flatMap(readLocation)
        let category = object.choice(Category.self, "category", required: true, dutch: Category.dutchNames)
        let kind = object.choice(Kind.self, "kind", required: false, dutch: Kind.dutchNames)
        if category == .wish, kind == .maintenance {
            problems.add(object.at("kind"), "must be wish when category is wish (or leave kind out)")
        }
        let description = object.text("description", required: true, maxLength: 2000)
        let urgency = object.choice(Urgency.self, "urgency", required: true, dutch: Urgency.dutchNames)
        let photo = object.optional("photo") { readPhoto($0, at: $1, problems) }
        let crowScore = object.choice(CROWScore.self, "crow_score", required: false)
        let followUp = object.object("follow_up", required: false).flatMap { FollowUp.read($0, walkDate: config?.date) }
        guard let sequence, let location, let category, let description, let urgency else { return nil }
        return Observation(
            sequence: sequence, location: location, category: category, kind: kind, description: description, urgency: urgency,
            photo: photo, crowScore: crowScore, followUp: followUp)
    }

    /// Coordinates (both lat and lon) or an address, or both.
    static func readLocation(_ object: ObjectReader) -> Location? {
        object.rejectUnknownKeys(["lat", "lon", "address"])
        let lat = object.number("lat", required: false, in: -90...90)
        let lon = object.number("lon", required: false, in: -180...180)
        let address = object.text("address", required: false, maxLength: 300)
        if (object["lat"] == nil) != (object["lon"] == nil) {
            let (missing, given) = object["lat"] == nil ? ("lat", "lon") : ("lon", "lat")
            object.problems.add(object.at(missing), "is required with \(given)")
        }
        if object["lat"] == nil && object["lon"] == nil && address == nil && object["address"] == nil {
            object.problems.add(object.pointer, "needs coordinates (lat and lon), an address, or both")
            return nil
        }
        return Location(lat: lat, lon: lon, address: address)
    }

    /// A file name without folders, such as `IMG_0412.jpg`.
    static func readPhoto(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> String? {
        guard let name = Read.text(value, at: pointer, problems, maxLength: 255, allowEmpty: true), !name.isEmpty else { return nil }
        let isPlainName =
            !name.contains("/") && !name.contains("\\") && name != "." && name != ".."
            && !name.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) }
        guard isPlainName else {
            problems.add(pointer, "must be a file name only, without folders (like IMG_0412.jpg)")
            return nil
        }
        return name
    }
}

/// What happens with an observation: who picks it up, by when, and how far it is.
public struct FollowUp: Encodable, Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable, Encodable {
        case open
        case inProgress = "in_progress"
        case done
        case wontDo = "wont_do"

        /// Closed, one way or the other.
        public var isClosed: Bool { self == .done || self == .wontDo }
    }

    public var owner: String?
    public var deadline: LocalDate?
    public var status: Status
    public var remarks: String?
    /// The day it was resolved: required when `done`, allowed when `wont_do`.
    public var resolvedOn: LocalDate?

    public init(
        owner: String? = nil, deadline: LocalDate? = nil, status: Status = .open, remarks: String? = nil, resolvedOn: LocalDate? = nil
    ) {
        self.owner = owner
        self.deadline = deadline
        self.status = status
        self.remarks = remarks
        self.resolvedOn = resolvedOn
    }

    enum CodingKeys: String, CodingKey {
        case owner, deadline, status, remarks
        case resolvedOn = "resolved_on"
    }

    static func read(_ object: ObjectReader, walkDate: LocalDate?) -> FollowUp? {
        object.rejectUnknownKeys(["owner", "deadline", "status", "remarks", "resolved_on"])
        let owner = object.text("owner", required: false, maxLength: 200)
        let deadline = object.date("deadline", required: false)
        let status = object.choice(Status.self, "status", required: false) ?? .open
        let remarks = object.text("remarks", required: false, maxLength: 2000)
        let resolvedOn = object.date("resolved_on", required: false)
        if status == .done && resolvedOn == nil && object["resolved_on"] == nil {
            object.problems.add(object.at("resolved_on"), "is required when status is done")
        }
        if !status.isClosed && resolvedOn != nil {
            object.problems.add(
                object.at("resolved_on"), "must be left out while status is \(status.rawValue); set status to done or wont_do")
        }
        if let walkDate {
            for (key, date) in [("deadline", deadline), ("resolved_on", resolvedOn)] {
                if let date, date < walkDate { object.problems.add(object.at(key), "must not be before the walk (\(walkDate))") }
            }
        }
        return FollowUp(owner: owner, deadline: deadline, status: status, remarks: remarks, resolvedOn: resolvedOn)
    }
}

extension ObjectReader {
    /// One of the cases of `T` by its English raw value or, as consultants write their notes, by its Dutch name.
    fileprivate func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ key: String, required: Bool, dutch: [String: T])
        -> T?
    where T.RawValue == String {
        if case .string(let text)? = self[key], let value = dutch[text.lowercased().trimmingCharacters(in: .whitespaces)] {
            return value
        }
        return choice(type, key, required: required)
    }
}
