/// A problem found while reading a plan that does not stop the reading, so that it is reported together with
/// every other problem of the plan (a misspelt `participation_level` next to an unknown phase).
public struct DecodingIssue: Sendable, Hashable {
    public var pointer: String
    public var message: String
    /// A required key that is not there: the value read in its place is a stand-in, so rules about that
    /// value say nothing more.
    public var isMissingKey = false
}

extension KeyedDecodingContainer {
    /// A required text; when the key is missing, that is recorded in `issues` and the text is empty, so that
    /// the plan's other problems are still found and reported with it.
    func required(_ key: Key, issues: inout [DecodingIssue]) throws -> String {
        if let text = try decodeIfPresent(String.self, forKey: key) { return text }
        issues.append(missing(key))
        return ""
    }

    /// A required text residents read (Dutch, or `{nl, en}`); a missing key is recorded and the text is empty.
    func required(_ key: Key, issues: inout [DecodingIssue]) throws -> PlanText {
        if let text = try decodeIfPresent(PlanText.self, forKey: key) { return text }
        issues.append(missing(key))
        return PlanText(nl: "")
    }

    /// A required list; a missing key is recorded and the list is empty.
    func required<T: Decodable>(_ type: [T].Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> [T] {
        if let list = try decodeIfPresent(type, forKey: key) { return list }
        issues.append(missing(key))
        return []
    }

    /// A required enum: a missing key or an unknown value is recorded and `fallback` is used.
    func requiredLenient<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, forKey key: Key, fallback: E, issues: inout [DecodingIssue]
    ) throws -> E where E.RawValue == String {
        guard contains(key) else {
            issues.append(missing(key))
            return fallback
        }
        return try lenient(type, forKey: key, fallback: fallback, issues: &issues)
    }

    /// Worded as the YAML decoder words a missing key.
    private func missing(_ key: Key) -> DecodingIssue {
        DecodingIssue(
            pointer: Self.pointer(codingPath + [key]),
            message: "the required key \"\(key.stringValue)\" is missing; add it to this mapping",
            isMissingKey: true)
    }

    /// Decodes an enum by its raw value; an unknown value is recorded in `issues` and `fallback` is used.
    func lenient<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, forKey key: Key, fallback: E, issues: inout [DecodingIssue]
    ) throws -> E where E.RawValue == String {
        try lenientIfPresent(type, forKey: key, issues: &issues) ?? fallback
    }

    func lenientIfPresent<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> E?
    where E.RawValue == String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        if let value = E(rawValue: text) { return value }
        issues.append(DecodingIssue(pointer: Self.pointer(codingPath + [key]), message: Self.notAllowed(text, E.self)))
        return nil
    }

    /// A list of enum values; unknown ones are recorded and left out.
    func lenientList<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> [E]?
    where E.RawValue == String {
        guard let texts = try decodeIfPresent([String].self, forKey: key) else { return nil }
        var values: [E] = []
        for (index, text) in texts.enumerated() {
            if let value = E(rawValue: text) {
                values.append(value)
            } else {
                issues.append(
                    DecodingIssue(pointer: Self.pointer(codingPath + [key]) + "/\(index)", message: Self.notAllowed(text, E.self)))
            }
        }
        return values
    }

    static func notAllowed<E: RawRepresentable & CaseIterable>(_ text: String, _: E.Type) -> String where E.RawValue == String {
        "invalid value \"\(text)\" (allowed: \(E.allCases.map(\.rawValue).joined(separator: ", ")))"
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }
}
