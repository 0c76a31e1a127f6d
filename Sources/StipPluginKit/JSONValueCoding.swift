import Foundation
public import StipDomain
import Synchronization

// `Codable` straight from and to `JSONValue`, for the configs and contributions of every
// request. `JSONValue.decode` and `JSONValue(encoding:)` go through JSON text and Foundation's
// JSONDecoder/JSONEncoder, which costs several times more than the rest of a request.
//
// These coders are strict: they succeed only where Foundation's coders (with the `.iso8601`
// date strategy that `JSONValue` uses) succeed with the same value, and give up on everything
// else (dates, data, URLs, decimals, numbers that do not fit exactly). When they give up, or
// the input is wrong, the reference path runs instead, so results and error messages stay
// exactly those of Foundation.

extension JSONValue {
    /// Decodes this value into `T`, as `decode(_:)` does, without a detour through JSON text.
    func fastDecode<T: Decodable>(_ type: T.Type) throws -> T {
        let doubtsBefore = doubts.load(ordering: .relaxed)
        if let value = try? ValueDecoder.unbox(T.self, from: self, codingPath: []), doubts.load(ordering: .relaxed) == doubtsBefore {
            return value
        }
        return try decode(T.self)
    }

    /// Converts an `Encodable` value, as `init(encoding:)` does, without a detour through JSON text.
    public init(fastEncoding value: some Encodable) throws {
        let doubtsBefore = doubts.load(ordering: .relaxed)
        if let encoded = try? ValueEncoder.box(value, codingPath: []), doubts.load(ordering: .relaxed) == doubtsBefore {
            self = encoded
        } else {
            self = try JSONValue(encoding: value)
        }
    }
}

/// The fast coders do not handle this value; the reference coder will. Creating one counts
/// in `doubts`, so that a result is thrown away even when the type's own `init(from:)` or
/// `encode(to:)` swallowed the error with `try?` and went on another way.
private struct NotHandledHere: Error {
    init() { doubts.wrappingAdd(1, ordering: .relaxed) }
}

/// How often the fast coders gave up (on any thread; a change seen by a coding means, at
/// worst, that it takes the reference path needlessly).
private let doubts = Atomic<Int>(0)

/// Types that Foundation's JSON coders treat specially: left to them.
private func isSpecial(_ type: Any.Type) -> Bool {
    type == Date.self || type == Data.self || type == URL.self || type == Decimal.self
}

// MARK: - Decoding

