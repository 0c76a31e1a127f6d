/// Codes printed on letters to households: unguessable (50 bits of randomness), typable, without
/// look-alike characters (no 0/O, 1/I/L, 5/S, 2/Z, 8/B), grouped for reading: `K7WX-M4PT-RHC`.
public enum PollCode {
    static let alphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
    static let length = 11

    /// A new random code.
    static func make() -> String {
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
