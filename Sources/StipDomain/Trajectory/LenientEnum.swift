/// A problem found while reading a plan that does not stop the reading, so that it is reported together with
/// every other problem of the plan (a misspelt `participation_level` next to an unknown phase).
public struct DecodingIssue: Sendable, Hashable {
    public var pointer: String
    public var message: String
    /// The pointer of the value read as a stand-in because of this issue (a missing key's empty text, an
    /// unreadable phase): rules about it, or anything inside it, say nothing more.
    public var standIn: String?

    init(pointer: String, message: String, standIn: String? = nil) {
        self.pointer = pointer
        self.message = message
        self.standIn = standIn
    }
}

extension KeyedDecodingContainer {
    /// A required text; when the key is missing (or its value unreadable), that is recorded in `issues` and the
    /// text is empty, so that the plan's other problems are still found and reported with it.
    func required(_ key: Key, issues: inout [DecodingIssue]) throws -> String {
        try requiredValue(String.self, key, standIn: "", issues: &issues)
    }

    /// A required text residents read (Dutch, or `{nl, en}`); a missing key is recorded and the text is empty.
    func required(_ key: Key, issues: inout [DecodingIssue]) throws -> PlanText {
        try requiredValue(PlanText.self, key, standIn: PlanText(nl: ""), issues: &issues)
    }

    /// A required list of plan elements, each read on its own; a missing key is recorded and the list is empty.
    func requiredList<T: PlanElement>(_ type: T.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> [T] {
        let before = issues.count
        if let list = try recoveringList(type, forKey: key, issues: &issues) { return list }
        if issues.count == before { issues.append(missing(key)) }
        return []
    }

    private func requiredValue<T: Decodable>(_ type: T.Type, _ key: Key, standIn: T, issues: inout [DecodingIssue]) throws -> T {
        let before = issues.count
        if let value = try recovering(type, forKey: key, issues: &issues) { return value }
        if issues.count == before { issues.append(missing(key)) }
        return standIn
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
            standIn: Self.pointer(codingPath + [key]))
    }

    /// Decodes an enum by its raw value; an unknown value is recorded in `issues` and `fallback` is used.
    func lenient<E: RawRepresentable & CaseIterable>(
        _ type: E.Type, forKey key: Key, fallback: E, issues: inout [DecodingIssue]
    ) throws -> E where E.RawValue == String {
        try lenientIfPresent(type, forKey: key, issues: &issues) ?? fallback
    }

    func lenientIfPresent<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> E?
    where E.RawValue == String {
        guard let text = try recovering(String.self, forKey: key, issues: &issues) else { return nil }
        if let value = Self.named(text, E.self) { return value }
        issues.append(DecodingIssue(pointer: Self.pointer(codingPath + [key]), message: Self.notAllowed(text, E.self)))
        return nil
    }

    /// A list of enum values; unknown ones are recorded and left out.
    func lenientList<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> [E]?
    where E.RawValue == String {
        guard let texts = try recovering([String].self, forKey: key, issues: &issues) else { return nil }
        var values: [E] = []
        for (index, text) in texts.enumerated() {
            if let value = Self.named(text, E.self) {
                values.append(value)
            } else {
                issues.append(
                    DecodingIssue(pointer: Self.pointer(codingPath + [key]) + "/\(index)", message: Self.notAllowed(text, E.self)))
            }
        }
        return values
    }

    /// The value `text` names: its English raw value, or one of its Dutch names.
    static func named<E: RawRepresentable & CaseIterable>(_ text: String, _: E.Type) -> E? where E.RawValue == String {
        if let value = E(rawValue: text) { return value }
        return (E.self as? any DutchNamed.Type)?.englishName(of: text).flatMap(E.init(rawValue:))
    }

    static func notAllowed<E: RawRepresentable & CaseIterable>(_ text: String, _: E.Type) -> String where E.RawValue == String {
        let dutch = (E.self as? any DutchNamed.Type)?.dutchNames.keys.sorted() ?? []
        return "invalid value \"\(text)\" (allowed: \(E.allCases.map(\.rawValue).joined(separator: ", "))"
            + (dutch.isEmpty ? "" : "; in Dutch: \(dutch.joined(separator: ", "))") + ")"
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }
}
