extension DecodingError {
    /// The field the error is about, as people write it: `themes[2]`, `consent.report_back`, `""` for the whole body.
    public var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue, key is IndexKey || key.stringValue == "Index \(index)" {
                text += "[\(index)]"
            } else {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            }
        }
        return text
    }

    /// One sentence: the field and what was wrong with it, e.g. `status: "maybe" is not one of draft, active, closed`.
    /// - Parameter allowedValues: the allowed raw values of enum types by type name, for a readable refusal
    ///   of a misspelt value instead of Swift's "Cannot initialize … from invalid String value".
    public func explanation(allowedValues: [String: [String]] = [:]) -> String {
        let field = fieldPath
        let prefix = field.isEmpty ? "" : "\(field): "
        switch self {
        case .keyNotFound:
            return "missing field \"\(field)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return prefix + context.debugDescription
        case .dataCorrupted(let context):
            return prefix + Self.friendly(context.debugDescription, allowedValues: allowedValues)
        @unknown default:
            return prefix + "\(self)"
        }
    }

    /// "Cannot initialize AgeBand from invalid String value 12-18" → `"12-18" is not one of 0-15, 15-25, …`.
    static func friendly(_ description: String, allowedValues: [String: [String]]) -> String {
        guard description.hasPrefix("Cannot initialize "),
            let typeEnd = description.range(of: " from invalid "),
            let valueStart = description.range(of: " value ")
        else { return description }
        let type = String(description[description.index(description.startIndex, offsetBy: "Cannot initialize ".count)..<typeEnd.lowerBound])
        let value = String(description[valueStart.upperBound...])
        guard let allowed = allowedValues[type] else { return "\"\(value)\" is not an allowed value" }
        return "\"\(value)\" is not one of \(allowed.joined(separator: ", "))"
    }

    /// "a string", "a whole number", … for the type a decoder expected.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type, is Int8.Type, is UInt.Type, is UInt64.Type, is UInt32.Type,
            is UInt16.Type, is UInt8.Type:
            "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type, is Float.Type, is Decimal.Type: "a number"
        case is [String: JSONValue].Type: "an object"
        case is [JSONValue].Type: "a list"
        default: "a value of type \(type)"
        }
    }
}

import Foundation
