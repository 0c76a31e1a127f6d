import StipDomain
public import StipJSON

extension JSONValue {
    /// The text for a table cell.
    public var cellText: String {
        switch self {
        case .null: "-"
        case .bool(let v): v ? "yes" : "no"
        case .int(let v): "\(v)"
        case .double(let v): "\(v)"
        case .string(let v): v
        case .array(let values): values.map(\.cellText).joined(separator: ",")
        case .object(let values): values.keys.sorted().map { "\($0)=\(values[$0]!.cellText)" }.joined(separator: " ")
        }
    }

}
