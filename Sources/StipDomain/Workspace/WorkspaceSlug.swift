/// The identifier of a workspace (one municipality): `[a-z0-9][a-z0-9-]{0,62}`.
///
/// The slug names the workspace's database file and appears in URLs, so it is
/// checked here, before it can reach a path or a query.
public struct WorkspaceSlug: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The validated slug text.
    public let rawValue: String

    /// The longest slug accepted (one leading character plus 62).
    public static let maxLength = 63

    /// Validates `text` as a slug.
    /// - Parameter text: the candidate slug, exactly as given by the caller.
    /// - Throws: ``DomainError`` with code `invalid_slug` that says what is wrong.
    public init(validating text: String) throws(DomainError) {
        if let reason = Self.problem(with: text) {
            throw DomainError(
                code: .invalidSlug,
                message: "invalid workspace slug \(Self.quoted(text)): \(reason); "
                    + "use 1–63 characters a-z, 0-9 and '-', starting with a letter or digit (e.g. \"utrecht\" or \"den-haag\")"
            )
        }
        self.rawValue = text
    }

    public var description: String { rawValue }

    public static func < (lhs: WorkspaceSlug, rhs: WorkspaceSlug) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Names that would collide with fixed routes of the admin or public API.
    public static let reserved: Set<String> = ["api", "import", "static", "assets", "health", "metrics", "v1"]

    /// Says why `text` is not a slug, or `nil` when it is one.
    static func problem(with text: String) -> String? {
        if text.isEmpty { return "it is empty" }
        let scalars = Array(text.unicodeScalars)
        if scalars.count > maxLength { return "it is longer than \(maxLength) characters" }
        func isLowerAlnum(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("0"..."9").contains(s) }
        if !isLowerAlnum(scalars[0]) { return "it must start with a lowercase letter or digit" }
        if let bad = scalars.first(where: { !isLowerAlnum($0) && $0 != "-" }) {
            return "the character \(Self.quoted(String(bad))) is not allowed"
        }
        if reserved.contains(text) { return "it is reserved for the API's own routes" }
        return nil
    }

    /// Quotes user text for a message, escaping control characters so a log line stays one line.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
        return "\""
            + shown.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
            + "\""
    }
}

extension WorkspaceSlug: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
