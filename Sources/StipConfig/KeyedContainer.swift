/// Reads a mapping by key. Keys no container accepts are reported by the owning ``NodeDecoder`` later.
struct YAMLKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let state: DecodeState
    let codingPath: [any CodingKey]
    private let node: YAMLNode
    private let pairs: [(key: YAMLNode, value: YAMLNode)]
    private let values: [String: YAMLNode]
    private let usage: String

    init(state: DecodeState, node: YAMLNode, codingPath: [any CodingKey]) throws {
        guard case .mapping(let pairs, _) = node else {
            throw Failures.mismatch("a mapping (key: value lines)", node, codingPath, [String: Any].self)
        }
        self.state = state
        self.node = node
        self.codingPath = codingPath
        self.pairs = pairs
        // The loader drops duplicate keys, so every key is unique here.
        var values: [String: YAMLNode] = [:]
        for pair in pairs {
            if let key = pair.key.scalarValue { values[key] = pair.value }
        }
        self.values = values
        self.usage = state.keys.register(Key.self, pairs: pairs, codingPath: codingPath)
    }

    var allKeys: [Key] {
        pairs.compactMap { $0.key.scalarValue.flatMap(Key.init(stringValue:)) }
    }

    func contains(_ key: Key) -> Bool {
        state.keys.noteQueried(key.stringValue, usage: usage)
        return values[key.stringValue] != nil
    }

    private func value(_ key: Key) throws -> YAMLNode {
        state.keys.noteQueried(key.stringValue, usage: usage)
        guard let value = values[key.stringValue] else {
            let message = "the required key \"\(key.stringValue)\" is missing; add it to this mapping"
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: message,
                    underlyingError: YAMLFailure(kind: .missingKey, mark: node.mark, message: message)))
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try Unbox.bool(value(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try Unbox.string(value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try Unbox.float(value(key), path(key), as: type)
    }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try Unbox.float(value(key), path(key), as: type)
    }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try Unbox.integer(value(key), path(key), as: type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try Unbox.integer(value(key), path(key), as: type)
    }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try Unbox.integer(value(key), path(key), as: type)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try state.decode(type, node: value(key), path: path(key))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        KeyedDecodingContainer(try YAMLKeyedContainer<NestedKey>(state: state, node: value(key), codingPath: path(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try YAMLUnkeyedContainer(state: state, node: value(key), codingPath: path(key))
    }

    func superDecoder() throws -> any Decoder {
        let key = YAMLCodingKey.superKey
        let node = values[key.stringValue] ?? .scalar("", style: .plain, tag: nil, mark: node.mark)
        return NodeDecoder(node: node, codingPath: codingPath + [key], state: state)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        NodeDecoder(node: try value(key), codingPath: path(key), state: state)
    }
}
