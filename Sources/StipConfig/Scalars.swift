import Foundation

// Scalar resolution by requested type, in the spirit of the YAML 1.2 core schema: the same text can be
// a string or a number depending on what the target type asks for, but quoted text is always a string.

extension YAMLNode {
    /// Whether the scalar may be read as something other than text: plain and not tagged `!!str`.
    var isResolvable: Bool {
        guard case .scalar(_, .plain, let tag, _) = self else { return false }
        return tag != "tag:yaml.org,2002:str"
    }

    /// `~`, `null`, `Null`, `NULL` or nothing at all, written plain.
    var isNull: Bool {
        guard isResolvable, let text = scalarValue else { return false }
        return Scalars.nullWords.contains(text)
    }
}

/// Parsers and recognizers for scalar text, shared by the decoder (reading) and the encoder (deciding when
/// a string must be quoted so it reads back as a string).
enum Scalars {
    static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The outcome of reading an integer, telling "not a number" apart from "a number that does not fit".
    enum IntegerResult<T> {
        case value(T)
        case notANumber
        case outOfRange
    }

    /// Reads `[-+]digits`, `0x…`, `0o…`, with `_` separators. A leading zero stays decimal (`0660` is 660).
    static func integer<T: FixedWidthInteger>(_ text: String, as type: T.Type) -> IntegerResult<T> {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            rest = rest.dropFirst()
        }
        var radix = 10
        if rest.hasPrefix("0x") || rest.hasPrefix("0X") {
            radix = 16
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("0o") || rest.hasPrefix("0O") {
            radix = 8
            rest = rest.dropFirst(2)
        }
        // Separators only between digits, so "_" or "1__" are not numbers.
        guard let first = rest.first, first != "_", rest.last != "_", !rest.contains("__") else { return .notANumber }
        let digits = rest.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else {
            return .notANumber
        }
        guard let value = T(sign + digits, radix: radix) else { return .outOfRange }
        return .value(value)
    }

    /// Reads decimals and exponents (`1.5`, `-2e3`, `.5`), `.inf`/`-.inf`/`.nan` in their usual spellings,
    /// and anything ``integer(_:as:)`` accepts.
    static func float<T: BinaryFloatingPoint & LosslessStringConvertible>(_ text: String, as type: T.Type) -> T? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if isDecimalFloat(text) { return T(text.filter { $0 != "_" }) }
        if case .value(let integer) = integer(text, as: Int64.self) { return T(integer) }
        return nil
    }

    /// `[-+]? ( . digits | digits ( . digits? )? ) ( [eE] [-+]? digits )?`, digits allowing `_`.
    static func isDecimalFloat(_ text: String) -> Bool {
        var characters = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let c = characters.first,
                (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c == UInt8(ascii: "_") && count > 0)
            {
                characters = characters.dropFirst()
                count += 1
            }
            return count
        }
        if let c = characters.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            characters = characters.dropFirst()
        }
        var mantissa = digits()
        if characters.first == UInt8(ascii: ".") {
            characters = characters.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if let c = characters.first, c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
            characters = characters.dropFirst()
            if let c = characters.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                characters = characters.dropFirst()
            }
            guard digits() > 0 else { return false }
        }
        return characters.isEmpty
    }

    /// ISO 8601 with a time zone (optionally with fractional seconds), or a date alone as midnight UTC.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// ISO 8601 in UTC; fractional seconds (milliseconds) only when the date has them.
    static func string(from date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        let hasFraction = date.timeIntervalSince1970.rounded(.down) != date.timeIntervalSince1970
        formatter.formatOptions =
            hasFraction ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Whether plain `text` could be read back as something other than this string by a YAML reader —
    /// this one or a YAML 1.1 one (`yes`, `on`, sexagesimal numbers …), since people feed files to other tools.
    static func needsQuotes(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return true }
        // Words some reader takes for null, a boolean or a merge key.
        if text.utf8.count <= 5, reservedWords.contains(text.lowercased()) { return true }
        if first == " " || first == "\t" || last == " " || last == "\t" || last == ":" { return true }
        // Anything starting like a number or a date, however it continues.
        if ("0"..."9").contains(first) { return true }
        // Indicator characters that mean something at the start of a plain scalar (this includes "-").
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return true }
        if first == "+" || first == "." {
            let second = scalars.dropFirst().first
            if let second, ("0"..."9").contains(second) || second == "." { return true }
            let lowered = text.lowercased()
            if lowered.hasPrefix(".inf") || lowered.hasPrefix(".nan") { return true }
        }
        // ": " starts a mapping value and " #" a comment; control characters need escapes.
        var previous = first
        for scalar in scalars {
            if needsEscape(scalar) || (scalar == " " && previous == ":") || (scalar == "#" && previous == " ") {
                return true
            }
            previous = scalar
        }
        return false
    }

    private static let reservedWords: Set<String> = [
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", "<<", "=",
    ]

    /// Characters that a double-quoted scalar must escape and that a plain or block scalar cannot hold.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x2028, 0x2029, 0xFEFF: return true
        default: return false
        }
    }
}
