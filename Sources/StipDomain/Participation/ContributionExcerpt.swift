public import StipJSON

extension JSONValue {
    /// A contribution's words, shortened for a table row: its `text` (an idea), `description` (an observation),
    /// `remark` (a rating), or else the first text found among its fields (an open poll answer). `nil` when it
    /// holds no text. Lists show it so a consultant sees *what* waits for an answer, not only an id.
    public func excerpt(limit: Int = 60) -> String? {
        guard let text = Self.words(in: self) else { return nil }
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    private static let preferred = ["text", "description", "remark", "title", "why"]

    /// A preferred field's text; else the longest text of several words anywhere (an open poll answer), so that a
    /// type (`rating`) or an option id (`c`) is never taken for what someone said.
    private static func words(in value: JSONValue) -> String? {
        if case .object(let members) = value {
            for key in preferred {
                if case .string(let text)? = members[key], text.contains(where: \.isLetter) { return text }
            }
        }
        return sentences(in: value).max { $0.count < $1.count }
    }

    private static func sentences(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): text.split(whereSeparator: \.isWhitespace).count > 1 ? [text] : []
        case .object(let members): members.values.flatMap(sentences)
        case .array(let items): items.flatMap(sentences)
        default: []
        }
    }
}
