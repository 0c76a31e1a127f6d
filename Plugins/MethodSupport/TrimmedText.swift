extension String {
    /// The text without white space and line breaks at either end: what `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives (Unicode's White_Space characters, and the zero width space, which
    /// Foundation counts too), without its round trip through NSString, which cost more than the rest of
    /// reading a poll answer.
    public var trimmedText: String {
        // Most answers start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return String(self)
        }
        let scalars = unicodeScalars
        let kept = { (scalar: Unicode.Scalar) in !scalar.properties.isWhitespace && scalar != "\u{200B}" }
        guard let start = scalars.firstIndex(where: kept) else { return "" }
        let end = scalars.lastIndex(where: kept)!
        return String(scalars[start...end])
    }
}
