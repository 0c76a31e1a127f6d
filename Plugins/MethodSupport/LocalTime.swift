import Foundation
public import StipPluginKit

/// A time of day, `19:30` (or `19:30:15`), without a time zone.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Reads `HH:MM` or `HH:MM:SS`, two digits each.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute, second: parts.count == 3 ? Int(parts[2]) ?? 99 : 0)
    }

    /// `19:30`, or `19:30:15` when there are seconds.
    public var description: String {
        let base = "\(zeroPadded(hour, 2)):\(zeroPadded(minute, 2))"
        return second == 0 ? base : base + ":\(zeroPadded(second, 2))"
    }

    /// `19:30:00`.
    public var withSeconds: String {
        "\(zeroPadded(hour, 2)):\(zeroPadded(minute, 2)):\(zeroPadded(second, 2))"
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        (lhs.hour, lhs.minute, lhs.second) < (rhs.hour, rhs.minute, rhs.second)
    }

    /// Reads a time of day, explaining what is wrong.
    public static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> LocalTime? {
        guard case .string(let raw) = value else {
            problems.add(pointer, "must be a time of day like 19:30 (it is \(value.foundDescription))")
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let time = LocalTime(text) else {
            problems.add(pointer, "must be a time of day like 19:30 (it is \"\(text)\")")
            return nil
        }
        return time
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "must be a time like 19:30"))
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
