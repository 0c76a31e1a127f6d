import StipJSON
import StipPluginProtocol

/// Builds a small instance of a JSON Schema: the config the check tries when the developer gave none, so that
/// the probes of public forms, imports, evaluations and exports reach the plugin's own code.
///
/// It takes what the schema offers first (`examples`, `default`, `const`, `enum`), then the least a type
/// allows (the required members, the minimum length, the minimum). It gives up (`nil`) where it would have to
/// guess, such as a `pattern`; the plugin then keeps its refusal of `{}` and those probes say "not probed".
struct SchemaExample {
    let root: JSONValue

    init(_ root: JSONValue) {
        self.root = root
    }

    /// An instance that validates against the schema, or `nil`.
    func instance() -> JSONValue? {
        guard let candidate = build(root, depth: 0), JSONSchema(root).validate(candidate).isEmpty else { return nil }
        return candidate
    }

    private func build(_ schema: JSONValue, depth: Int) -> JSONValue? {
        guard depth < 16, let keywords = schema.members else { return schema.boolValue == true ? .object([:]) : nil }
        if let first = keywords["examples"]?.elements.first { return first }
        if let value = keywords["default"] ?? keywords["const"] ?? keywords["enum"]?.elements.first { return value }
        if let reference = keywords["$ref"]?.stringValue {
            guard reference.hasPrefix("#"), let target = JSONPointer(String(reference.dropFirst())).flatMap({ root[$0] })
            else { return nil }
            return build(target, depth: depth + 1)
        }
        if let parts = keywords["allOf"]?.elements, !parts.isEmpty {
            var merged: [String: JSONValue] = [:]
            for part in parts {
                guard let members = build(part, depth: depth + 1)?.members else { return nil }
                merged.merge(members) { $1 }
            }
            return .object(merged)
        }
        if let choices = keywords["anyOf"]?.elements ?? keywords["oneOf"]?.elements {
            return choices.lazy.compactMap { build($0, depth: depth + 1) }.first
        }
        switch Self.type(of: keywords) {
        case "object": return object(keywords, depth: depth)
        case "array":
            let count = Int(keywords["minItems"]?.intValue ?? 0)
            guard count > 0 else { return .array([]) }
            guard let item = keywords["items"].flatMap({ build($0, depth: depth + 1) }) else { return nil }
            return .array(Array(repeating: item, count: count))
        case "string": return string(keywords)
        case "integer", "number": return number(keywords, integer: Self.type(of: keywords) == "integer")
        case "boolean": return .bool(false)
        case "null": return .null
        default: return nil
        }
    }

    private static func type(of keywords: [String: JSONValue]) -> String? {
        if let type = keywords["type"]?.stringValue { return type }
        if let types = keywords["type"]?.elements.compactMap(\.stringValue) { return types.first { $0 != "null" } ?? types.first }
        return keywords["properties"] != nil ? "object" : nil
    }

    private func object(_ keywords: [String: JSONValue], depth: Int) -> JSONValue? {
        let properties = keywords["properties"]?.members ?? [:]
        var instance: [String: JSONValue] = [:]
        for name in keywords["required"]?.elements.compactMap(\.stringValue) ?? [] {
            guard let value = build(properties[name] ?? .object([:]), depth: depth + 1) else { return nil }
            instance[name] = value
        }
        return .object(instance)
    }

    private func string(_ keywords: [String: JSONValue]) -> JSONValue? {
        guard keywords["pattern"] == nil else { return nil }
        switch keywords["format"]?.stringValue {
        case "date": return .string("2027-03-15")
        case "date-time": return .string("2027-03-15T10:00:00Z")
        case "email": return .string("iemand@example.org")
        case "uri": return .string("https://example.org/")
        default: break
        }
        let minimum = Int(keywords["minLength"]?.intValue ?? 0)
        let maximum = keywords["maxLength"]?.intValue.map(Int.init) ?? Int.max
        let text = String(String(repeating: "Voorbeeldtekst ", count: minimum / 15 + 1).prefix(max(minimum, min(14, maximum))))
        return .string(text)
    }

    private func number(_ keywords: [String: JSONValue], integer: Bool) -> JSONValue? {
        var value = keywords["minimum"]?.doubleValue ?? keywords["exclusiveMinimum"]?.doubleValue.map { $0 + 1 } ?? 0
        if let maximum = keywords["maximum"]?.doubleValue, value > maximum { value = maximum }
        if integer || value == value.rounded() { return .int(Int64(value.rounded(.up))) }
        return .double(value)
    }
}
