/// A municipality code as used by CBS (Statistics Netherlands): `GM` followed by four digits, e.g. `GM0344` for Utrecht.
public struct CBSMunicipalityCode: Hashable, Sendable, CustomStringConvertible {
    /// The code text, e.g. `GM0344`.
    public let rawValue: String

    /// Validates a code.
    /// - Parameter text: the candidate, e.g. `GM0344`.
    /// - Returns: `nil` when the text is not `GM` + four digits.
    public init?(_ text: String) {
        let chars = Array(text.utf8)
        guard chars.count == 6, chars[0] == UInt8(ascii: "G"), chars[1] == UInt8(ascii: "M"),
            chars[2...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.rawValue = text
    }

    public var description: String { rawValue }
}
