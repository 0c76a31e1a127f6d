public import StipPluginKit
import Foundation

/// Readers for single JSON values. Each returns the value in canonical form, or nil after
/// recording what is wrong at `pointer`. Messages say what is wanted and what was found.
public enum Read {
    /// Trimmed text of at most `maxLength` characters. Whole numbers are accepted as text,
    /// because YAML reads `label: 2027` as a number. Empty text is refused unless `allowEmpty`.
    public static func text(
        _ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems, maxLength: Int, allowEmpty: Bool = false
    ) -> String? {
        let raw: String
        switch value {
        case .string(let string): raw = string
        case .int(let number): raw = String(number)
        default:
            problems.add(pointer, "must be text (it is \(value.foundDescription))")
            return nil
        }
        let text = raw.trimmedText
        if text.isEmpty && !allowEmpty {
            problems.add(pointer, "must not be empty")
            return nil
        }
        if text.count > maxLength {
            problems.add(pointer, "must be at most \(maxLength) characters (it has \(text.count))")
            return nil
        }
        return text
    }

    /// A whole number in `range`. A JSON number such as `4.0` counts as whole.
    public static func int(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems, in range: ClosedRange<Int>) -> Int? {
        let number: Int?
        switch value {
        case .int(let integer): number = Int(exactly: integer)
        case .double(let double): number = double.isFinite && double.rounded() == double ? Int(exactly: double) : nil
        default: number = nil
        }
        guard let number else {
            problems.add(
                pointer, "must be a whole number (it is \(value.kindDescription == "a number" ? "a fraction" : value.foundDescription))")
            return nil
        }
        guard number >= range.lowerBound && number <= range.upperBound else {
            problems.add(pointer, rangeMessage(range, found: String(number)))
            return nil
        }
        return number
    }

    /// A number (whole or not) in `range`.
    public static func number(
        _ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems, in range: ClosedRange<Double>
    ) -> Double? {
        let number: Double
        switch value {
        case .int(let integer): number = Double(integer)
        case .double(let double): number = double
        default:
            problems.add(pointer, "must be a number (it is \(value.foundDescription))")
            return nil
        }
        guard number >= range.lowerBound && number <= range.upperBound else {
            problems.add(pointer, "must be from \(plain(range.lowerBound)) to \(plain(range.upperBound)) (it is \(plain(number)))")
            return nil
        }
        return number
    }

    /// `true` or `false`.
    public static func bool(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> Bool? {
        guard case .bool(let flag) = value else {
            problems.add(pointer, "must be true or false (it is \(value.foundDescription))")
            return nil
        }
        return flag
    }

    /// One of the cases of `T`, by raw value. Letter case is forgiven: `Browser` reads as `browser`.
    public static func choice<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems
    ) -> T? where T.RawValue == String {
        guard case .string(let raw) = value else {
            let allowed = T.allCases.map(\.rawValue)
            problems.add(pointer, "must be \(englishList(allowed, conjunction: "or")) (it is \(value.foundDescription))", allowed: allowed)
            return nil
        }
        // The value as written is the common case (every profile of every poll answer in an evaluation): no copies.
        if let exact = T(rawValue: raw) { return exact }
        let text = raw.trimmingCharacters(in: .whitespaces)
        let folded = text.lowercased()
        if let match = T.allCases.first(where: { $0.rawValue.lowercased() == folded }) { return match }
        let allowed = T.allCases.map(\.rawValue)
        let hint = closestName(to: text, among: allowed).map { "; did you mean \($0)?" } ?? ""
        problems.add(pointer, "must be \(englishList(allowed, conjunction: "or")), not \"\(text)\"\(hint)", allowed: allowed)
        return nil
    }

    /// An id: 1 to 63 lower-case letters, digits, `_` or `-`. Whole numbers are accepted (`id: 1` reads as "1").
    public static func identifier(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> String? {
        guard let text = text(value, at: pointer, problems, maxLength: 63) else { return nil }
        guard isIdentifier(text) else {
            problems.add(pointer, "must be 1 to 63 lower-case letters, digits, _ or - (it is \"\(text)\")")
            return nil
        }
        return text
    }

    /// Whether `text` is a valid id (see ``identifier(_:at:_:)``).
    public static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 63
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// A list with a number of items in `count`; gives each item with its pointer.
    public static func list(
        _ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems, count: ClosedRange<Int> = 0...10_000
    ) -> [(value: JSONValue, pointer: JSONPointer)]? {
        guard case .array(let items) = value else {
            problems.add(pointer, "must be a list (it is \(value.foundDescription))")
            return nil
        }
        if items.count < count.lowerBound {
            problems.add(pointer, "must have at least \(count.lowerBound) item\(count.lowerBound == 1 ? "" : "s")")
            return nil
        }
        if items.count > count.upperBound {
            problems.add(pointer, "must have at most \(count.upperBound) items (it has \(items.count))")
            return nil
        }
        return items.enumerated().map { ($0.element, pointer.appending($0.offset)) }
    }

    /// "must be from 1 to 10", "must be at least 1" or "must be at most 5", with what was found.
    public static func rangeMessage(_ range: ClosedRange<Int>, found: String) -> String {
        if range.upperBound == Int.max { return "must be at least \(range.lowerBound) (it is \(found))" }
        if range.lowerBound == Int.min { return "must be at most \(range.upperBound) (it is \(found))" }
        return "must be from \(range.lowerBound) to \(range.upperBound) (it is \(found))"
    }

    /// A number as people write it: `5` rather than `5.0`.
    static func plain(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
