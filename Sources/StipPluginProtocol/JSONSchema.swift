import Foundation
public import StipJSON

/// The part of JSON Schema 2020-12 that plugin manifests use, to check that a manifest's hand-written schemas
/// are schemas at all, and that what a plugin returns matches what its schema promises.
///
/// Supported: `type`, `enum`, `const`, `properties`, `required`, `additionalProperties`, `items`,
/// `minItems`/`maxItems`/`uniqueItems`, `minLength`/`maxLength`/`pattern`, `minimum`/`maximum`/
/// `exclusiveMinimum`/`exclusiveMaximum`, `allOf`/`anyOf`/`oneOf`/`not`, and `$ref` into `#/$defs/…`.
/// Annotations (`title`, `description`, `format`, `default`, `examples`, …) are accepted and not checked.
/// No library for this is among the project's dependencies, hence this small one.
public struct JSONSchema: Sendable {
    public let root: JSONValue

    public init(_ root: JSONValue) {
        self.root = root
    }

    /// One place where a schema or an instance is wrong.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// JSON Pointer into the schema (for schema problems) or the instance (for validation problems).
        public var pointer: String
        public var message: String
        public var description: String { "\(pointer.isEmpty ? "(root)" : pointer): \(message)" }
    }

    static let types: Set<String> = ["string", "integer", "number", "boolean", "object", "array", "null"]

    // MARK: - Is it a schema?

    /// Problems with the schema itself; empty when it is usable.
    public func schemaProblems() -> [Problem] {
        var problems: [Problem] = []
        if case .object(let members) = root, let declared = members["$schema"]?.stringValue,
            !declared.contains("2020-12")
        {
            problems.append(Problem(pointer: "/$schema", message: "declares \(declared); plugin manifests use JSON Schema 2020-12"))
        }
        check(root, at: "", into: &problems)
        return problems
    }

    private func check(_ schema: JSONValue, at pointer: String, into problems: inout [Problem]) {
        guard case .object(let members) = schema else {
            if case .bool = schema { return }
            problems.append(Problem(pointer: pointer, message: "a schema is an object or a boolean"))
            return
        }
        if let type = members["type"] {
            let names = type.stringValue.map { [$0] } ?? type.elements.compactMap(\.stringValue)
            if names.isEmpty || names.contains(where: { !Self.types.contains($0) }) {
                problems.append(
                    Problem(pointer: pointer + "/type", message: "must name JSON types: \(Self.types.sorted().joined(separator: ", "))"))
            }
        }
        if let properties = members["properties"] {
            if case .object(let each) = properties {
                for (name, child) in each.sorted(by: { $0.key < $1.key }) {
                    check(child, at: pointer + "/properties/" + name, into: &problems)
                }
            } else {
                problems.append(Problem(pointer: pointer + "/properties", message: "must be an object of schemas"))
            }
        }
        if let required = members["required"], required.elements.contains(where: { $0.stringValue == nil }) || required.stringValue != nil {
            problems.append(Problem(pointer: pointer + "/required", message: "must be a list of property names"))
        }
        for key in ["items", "additionalProperties", "not"] {
            if let child = members[key] { check(child, at: pointer + "/" + key, into: &problems) }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            guard let list = members[key] else { continue }
            guard case .array(let items) = list, !items.isEmpty else {
                problems.append(Problem(pointer: pointer + "/" + key, message: "must be a non-empty list of schemas"))
                continue
            }
            for (index, child) in items.enumerated() { check(child, at: "\(pointer)/\(key)/\(index)", into: &problems) }
        }
        if case .object(let definitions)? = members["$defs"] {
            for (name, child) in definitions.sorted(by: { $0.key < $1.key }) {
                check(child, at: pointer + "/$defs/" + name, into: &problems)
            }
        }
        if let reference = members["$ref"]?.stringValue, resolve(reference) == nil {
            problems.append(Problem(pointer: pointer + "/$ref", message: "\(reference) does not point at a definition in this schema"))
        }
        for key in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
        where members[key] != nil && Self.number(members[key]!) == nil {
            problems.append(Problem(pointer: pointer + "/" + key, message: "must be a number"))
        }
        for key in ["minLength", "maxLength", "minItems", "maxItems"] where members[key] != nil && members[key]?.intValue == nil {
            problems.append(Problem(pointer: pointer + "/" + key, message: "must be a whole number"))
        }
        if let pattern = members["pattern"]?.stringValue, (try? NSRegularExpression(pattern: pattern)) == nil {
            problems.append(Problem(pointer: pointer + "/pattern", message: "is not a regular expression"))
        }
    }

    // MARK: - Does a value match?

    /// Where `instance` does not match the schema; empty when it does.
    public func validate(_ instance: JSONValue) -> [Problem] {
        var problems: [Problem] = []
        validate(instance, against: root, at: "", into: &problems, depth: 0)
        return problems
    }

    private func validate(_ value: JSONValue, against schema: JSONValue, at pointer: String, into problems: inout [Problem], depth: Int) {
        guard depth < 64, case .object(let s) = schema else {
            if schema == .bool(false) { problems.append(Problem(pointer: pointer, message: "is not allowed here")) }
            return
        }
        if let reference = s["$ref"]?.stringValue, let target = resolve(reference) {
            validate(value, against: target, at: pointer, into: &problems, depth: depth + 1)
        }
        if let type = s["type"] {
            let names = type.stringValue.map { [$0] } ?? type.elements.compactMap(\.stringValue)
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                problems.append(Problem(pointer: pointer, message: "must be \(names.joined(separator: " or ")), found \(Self.kind(value))"))
                return
            }
        }
        if let options = s["enum"]?.elements, !options.isEmpty, !options.contains(where: { Self.same($0, value) }) {
            problems.append(
                Problem(
                    pointer: pointer,
                    message: "must be one of \(options.map { String(decoding: $0.jsonBytes(), as: UTF8.self) }.joined(separator: ", "))"))
        }
        if let constant = s["const"], !Self.same(constant, value) {
            problems.append(Problem(pointer: pointer, message: "must be \(String(decoding: constant.jsonBytes(), as: UTF8.self))"))
        }
        switch value {
        case .object(let members):
            for name in s["required"]?.elements.compactMap(\.stringValue) ?? [] where members[name] == nil {
                problems.append(Problem(pointer: pointer + "/" + JSONPointer.escape(name), message: "is required"))
            }
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let at = pointer + "/" + JSONPointer.escape(name)
                if let child = properties[name] {
                    validate(member, against: child, at: at, into: &problems, depth: depth + 1)
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) {
                        problems.append(Problem(pointer: at, message: "is not a known property"))
                    } else {
                        validate(member, against: extra, at: at, into: &problems, depth: depth + 1)
                    }
                }
            }
        case .array(let items):
            if let min = s["minItems"]?.intValue, items.count < min {
                problems.append(Problem(pointer: pointer, message: "needs at least \(min) items"))
            }
            if let max = s["maxItems"]?.intValue, items.count > max {
                problems.append(Problem(pointer: pointer, message: "allows at most \(max) items"))
            }
            if s["uniqueItems"] == .bool(true), Set(items.map { $0.jsonBytes() }).count < items.count {
                problems.append(Problem(pointer: pointer, message: "items must be unique"))
            }
            if let itemSchema = s["items"] {
                for (index, item) in items.enumerated() {
                    validate(item, against: itemSchema, at: "\(pointer)/\(index)", into: &problems, depth: depth + 1)
                }
            }
        case .string(let text):
            if let min = s["minLength"]?.intValue, text.count < min {
                problems.append(Problem(pointer: pointer, message: "must be at least \(min) characters"))
            }
            if let max = s["maxLength"]?.intValue, text.count > max {
                problems.append(Problem(pointer: pointer, message: "must be at most \(max) characters"))
            }
            if let pattern = s["pattern"]?.stringValue, let expression = try? NSRegularExpression(pattern: pattern),
                expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
            {
                problems.append(Problem(pointer: pointer, message: "does not match \(pattern)"))
            }
        case .int, .double:
            let number = Self.number(value) ?? 0
            if let min = s["minimum"].flatMap(Self.number), number < min {
                problems.append(Problem(pointer: pointer, message: "must be at least \(min)"))
            }
            if let max = s["maximum"].flatMap(Self.number), number > max {
                problems.append(Problem(pointer: pointer, message: "must be at most \(max)"))
            }
            if let min = s["exclusiveMinimum"].flatMap(Self.number), number <= min {
                problems.append(Problem(pointer: pointer, message: "must be more than \(min)"))
            }
            if let max = s["exclusiveMaximum"].flatMap(Self.number), number >= max {
                problems.append(Problem(pointer: pointer, message: "must be less than \(max)"))
            }
        default:
            break
        }
        for child in s["allOf"]?.elements ?? [] { validate(value, against: child, at: pointer, into: &problems, depth: depth + 1) }
        if let options = s["anyOf"]?.elements, !options.isEmpty, !options.contains(where: { matches(value, $0, depth) }) {
            problems.append(Problem(pointer: pointer, message: "matches none of the allowed forms (anyOf)"))
        }
        if let options = s["oneOf"]?.elements, !options.isEmpty, options.filter({ matches(value, $0, depth) }).count != 1 {
            problems.append(Problem(pointer: pointer, message: "must match exactly one of the allowed forms (oneOf)"))
        }
        if let excluded = s["not"], matches(value, excluded, depth) {
            problems.append(Problem(pointer: pointer, message: "matches a form that is not allowed (not)"))
        }
    }

    private func matches(_ value: JSONValue, _ schema: JSONValue, _ depth: Int) -> Bool {
        var problems: [Problem] = []
        validate(value, against: schema, at: "", into: &problems, depth: depth + 1)
        return problems.isEmpty
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var node = root
        for token in reference.dropFirst().split(separator: "/") {
            guard let key = JSONPointer.unescape(token), let next = node[key] else { return nil }
            node = next
        }
        return node
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("string", .string), ("boolean", .bool), ("object", .object), ("array", .array), ("null", .null), ("integer", .int): true
        case ("integer", .double(let v)): v == v.rounded()
        case ("number", .int), ("number", .double): true
        default: false
        }
    }

    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        return a == b
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
