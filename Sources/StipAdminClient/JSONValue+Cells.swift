import Foundation
import StipDomain
public import StipJSON

extension JSONValue {
    /// The text for a table cell.
    public var cellText: String {
        switch self {
        case .null: "-"
        case .bool(let v): v ? "yes" : "no"
        case .int(let v): "\(v)"
        case .double(let v): Self.rounded(v)
        case .string(let v): v
        case .array(let values): values.map(\.cellText).joined(separator: ",")
        case .object(let values): values.keys.sorted().map { "\($0)=\(values[$0]!.cellText)" }.joined(separator: " ")
        }
    }

    /// A number for people: at most two decimals, without trailing zeros (`0.3076923…` → `0.31`, `7.0` → `7`).
    /// `-o json` keeps the full precision.
    static func rounded(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        let hundredths = (value * 100).rounded()
        if hundredths.truncatingRemainder(dividingBy: 100) == 0 { return String(Int64(hundredths / 100)) }
        var text = String(format: "%.2f", hundredths / 100)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
