import Foundation

/// A theme ("thema") contributions are grouped and answered by: a tag that is safe to type and to compare
/// (`inclusief-spelen`), and the label people read ("Inclusief spelen").
///
/// Every theme that enters Stip — typed by a consultant, in an import's column, given by a method plugin — is
/// normalised here, so that the theme a consultant sees listed is the theme they can name in `respond --theme`.
public struct ThemeName: Sendable, Hashable, Codable {
    /// The longest text a theme is named by, in Unicode scalars.
    public static let maxLength = 200

    /// Lowercase letters and digits in words joined by `-`, at most 64 characters.
    public var tag: String
    /// What residents and the council read, as the consultant (or the method) wrote it.
    public var label: String
    /// The English label, when one was given.
    public var labelEn: String?

    public init(tag: String, label: String, labelEn: String? = nil) {
        self.tag = tag
        self.label = label
        self.labelEn = labelEn
    }

    enum CodingKeys: String, CodingKey {
        case tag, label
        case labelEn = "label_en"
    }

    /// The theme a text names: `"Inclusief spelen"` → tag `inclusief-spelen` with that label; `"Jongeren"` →
    /// `jongeren`; accents are dropped from the tag (`"Veiligheid & Ééngezinswoningen"` →
    /// `veiligheid-eengezinswoningen`). `nil` when the text has no letter A–Z or digit, has control characters
    /// or is longer than ``maxLength`` (the `ThemeText` rule of the admin API).
    public init?(_ text: String, labelEn: String? = nil) {
        guard text.unicodeScalars.count <= Self.maxLength,
            text.unicodeScalars.contains(where: { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }),
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        let label = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard let tag = Self.tag(for: label) else { return nil }
        self.init(tag: tag, label: label, labelEn: labelEn)
    }

    /// The tag of a text, or `nil` when it has no letter or digit.
    public static func tag(for text: String) -> String? {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
            .lowercased()
        var words: [String] = []
        var word = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        guard !words.isEmpty else { return nil }
        var tag = words.joined(separator: "-")
        if tag.count > 64 { tag = String(tag.prefix(64)).trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        return tag
    }

    /// The label in a resident's or reader's language: the English one when asked and given.
    public func label(in language: String) -> String {
        language == "en" ? labelEn ?? label : label
    }
}

/// A theme of a trajectory with what it holds: for `stipctl themes`.
public struct ThemeSummary: Sendable, Codable, Equatable {
    public var tag: String
    public var label: String
    public var labelEn: String?
    /// Counted contributions (accepted, not archived) with this theme.
    public var contributions: Int
    /// Whether a response to the theme stands.
    public var answered: Bool

    public init(tag: String, label: String, labelEn: String?, contributions: Int, answered: Bool) {
        self.tag = tag
        self.label = label
        self.labelEn = labelEn
        self.contributions = contributions
        self.answered = answered
    }

    enum CodingKeys: String, CodingKey {
        case tag, label, contributions, answered
        case labelEn = "label_en"
    }
}
