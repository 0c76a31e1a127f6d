/// A CBS region code: a municipality (`GM0344`), a district (`WK034401`) or a neighbourhood (`BU03440101`).
public struct RegionCode: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The kind of region, from the code's prefix.
    public enum Kind: String, Codable, Sendable {
        case municipality = "gemeente"
        case district = "wijk"
        case neighbourhood = "buurt"
    }

    public let rawValue: String
    public let kind: Kind

    /// Accepts `GM` + 4 digits, `WK` + 6 digits or `BU` + 8 digits.
    public init?(_ text: String) {
        let prefix = text.prefix(2)
        let digits = text.dropFirst(2)
        let kind: Kind
        switch (prefix, digits.count) {
        case ("GM", 4): kind = .municipality
        case ("WK", 6): kind = .district
        case ("BU", 8): kind = .neighbourhood
        default: return nil
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.rawValue = text
        self.kind = kind
    }

    /// What a malformed code should look like, for error messages.
    public static let expectation =
        "a CBS code: GM + 4 digits (municipality), WK + 6 digits (wijk) or BU + 8 digits (buurt), e.g. BU03440101"

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = RegionCode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not \(Self.expectation)")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether `other` lies inside this region, judged by the codes (a buurt code extends its wijk code).
    public func contains(_ other: RegionCode) -> Bool {
        let mine = rawValue.dropFirst(2)
        return other.rawValue.dropFirst(2).hasPrefix(mine)
    }

    public var description: String { rawValue }
    public static func < (lhs: RegionCode, rhs: RegionCode) -> Bool { lhs.rawValue < rhs.rawValue }
}
