import Foundation

// `Encodable` straight to `JSONValue`: API answers, plugin messages and stored documents are built this way
// and written by ``JSONValue/jsonBytes()``. Dates become ISO 8601 text in UTC with whole seconds
// (`2026-11-29T10:15:00Z`), data base64 text, URLs their absolute text; absent optionals are left out.

extension JSONValue {
    /// Converts an `Encodable` value.
    /// - Throws: `EncodingError` for numbers JSON cannot hold (infinity, NaN).
    public init(encoding value: some Encodable) throws {
        self = try ValueEncoder.box(value, codingPath: [])
    }
}

/// A value under construction: containers handed out by an encoder fill these in place.
private final class Slot {
    /// A member or element: finished, or still open to a container or encoder handed out.
    enum Child {
        case done(JSONValue)
        case open(Slot)

        func resolved() -> JSONValue {
            switch self {
            case .done(let value): value
            case .open(let slot): slot.resolved()
            }
        }
    }

    enum Content {
        case none
        case value(JSONValue)
        case object([String: Child])
        case array([Child])
    }

    var content: Content = .none

    func resolved() -> JSONValue {
        switch content {
        case .none: .object([:])  // a type that encoded nothing: an empty object, as Foundation writes it
        case .value(let value): value
        case .object(let children): .object(children.mapValues { $0.resolved() })
        case .array(let children): .array(children.map { $0.resolved() })
        }
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue {
        if let primitive = try primitive(value, codingPath) { return primitive }
        let slot = Slot()
        try value.encode(to: ValueEncoder(slot: slot, codingPath: codingPath))
        return slot.resolved()
    }

    /// The types `primitive` turns into a value directly.
    private static let primitiveTypes: [ObjectIdentifier] = [
        JSONValue.self, String.self, Int.self, Bool.self, Double.self, Int64.self, Int32.self, Int16.self, Int8.self, UInt.self,
        UInt64.self, UInt32.self, UInt16.self, UInt8.self, Float.self, Date.self, URL.self, Data.self, Decimal.self,
    ].map { ObjectIdentifier($0) }

    static func primitive<Value: Encodable>(_ value: Value, _ codingPath: [any CodingKey]) throws -> JSONValue? {
        // Most values handed over are structs, enums and collections. When the static type is the value's own
        // type and not one of the primitives, no cast below can match: a comparison of type identities spares
        // a failed dynamic cast per primitive type (an existential or a subclass still goes through the casts).
        let type = ObjectIdentifier(Swift.type(of: value))
        if type == ObjectIdentifier(Value.self), !primitiveTypes.contains(type) { return nil }
        switch value {
        case let json as JSONValue: return json  // already what this encoder makes
        case let string as String: return .string(string)
        case let int as Int: return .int(Int64(int))
        case let bool as Bool: return .bool(bool)
        case let double as Double: return try number(double, codingPath)
        case let int as Int64: return .int(int)
        case let int as Int32: return .int(Int64(int))
        case let int as Int16: return .int(Int64(int))
        case let int as Int8: return .int(Int64(int))
        case let int as UInt: return try unsigned(UInt64(int), codingPath)
        case let int as UInt64: return try unsigned(int, codingPath)
        case let int as UInt32: return .int(Int64(int))
        case let int as UInt16: return .int(Int64(int))
        case let int as UInt8: return .int(Int64(int))
        case let float as Float: return try number(Double(float), codingPath)
        case let date as Date: return .string(date.formatted(.iso8601))
        case let url as URL: return .string(url.absoluteString)
        case let data as Data: return .string(data.base64EncodedString())
        case let decimal as Decimal: return try number(NSDecimalNumber(decimal: decimal).doubleValue, codingPath)
        default: return nil
        }
    }

    static func unsigned(_ value: UInt64, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard let int = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) does not fit 64 signed bits"))
        }
        return .int(int)
    }

    /// A whole Double within ±2^53 becomes an integer, so `2.0` is written `2`, as Foundation's encoder writes it.
    static func number(_ double: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard double.isFinite else {
            throw EncodingError.invalidValue(double, .init(codingPath: codingPath, debugDescription: "JSON has no \(double)"))
        }
        if double == double.rounded(), double.magnitude <= 9_007_199_254_740_992 { return .int(Int64(double)) }
        return .double(double)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = slot.content {} else { slot.content = .object([:]) }
        return KeyedEncodingContainer(KeyedSlots<Key>(slot: slot, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = slot.content {} else { slot.content = .array([]) }
        return UnkeyedSlots(slot: slot, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleSlot(slot: slot, codingPath: codingPath) }
}

private struct SingleSlot: SingleValueEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.content = .value(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { slot.content = .value(try ValueEncoder.box(value, codingPath: codingPath)) }
}

private struct KeyedSlots<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let codingPath: [any CodingKey]

    private func put(_ key: Key, _ child: Slot.Child) {
        guard case .object(var children) = slot.content else { return }
        slot.content = .none  // keep `children` uniquely referenced while it changes
        children[key.stringValue] = child
        slot.content = .object(children)
    }

    mutating func encodeNil(forKey key: Key) throws { put(key, .done(.null)) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(key, .done(.string(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(key, .done(.bool(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(key, .done(.int(Int64(value)))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(key, .done(.int(value))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(key, .done(try ValueEncoder.box(value, codingPath: codingPath + [key])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = Slot()
        put(key, .open(child))
        return ValueEncoder(slot: child, codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Slot()
        put(key, .open(child))
        return ValueEncoder(slot: child, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { superEncoder(forKey: Key(stringValue: "super")!) }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Slot()
        put(key, .open(child))
        return ValueEncoder(slot: child, codingPath: codingPath + [key])
    }
}

private struct UnkeyedSlots: UnkeyedEncodingContainer {
    let slot: Slot
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let children) = slot.content { return children.count }
        return 0
    }

    private func append(_ child: Slot.Child) {
        guard case .array(var children) = slot.content else { return }
        slot.content = .none
        children.append(child)
        slot.content = .array(children)
    }

    mutating func encodeNil() throws { append(.done(.null)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(.done(try ValueEncoder.box(value, codingPath: codingPath + [IndexKey(count)])))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = Slot()
        let path = codingPath + [IndexKey(count)]
        append(.open(child))
        return ValueEncoder(slot: child, codingPath: path).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Slot()
        let path = codingPath + [IndexKey(count)]
        append(.open(child))
        return ValueEncoder(slot: child, codingPath: path).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let child = Slot()
        let path = codingPath + [IndexKey(count)]
        append(.open(child))
        return ValueEncoder(slot: child, codingPath: path)
    }
}
