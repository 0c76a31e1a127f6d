import Foundation

/// Reads scalars as the requested Swift types, with messages that say what was expected and found.
enum Unbox {
    static func bool(_ node: YAMLNode, _ path: [any CodingKey]) throws -> Bool {
        if node.isResolvable, let text = node.scalarValue, let value = Scalars.bool(text) { return value }
        let quoted = !node.isResolvable && node.scalarValue.flatMap(Scalars.bool) != nil
        throw Failures.mismatch(
            "true or false", node, path, Bool.self, hint: quoted ? "remove the quotes to make it a boolean" : nil)
    }

    static func string(_ node: YAMLNode, _ path: [any CodingKey]) throws -> String {
        // Any scalar is text exactly as written: plain `0660` stays "0660".
        guard let text = node.scalarValue else { throw Failures.mismatch("text", node, path, String.self) }
        return text
    }

    static func integer<T: FixedWidthInteger>(_ node: YAMLNode, _ path: [any CodingKey], as type: T.Type) throws -> T {
        guard let text = node.scalarValue else { throw Failures.mismatch("a whole number", node, path, type) }
        guard node.isResolvable else {
            let isNumber = if case .value = Scalars.integer(text, as: Int64.self) { true } else { false }
            throw Failures.mismatch(
                "a whole number", node, path, type, hint: isNumber ? "remove the quotes to make it a number" : nil)
        }
        switch Scalars.integer(text, as: type) {
        case .value(let value):
            return value
        case .outOfRange:
            throw Failures.invalid("\(text) is out of range: it must be between \(T.min) and \(T.max)", node, path)
        case .notANumber:
            let hint = Scalars.float(text, as: Double.self) != nil ? "this value must not have a fraction" : nil
            throw Failures.mismatch("a whole number", node, path, type, hint: hint)
        }
    }

    static func float<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ node: YAMLNode, _ path: [any CodingKey], as type: T.Type
    ) throws -> T {
        if node.isResolvable, let text = node.scalarValue, let value = Scalars.float(text, as: type) {
            guard value.isFinite || !Scalars.isDecimalFloat(text) else {
                throw Failures.invalid("\(text) is too large for a number here", node, path)
            }
            return value
        }
        let quoted = !node.isResolvable && node.scalarValue.flatMap { Scalars.float($0, as: Double.self) } != nil
        throw Failures.mismatch(
            "a number", node, path, type, hint: quoted ? "remove the quotes to make it a number" : nil)
    }

    /// Foundation types that are scalars in YAML although their own `Codable` forms are not; `nil` for
    /// every other type.
    static func special<T>(_ type: T.Type, _ node: YAMLNode, _ path: [any CodingKey]) throws -> T? {
        if type == Date.self {
            guard let text = node.scalarValue, let date = Scalars.date(text) else {
                throw Failures.mismatch(
                    "a date such as 2027-01-20T19:30:00Z or 2027-01-10", node, path, type)
            }
            return date as? T
        }
        if type == Data.self {
            guard let text = node.scalarValue,
                let data = Data(base64Encoded: text.filter { !$0.isWhitespace })
            else { throw Failures.mismatch("base64-encoded data", node, path, type) }
            return data as? T
        }
        if type == URL.self {
            guard let text = node.scalarValue, !text.isEmpty, let url = URL(string: text) else {
                throw Failures.mismatch("a URL", node, path, type)
            }
            return url as? T
        }
        if type == Decimal.self {
            guard node.isResolvable, let text = node.scalarValue, Scalars.isDecimalFloat(text),
                let decimal = Decimal(string: text.filter { $0 != "_" }, locale: Locale(identifier: "en_US_POSIX"))
            else { throw Failures.mismatch("a decimal number", node, path, type) }
            return decimal as? T
        }
        return nil
    }
}