private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func unbox<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey]) throws -> T {
        switch type {
        case is String.Type: return try string(value, codingPath) as! T
        case is Int.Type: return try integer(Int.self, value, codingPath) as! T
        case is Bool.Type: return try bool(value, codingPath) as! T
        case is Double.Type: return try double(value, codingPath) as! T
        case is Int64.Type: return try integer(Int64.self, value, codingPath) as! T
        case is JSONValue.Type: return value as! T  // already what this decoder reads from
        default:
            if isSpecial(type) { throw NotHandledHere() }
            return try T(from: ValueDecoder(value: value, codingPath: codingPath))
        }
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        if value == .null {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found another value."))
    }

    static func string(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, value, codingPath) }
        return string
    }

    static func bool(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, value, codingPath) }
        return bool
    }

    static func double(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let double) where double.isFinite: return double
        case .int(let int) where int.magnitude <= 1 << 53: return Double(int)
        case .double, .int: throw NotHandledHere()
        default: throw mismatch(Double.self, value, codingPath)
        }
    }

    /// Integers; a number written with a fraction or exponent counts when it is a whole number
    /// (as Foundation's decoder has it), but only while a Double holds it exactly.
    static func integer<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> T {
        switch value {
        case .int(let int):
            guard let exact = T(exactly: int) else { throw NotHandledHere() }
            return exact
        case .double(let double):
            guard double.isFinite, double.magnitude <= 9_007_199_254_740_992, let exact = T(exactly: double) else { throw NotHandledHere() }
            return exact
        default:
            throw mismatch(T.self, value, codingPath)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw Self.mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedValues<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else { throw Self.mismatch([Any].self, value, codingPath) }
        return UnkeyedValues(array: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try Self.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Self.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Self.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { throw NotHandledHere() }
    func decode(_ type: Int.Type) throws -> Int { try Self.integer(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Self.integer(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Self.integer(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Self.integer(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Self.integer(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try Self.integer(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Self.integer(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Self.integer(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Self.integer(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Self.integer(type, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Self.unbox(type, from: value, codingPath: codingPath) }
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue!)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

private struct KeyedValues<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try ValueDecoder.bool(value(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try ValueDecoder.string(value(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try ValueDecoder.double(value(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { throw NotHandledHere() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(type, key) }

    private func integer<T: FixedWidthInteger>(_ type: T.Type, _ key: Key) throws -> T {
        try ValueDecoder.integer(type, value(key), codingPath + [key])
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoder.unbox(type, from: value(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw NotHandledHere() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw NotHandledHere() }
}

private struct UnkeyedValues: UnkeyedDecodingContainer {
    let array: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(array: [JSONValue], codingPath: [any CodingKey]) {
        self.array = array
        self.codingPath = codingPath
    }

    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        guard !isAtEnd else { throw NotHandledHere() }
        defer { currentIndex += 1 }
        return (array[currentIndex], codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw NotHandledHere() }
        if array[currentIndex] == .null {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decode(type, ValueDecoder.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try decode(type, ValueDecoder.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decode(type, ValueDecoder.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { throw NotHandledHere() }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    private mutating func decode<T>(_ type: T.Type, _ read: (JSONValue, [any CodingKey]) throws -> T) throws -> T {
        let (value, path) = try next()
        return try read(value, path)
    }

    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try ValueDecoder.integer(type, value, path)
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try ValueDecoder.unbox(type, from: value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { throw NotHandledHere() }
}

// MARK: - Encoding

/// A value under construction: containers handed out by an encoder fill these in place.
private final class Slot {
    /// A member or element: finished, or still open to a container or encoder handed out.
    enum Child {
        case done(JSONValue)
        case open(Slot)

        func resolved() throws -> JSONValue {
            switch self {
            case .done(let value): return value
            case .open(let slot): return try slot.resolved()
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

    func resolved() throws -> JSONValue {
        switch content {
        case .none: throw NotHandledHere()  // nothing encoded: Foundation decides what that means
        case .value(let value): return value
        case .object(let children): return .object(try children.mapValues { try $0.resolved() })
        case .array(let children): return .array(try children.map { try $0.resolved() })
        }
    }
}

private struct ValueEncoder: Encoder {
    let slot: Slot
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func box(_ value: some Encodable, codingPath: [any CodingKey]) throws -> JSONValue {
        if let primitive = try primitive(value) { return primitive }
        let slot = Slot()
        try value.encode(to: ValueEncoder(slot: slot, codingPath: codingPath))
        return try slot.resolved()
    }

    /// Primitives as Foundation writes them and `JSONValue.parse` reads them back.
    static func primitive(_ value: some Encodable) throws -> JSONValue? {
        switch value {
        case let json as JSONValue: return json  // already what this encoder makes
        case let string as String: return .string(string)
        case let int as Int: return .int(Int64(int))
        case let bool as Bool: return .bool(bool)
        case let double as Double: return try number(double)
        case let int as Int64: return .int(int)
        case let int as Int32: return .int(Int64(int))
        case let int as Int16: return .int(Int64(int))
        case let int as Int8: return .int(Int64(int))
        case let int as UInt: return try unsigned(UInt64(int))
        case let int as UInt64: return try unsigned(int)
        case let int as UInt32: return .int(Int64(int))
        case let int as UInt16: return .int(Int64(int))
        case let int as UInt8: return .int(Int64(int))
        case is Float: throw NotHandledHere()
        default:
            if isSpecial(type(of: value)) { throw NotHandledHere() }
            return nil
        }
    }

    static func unsigned(_ value: UInt64) throws -> JSONValue {
        guard let int = Int64(exactly: value) else { throw NotHandledHere() }
        return .int(int)
    }

    /// Foundation writes a Double as its description without a trailing ".0"; parsing that
    /// back gives an integer for whole numbers.
    static func number(_ double: Double) throws -> JSONValue {
        guard double.isFinite else { throw NotHandledHere() }
        var text = double.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return try JSONValue.parse(bytes: Array(text.utf8))
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
