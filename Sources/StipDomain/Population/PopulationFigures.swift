import Foundation
import StipJSON
import StipVocabulary

/// Population figures of one CBS region for one year, as far as CBS publishes them (`nil` = suppressed).
public struct PopulationFigures: Codable, Sendable, Equatable, Hashable {
    public var region: String
    public var kind: RegionCode.Kind
    public var name: String
    public var inhabitants: Int?
    /// Inhabitants per CBS age band, keyed by the band's name (`15-25`).
    public var ageBands: [String: Int?]
    public var households: Int?

    public init(region: String, kind: RegionCode.Kind, name: String, inhabitants: Int?, ageBands: [String: Int?], households: Int?) {
        self.region = region
        self.kind = kind
        self.name = name
        self.inhabitants = inhabitants
        self.ageBands = ageBands
        self.households = households
    }

    enum CodingKeys: String, CodingKey {
        case region, kind, name, inhabitants
        case ageBands = "age_bands"
        case households
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(region, forKey: .region)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(inhabitants, forKey: .inhabitants)
        // Suppressed figures stay visible as null instead of disappearing from the object.
        var bands = c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .ageBands)
        for band in AgeBand.allCases {
            let key = AnyCodingKey(band.rawValue)
            if let value = ageBands[band.rawValue] { try bands.encode(value, forKey: key) }
        }
        try c.encode(households, forKey: .households)
    }
}

struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
