/// An RFC 6901 JSON Pointer (`/sessions/0/capacity`): the one place where `~` and `/` in member names are
/// escaped (`~0`, `~1`) and unescaped, for error locations from plugins, schemas, plans and forms alike.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, from the root down.
    public private(set) var tokens: [String]

    /// The whole document: `""`.
    public static let root = JSONPointer(tokens: [])

    /// A pointer made of unescaped tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Reads a pointer such as `/a~1b/0`; `nil` when it is not one (it must be empty or start with `/`,
    /// and `~` must be followed by `0` or `1`).
    public init?(_ text: String) {
        if text.isEmpty {
            self.tokens = []
            return
        }
        guard text.utf8.first == UInt8(ascii: "/") else { return nil }
        var tokens: [String] = []
        for raw in text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let token = Self.unescape(Substring(raw)) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer to the member `key` of the object here.
    public func appending(_ key: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [key])
    }

    /// The pointer to element `index` of the array here.
    public func appending(_ index: Int) -> JSONPointer {
        JSONPointer(tokens: tokens + [String(index)])
    }

    /// Whether this pointer is `other` or lies inside it.
    public func isWithin(_ other: JSONPointer) -> Bool {
        tokens.starts(with: other.tokens)
    }

    /// The pointer as text, e.g. `/sessions/0/ends` or `/a~1b` for the member `a/b`.
    public var description: String {
        var text = ""
        for token in tokens {
            text += "/"
            text += Self.escape(token)
        }
        return text
    }

    /// A member name escaped as one reference token: `~` → `~0`, `/` → `~1`.
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var out = ""
        for character in token {
            switch character {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(character)
            }
        }
        return out
    }

    /// One reference token unescaped; `nil` for a `~` not followed by `0` or `1`.
    /// Order matters (RFC 6901 §4): `~01` is `~1`, not `/`.
    public static func unescape(_ token: Substring) -> String? {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
        var out = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                out.append(character)
                continue
            }
            switch iterator.next() {
            case "0": out.append("~")
            case "1": out.append("/")
            default: return nil
            }
        }
        return out
    }
}

extension JSONValue {
    /// The value a pointer refers to; `nil` when there is none. Array elements are found by index.
    public subscript(pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
