/// Element ids derived from what a plugin names (field and option ids). Text never passes through here: the
/// templates escape every value themselves.
enum HTML {
    /// An element id or name made only of safe characters.
    /// Characters other than ASCII letters, digits and `-` become `_` and their code, so `65+` and `65-` stay apart.
    static func token(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
                ? String(scalar) : "_\(scalar.value)"
        }.joined()
    }
}
