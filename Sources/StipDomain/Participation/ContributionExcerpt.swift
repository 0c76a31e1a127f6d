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

    private static func words(in value: JSONValue) -> String? {
        switch value {
        case .string(let text):
            return text.contains(where: \.isLetter) ? text : nil
        case .object(let members):
            for key in preferred { if let text = members[key].flatMap(words) { return text } }
            for key in members.keys.sorted() where !preferred.contains(key) {
                if let text = members[key].flatMap(words) { return text }
            }
            return nil
        case .array(let items):
            return items.lazy.compactMap(words).first
        default:
            return nil
        }
    }
}
