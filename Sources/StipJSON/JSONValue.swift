/// Any JSON value (RFC 8259). Plugin configs, contributions and API bodies pass through Stip as these.
///
/// Objects keep no key order; the writer sorts their keys, so the same value always gives the same text.
/// Numbers are integers (`int`) when they were written without fraction or exponent and fit 64 bits,
/// otherwise `double`.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The member `key` of an object; `nil` for a missing member or when this is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string, when this is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, when this is one.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, for integers and doubles alike.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The Boolean, when this is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The members, when this is an object.
    public var members: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array (empty otherwise).
    public var elements: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }

    /// What this value is, for messages such as "must be a whole number (it is text)". Worded for people who
    /// write YAML as much as JSON: "text", "a mapping", "empty".
    public var kindDescription: String {
        switch self {
        case .null: "empty"
        case .bool: "true or false"
        case .int, .double: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    /// Like ``kindDescription``, with short text quoted: `the text "veertig"`.
    public var foundDescription: String {
        guard case .string(let text) = self else { return kindDescription }
        return text.count <= 40 ? "the text \"\(text)\"" : "text"
    }

    /// Whether this is JSON `null`. YAML `~`, `null` and an empty value arrive as `null`.
    public var isNull: Bool { self == .null }
}
