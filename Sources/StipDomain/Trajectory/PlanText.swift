/// A text in a plan that residents read (a title, the "why", an objective): Dutch, and English when the
/// consultant gives it. In YAML it is a plain string (Dutch, which English pages then show as well) or a
/// mapping `{nl: …, en: …}`; it is written back the way it came, so a plan read back applies unchanged.
public struct PlanText: Codable, Sendable, Equatable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var nl: String
    public var en: String?

    public init(nl: String, en: String? = nil) {
        self.nl = nl
        self.en = en
    }

    public init(stringLiteral value: String) {
        self.init(nl: value)
    }

    /// The text for a page in `language` (`nl` or `en`): English when there is one, else Dutch.
    public func text(_ language: String) -> String {
        language == "en" ? (en ?? nl) : nl
    }

    /// Whether a language that is given is empty: such a text says nothing.
    public var isBlank: Bool {
        nl.allSatisfy(\.isWhitespace) || (en.map { $0.allSatisfy(\.isWhitespace) } ?? false)
    }

    /// The Dutch text (logs, the admin's lists).
    public var description: String { nl }

    enum CodingKeys: String, CodingKey, CaseIterable { case nl, en }

    public init(from decoder: any Decoder) throws {
        if let plain = try? decoder.singleValueContainer().decode(String.self) {
            self.init(nl: plain)
            return
        }
        guard let c = try? decoder.container(keyedBy: AnyKey.self) else {
            throw DecodingError.typeMismatch(
                PlanText.self,
                .init(codingPath: decoder.codingPath, debugDescription: "must be a text, or a mapping {nl: Dutch text, en: English text}"))
        }
        if let unknown = c.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [unknown],
                    debugDescription: "unknown language \"\(unknown.stringValue)\"; a text has nl (required) and en"))
        }
        let keyed = try decoder.container(keyedBy: CodingKeys.self)
        guard keyed.contains(.nl) else {
            throw DecodingError.keyNotFound(
                CodingKeys.nl, .init(codingPath: decoder.codingPath, debugDescription: "a text in two languages needs nl (Dutch)"))
        }
        self.init(nl: try keyed.decode(String.self, forKey: .nl), en: try keyed.decodeIfPresent(String.self, forKey: .en))
    }

    public func encode(to encoder: any Encoder) throws {
        guard let en else {
            var single = encoder.singleValueContainer()
            try single.encode(nl)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(nl, forKey: .nl)
        try c.encode(en, forKey: .en)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
