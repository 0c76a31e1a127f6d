public import StipPluginKit

extension JSONValue {
    /// What this value is, for messages such as "must be a whole number (it is text)".
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

    /// The members of an object (`nil` for anything else).
    public var members: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Whether this is JSON `null`. YAML `~`, `null` and an empty value arrive as `null`.
    public var isNull: Bool { self == .null }
}
