/// The `Decoder` for one node; its containers report to the shared ``DecodeState``.
final class NodeDecoder: Decoder {
    let node: YAMLNode
    let codingPath: [any CodingKey]
    let state: DecodeState
    var userInfo: [CodingUserInfoKey: Any] { state.userInfo }

    init(node: YAMLNode, codingPath: [any CodingKey], state: DecodeState) {
        self.node = node
        self.codingPath = codingPath
        self.state = state
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try YAMLKeyedContainer<Key>(state: state, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try YAMLUnkeyedContainer(state: state, node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        YAMLSingleValueContainer(state: state, node: node, codingPath: codingPath)
    }
}
