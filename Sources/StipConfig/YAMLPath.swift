import StipJSON

extension YAMLNode {
    /// One step of a path into a document: a mapping key or a sequence index.
    ///
    /// Literals make paths short to write: `["goals", 2, "target"]`.
    public enum PathComponent: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral,
        ExpressibleByIntegerLiteral
    {
        /// A mapping key.
        case key(String)
        /// A 0-based sequence index.
        case index(Int)

        /// Creates a `.key` component from a string literal.
        public init(stringLiteral value: String) { self = .key(value) }

        /// Creates an `.index` component from an integer literal.
        public init(integerLiteral value: Int) { self = .index(value) }

        /// The key itself, or `[n]` for an index.
        public var description: String {
            switch self {
            case .key(let key): return key
            case .index(let index): return "[\(index)]"
            }
        }
    }

    /// The node at `path`, or `nil` when some step does not exist.
    ///
    /// Steps are matched leniently because paths often come from JSON-shaped tools: an `.index` on a
    /// mapping looks up the key `"n"`, and a numeric `.key` on a sequence is used as an index.
    public func node(at path: [PathComponent]) -> YAMLNode? {
        var current = self
        for component in path {
            guard let next = current.child(component) else { return nil }
            current = next
        }
        return current
    }

    /// The deepest node that exists along `path` (the node itself when the whole path exists).
    ///
    /// Useful to position an error about something that is missing, such as a required key.
    public func nearestNode(at path: [PathComponent]) -> YAMLNode {
        var current = self
        for component in path {
            guard let next = current.child(component) else { break }
            current = next
        }
        return current
    }

    /// The node at an RFC 6901 JSON Pointer such as `/activities/2/config/sessions/0/capacity`.
    ///
    /// `~1` stands for `/` and `~0` for `~` inside a token. Returns `nil` for a malformed pointer or
    /// when the node does not exist.
    public func node(atJSONPointer pointer: String) -> YAMLNode? {
        guard let path = Self.path(fromJSONPointer: pointer) else { return nil }
        return node(at: path)
    }

    /// The mark of the deepest node that exists along a JSON Pointer — the best place to point at when
    /// another tool (a JSON Schema validator, the server) reports a problem at that pointer.
    /// A malformed pointer gives the mark of this node.
    public func nearestMark(atJSONPointer pointer: String) -> YAMLMark {
        guard let path = Self.path(fromJSONPointer: pointer) else { return mark }
        return nearestNode(at: path).mark
    }

    /// Splits an RFC 6901 JSON Pointer into key components (`""` is the root; the pointer must
    /// otherwise start with `/`). Tokens stay keys; ``node(at:)`` treats numeric keys as indices on
    /// sequences.
    public static func path(fromJSONPointer pointer: String) -> [PathComponent]? {
        JSONPointer(pointer)?.tokens.map { .key($0) }
    }

    /// One step down, with the lenient matching described on ``node(at:)``.
    func child(_ component: PathComponent) -> YAMLNode? {
        switch (self, component) {
        case (.mapping(let pairs, _), .key(let key)):
            return pairs.first { $0.key.scalarValue == key }?.value
        case (.mapping(let pairs, _), .index(let index)):
            return pairs.first { $0.key.scalarValue == String(index) }?.value
        case (.sequence(let items, _), .index(let index)):
            return items.indices.contains(index) ? items[index] : nil
        case (.sequence(let items, _), .key(let key)):
            guard let index = Int(key), items.indices.contains(index) else { return nil }
            return items[index]
        case (.scalar, _):
            return nil
        }
    }
}

/// Renders a path the way problems show it: `goals[2].target`, `admin.socket_mode`, `""` for the root.
func renderPath(_ components: [YAMLNode.PathComponent]) -> String {
    var result = ""
    for component in components {
        switch component {
        case .key(let key):
            if !result.isEmpty { result += "." }
            result += key
        case .index(let index):
            result += "[\(index)]"
        }
    }
    return result
}
