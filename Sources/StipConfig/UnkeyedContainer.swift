/// Reads a sequence item by item; items appear in paths as `[n]`.
struct YAMLUnkeyedContainer: UnkeyedDecodingContainer {
    let state: DecodeState
    let codingPath: [any CodingKey]
    private let node: YAMLNode
    private let items: [YAMLNode]
    private(set) var currentIndex = 0

    init(state: DecodeState, node: YAMLNode, codingPath: [any CodingKey]) throws {
        guard case .sequence(let items, _) = node else {
            throw Failures.mismatch("a list", node, codingPath, [Any].self)
        }
        self.state = state
        self.node = node
        self.codingPath = codingPath
        self.items = items
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    /// The current item and its path. A failed read does not move on, so the caller may try another type.
    private func current() throws -> (node: YAMLNode, path: [any CodingKey]) {
        guard !isAtEnd else {
            let message = "the list has \(items.count) items but more are needed"
            throw DecodingError.valueNotFound(
                Any.self,
                DecodingError.Context(
                    codingPath: codingPath + [YAMLCodingKey(intValue: currentIndex)], debugDescription: message,
                    underlyingError: YAMLFailure(kind: .invalidValue, mark: node.mark, message: message)))
        }
        return (items[currentIndex], codingPath + [YAMLCodingKey(intValue: currentIndex)])
    }

    private mutating func read<T>(_ body: (YAMLNode, [any CodingKey]) throws -> T) throws -> T {
        let (node, path) = try current()
        let value = try body(node, path)
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        guard try current().node.isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try read(Unbox.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try read(Unbox.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try read { try Unbox.float($0, $1, as: type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try read { try Unbox.float($0, $1, as: type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try read { try Unbox.integer($0, $1, as: type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try read { try Unbox.integer($0, $1, as: type) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let state = state
        return try read { try state.decode(type, node: $0, path: $1) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let state = state
        return try read {
            KeyedDecodingContainer(try YAMLKeyedContainer<NestedKey>(state: state, node: $0, codingPath: $1))
        }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let state = state
        return try read { try YAMLUnkeyedContainer(state: state, node: $0, codingPath: $1) }
    }

    mutating func superDecoder() throws -> any Decoder {
        let state = state
        return try read { NodeDecoder(node: $0, codingPath: $1, state: state) }
    }
}
