public import StipPluginKit

/// Reads the members of one JSON object, recording every problem at the member's pointer.
/// `null` counts as absent, because YAML turns `facilitator:` with no value into `null`.
public struct ObjectReader {
    public let pointer: JSONPointer
    public let members: [String: JSONValue]
    public let problems: FieldProblems

    /// Nil, after recording a problem, when `value` is not an object.
    public init?(_ value: JSONValue, at pointer: JSONPointer, problems: FieldProblems) {
        guard let members = value.members else {
            problems.add(pointer, "must be a mapping of fields (it is \(value.kindDescription))")
            return nil
        }
        self.pointer = pointer
        self.members = members
        self.problems = problems
    }

    /// The member `key`, or nil when it is absent or `null`.
    public subscript(key: String) -> JSONValue? {
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    /// The pointer of the member `key`.
    public func at(_ key: String) -> JSONPointer {
        pointer.appending(key)
    }

    /// Reads a member that must be there; records "is required" when it is not.
    public func required<T>(_ key: String, _ read: (JSONValue, JSONPointer) -> T?) -> T? {
        guard let value = self[key] else {
            problems.add(at(key), "is required")
            return nil
        }
        return read(value, at(key))
    }

    /// Reads a member that may be left out.
    public func optional<T>(_ key: String, _ read: (JSONValue, JSONPointer) -> T?) -> T? {
        self[key].flatMap { read($0, at(key)) }
    }

    /// Trimmed text. An optional member that is empty counts as left out.
    public func text(_ key: String, required: Bool, maxLength: Int) -> String? {
        if required { return self.required(key) { Read.text($0, at: $1, problems, maxLength: maxLength) } }
        let text = optional(key) { Read.text($0, at: $1, problems, maxLength: maxLength, allowEmpty: true) }
        return text?.isEmpty == true ? nil : text
    }

    public func int(_ key: String, required: Bool, in range: ClosedRange<Int>) -> Int? {
        let read = { (value: JSONValue, pointer: JSONPointer) in Read.int(value, at: pointer, problems, in: range) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func number(_ key: String, required: Bool, in range: ClosedRange<Double>) -> Double? {
        let read = { (value: JSONValue, pointer: JSONPointer) in Read.number(value, at: pointer, problems, in: range) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func bool(_ key: String) -> Bool? {
        optional(key) { Read.bool($0, at: $1, problems) }
    }

    public func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ key: String, required: Bool) -> T? where T.RawValue == String {
        let read = { (value: JSONValue, pointer: JSONPointer) in Read.choice(type, value, at: pointer, problems) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func identifier(_ key: String, required: Bool) -> String? {
        let read = { (value: JSONValue, pointer: JSONPointer) in Read.identifier(value, at: pointer, problems) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func date(_ key: String, required: Bool) -> LocalDate? {
        let read = { (value: JSONValue, pointer: JSONPointer) in LocalDate.read(value, at: pointer, problems) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func dateTime(_ key: String, required: Bool) -> LocalDateTime? {
        let read = { (value: JSONValue, pointer: JSONPointer) in LocalDateTime.read(value, at: pointer, problems) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func bilingual(_ key: String, required: Bool, maxLength: Int) -> BilingualLabel? {
        let read = { (value: JSONValue, pointer: JSONPointer) in BilingualLabel.read(value, at: pointer, problems, maxLength: maxLength) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func list(_ key: String, required: Bool, count: ClosedRange<Int> = 0...10_000) -> [(value: JSONValue, pointer: JSONPointer)]? {
        let read = { (value: JSONValue, pointer: JSONPointer) in Read.list(value, at: pointer, problems, count: count) }
        return required ? self.required(key, read) : optional(key, read)
    }

    public func object(_ key: String, required: Bool) -> ObjectReader? {
        let read = { (value: JSONValue, pointer: JSONPointer) in ObjectReader(value, at: pointer, problems: problems) }
        return required ? self.required(key, read) : optional(key, read)
    }

    /// Records a problem for each member not in `known` (unless the problems ignore unknown keys,
    /// as imports do), with a "did you mean" hint for typos. `context` narrows the message,
    /// e.g. "for type rating".
    public func rejectUnknownKeys(_ known: [String], context: String? = nil) {
        guard !problems.ignoresUnknownKeys else { return }
        for key in members.keys.sorted() where !known.contains(key) {
            let hint = closestName(to: key, among: known).map { " (did you mean \($0)?)" } ?? ""
            let scope = context.map { " \($0)" } ?? ""
            problems.add(at(key), "unknown field\(scope)\(hint); known fields are \(englishList(known))")
        }
    }
}
