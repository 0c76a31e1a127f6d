import StipDomain
import StipJSON

/// Where themes enter Stip they are made into ``ThemeName``s here: typed by a consultant, or found by a method
/// plugin (its `themes`, labelled by `theme_labels` since protocol 1.3).
enum ThemeNames {
    /// Themes a consultant typed: `"Inclusief spelen"`, `jongeren`.
    /// - Throws: `invalid_value` for a text that is not a theme (``ThemeName/init(_:labelEn:)``).
    static func typed(_ texts: [String]) throws(DomainError) -> [ThemeName] {
        var names: [ThemeName] = []
        for text in texts {
            guard let name = ThemeName(text) else {
                throw DomainError(
                    .invalidValue, notATheme(text),
                    fieldIssues: [FieldIssue(field: "themes", message: "name a theme in words, e.g. \"Inclusief spelen\"")])
            }
            names.append(name)
        }
        return unique(names)
    }

    /// Why a text does not name a theme, and how to name one.
    static func notATheme(_ text: String) -> String {
        "\"\(text)\" is not a theme: name it in words with a letter A-Z or a digit, "
            + "at most \(ThemeName.maxLength) characters and no control characters, e.g. \"Inclusief spelen\""
    }

    /// The themes in a plugin's answer to `validate_contribution` or in an `import` item.
    static func found(in result: JSONValue) -> [ThemeName] {
        let labels = result["theme_labels"]
        return unique(
            (result["themes"]?.elements.compactMap(\.stringValue) ?? []).compactMap { text in
                let label = labels?[text]
                return ThemeName(label?["nl"]?.stringValue ?? text, labelEn: label?["en"]?.stringValue).map {
                    // The plugin's own tag stays recognisable: `safety` labelled "Veiligheid" is still `safety`.
                    ThemeName(tag: ThemeName.tag(for: text) ?? $0.tag, label: $0.label, labelEn: $0.labelEn)
                }
            })
    }

    /// One name per tag, the first given kept.
    static func unique(_ names: [ThemeName]) -> [ThemeName] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.tag).inserted }
    }
}
