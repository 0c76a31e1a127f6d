public import StipJSON

/// A value `stipctl` puts into a request body: strings, numbers, flags, lists of them, or JSON as it is.
public protocol JSONRepresentable: Sendable {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension String: JSONRepresentable {
    public var jsonValue: JSONValue { .string(self) }
}

extension Int: JSONRepresentable {
    public var jsonValue: JSONValue { .int(Int64(self)) }
}

extension Bool: JSONRepresentable {
    public var jsonValue: JSONValue { .bool(self) }
}

extension JSONValue: JSONRepresentable {
    public var jsonValue: JSONValue { self }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

extension JSONValue {
    /// An object of the members that have a value; `nil` members are left out.
    public static func object(omittingNil members: [String: (any JSONRepresentable)?]) -> JSONValue {
        .object(members.compactMapValues { $0?.jsonValue })
    }
}
