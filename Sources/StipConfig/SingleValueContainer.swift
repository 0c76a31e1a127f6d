/// Reads a node as one value. Every attempt starts afresh, so a caller may try `Bool`, `Int`, `Double` and
/// `String` in turn (as a generic JSON-value type does); a failed attempt leaves nothing recorded.
struct YAMLSingleValueContainer: SingleValueDecodingContainer {
    let state: DecodeState
    let node: YAMLNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { node.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try Unbox.bool(node, codingPath) }
    func decode(_ type: String.Type) throws -> String { try Unbox.string(node, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try Unbox.float(node, codingPath, as: type) }
    func decode(_ type: Float.Type) throws -> Float { try Unbox.float(node, codingPath, as: type) }
    func decode(_ type: Int.Type) throws -> Int { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try Unbox.integer(node, codingPath, as: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try Unbox.integer(node, codingPath, as: type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try state.decode(type, node: node, path: codingPath)
    }
}
