/// Escaping for text and attribute values: no resident's or plugin's text reaches a page unescaped.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// An element id or name made only of safe characters.
    /// Characters other than ASCII letters, digits and `-` become `_` and their code, so `65+` and `65-` stay apart.
    static func token(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
                ? String(scalar) : "_\(scalar.value)"
        }.joined()
    }
}

extension String {
    /// This text, escaped for HTML.
    var html: String { HTML.escape(self) }
}
