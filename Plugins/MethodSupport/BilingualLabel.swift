public import StipPluginKit

/// Text a consultant writes for residents (a question, a label, a title): a plain string (Dutch), or `{nl: …, en: …}`.
/// English falls back to Dutch. Canonical form: a plain string when there is no English.
public struct BilingualLabel: Sendable, Hashable, Encodable {
    public var nl: String
    public var en: String?

    public init(nl: String, en: String? = nil) {
        self.nl = nl
        self.en = en
    }

    /// The text in `locale` (`nl` or `en`); any other locale gets Dutch.
    public func text(for locale: String) -> String {
        locale == "en" ? (en ?? nl) : nl
    }

    /// Reads a plain string or an `{nl, en}` mapping (`nl` required), trimmed, each at most `maxLength` characters.
    public static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems, maxLength: Int) -> BilingualLabel? {
        switch value {
        case .string, .int:
            return Read.text(value, at: pointer, problems, maxLength: maxLength).map { BilingualLabel(nl: $0) }
        case .object:
            guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
            let nl = object.text("nl", required: true, maxLength: maxLength)
            let en = object.text("en", required: false, maxLength: maxLength)
            object.rejectUnknownKeys(["nl", "en"])
            return nl.map { BilingualLabel(nl: $0, en: en) }
        default:
            problems.add(pointer, "must be text, or a mapping with nl and en texts (it is \(value.kindDescription))")
            return nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if let en {
            try ["nl": nl, "en": en].encode(to: encoder)
        } else {
            var container = encoder.singleValueContainer()
            try container.encode(nl)
        }
    }
}
