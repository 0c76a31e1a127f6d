import Foundation

/// The tree an `Encodable` value is encoded into before it is written out as text.
///
/// A class, because containers handed out by the encoder keep writing into their node after the call that
/// created them has returned.
final class EncodedNode {
    enum Kind {
        /// Nothing was encoded (an `encode(to:)` that wrote nothing); written as `{}`.
        case unset
        case scalar
        case sequence
        case mapping
    }

    /// A scalar, remembering whether it is text (which may need quotes) or already YAML syntax.
    enum Scalar {
        case null
        case bool(Bool)
        /// Already formatted, always safe to write plain.
        case number(String)
        case string(String)
    }

    private(set) var kind = Kind.unset
    private(set) var scalar = Scalar.null
    private(set) var items: [EncodedNode] = []
    /// Mapping keys in the order they were first encoded.
    private(set) var keys: [String] = []
    private(set) var values: [String: EncodedNode] = [:]

    func set(_ scalar: Scalar) {
        become(.scalar)
        self.scalar = scalar
    }

    /// Makes this node a mapping (or keeps it one) — a type may ask for its keyed container more than once.
    func becomeMapping() { become(.mapping) }

    func becomeSequence() { become(.sequence) }

    /// A fresh node for `key`; encoding the same key again replaces the value but keeps its place.
    func child(forKey key: String) -> EncodedNode {
        become(.mapping)
        let child = EncodedNode()
        if values.updateValue(child, forKey: key) == nil { keys.append(key) }
        return child
    }

    func appendItem() -> EncodedNode {
        become(.sequence)
        let item = EncodedNode()
        items.append(item)
        return item
    }

    private func become(_ newKind: Kind) {
        guard kind != newKind else { return }
        kind = newKind
        items = []
        keys = []
        values = [:]
    }
}

/// Encodes one value into a node, writing Foundation's scalar-like types as YAML scalars.
func encodeValue<T: Encodable>(
    _ value: T, into node: EncodedNode, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]
) throws {
    switch value {
    case let date as Date: node.set(.string(Scalars.string(from: date)))
    case let data as Data: node.set(.string(data.base64EncodedString()))
    case let url as URL: node.set(.string(url.absoluteString))
    case let decimal as Decimal: node.set(decimal.isFinite ? .number(decimal.description) : .null)
    default: try value.encode(to: NodeEncoder(node: node, codingPath: codingPath, userInfo: userInfo))
    }
}

/// Formats floating-point numbers so that they read back as the same value, in YAML 1.2 and 1.1 alike.
func formatFloat<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T) -> String {
    if value.isNaN { return ".nan" }
    if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
    // `description` is the shortest text that round-trips; YAML 1.1 readers want a dot before an exponent.
    let text = value.description
    if let exponent = text.firstIndex(where: { $0 == "e" || $0 == "E" }), !text[..<exponent].contains(".") {
        return text[..<exponent] + ".0" + text[exponent...]
    }
    return text.contains(".") || text.contains("e") ? text : text + ".0"
}
