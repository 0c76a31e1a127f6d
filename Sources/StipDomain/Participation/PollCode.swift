/// Codes printed on letters to households: unguessable (50 bits of randomness), typable, without
/// look-alike characters (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), grouped for reading: `K7WX-M4PT-RHC`.
public enum PollCode {
    static let alphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
    static let length = 11

    /// A new random code.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return String(characters[0..<4]) + "-" + String(characters[4..<8]) + "-" + String(characters[8...])
    }

    /// What a resident typed, in canonical form: upper case, without spaces and dashes; `nil` when it cannot be a code.
    public static func normalise(_ text: String) -> String? {
        let cleaned = text.uppercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "." }
        guard cleaned.count == length, cleaned.allSatisfy(alphabet.contains) else { return nil }
        return cleaned
    }
}

/// How many responses one resident may give to an online activity: its config's `one_response_per`, which the
/// host reads whatever the method.
public enum ResponseLimit: String, Sendable, CaseIterable {
    /// One per browser, remembered with a signed cookie (the default).
    case browser
    /// One per code from a letter.
    case code
    /// As many as the resident likes (an idea box), only rate-limited.
    case none
}

/// How a public response proves it is the only one.
public enum ResponseProof: Sendable {
    /// Open activities: no rule beyond rate limiting.
    case none
    /// One response per browser: a random id from a signed cookie.
    case browser(String)
    /// One response per code from a letter.
    case code(String)
}

/// Counts of an activity's codes.
public struct PollCodeCounts: Sendable, Codable, Equatable {
    public var unused: Int
    public var used: Int
    public var revoked: Int

    public init(unused: Int, used: Int, revoked: Int) {
        self.unused = unused
        self.used = used
        self.revoked = revoked
    }
}
