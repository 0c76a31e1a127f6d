import Foundation

/// An accent colour for the resident pages: `#rrggbb`, with enough contrast against white to be used for link
/// text and behind the submit button's white text (WCAG 2.1 AA, 4.5:1).
public enum AccentColor {
    /// The contrast with white a colour needs.
    public static let minimumContrast = 4.5

    /// The colour in its stored form (`#1f6fb2`), or the reason it cannot be used and what would work.
    public static func check(_ text: String) -> Result<String, DomainError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let rgb = components(trimmed) else {
            return .failure(
                DomainError(
                    .invalidValue, "accent_color \"\(text)\" is not a colour; write it as #rrggbb, for example #1f6fb2",
                    fieldIssues: [FieldIssue(field: "accent_color", message: "must be #rrggbb")]))
        }
        let ratio = contrastWithWhite(rgb)
        guard ratio >= minimumContrast else {
            let suggestion = darkened(rgb)
            return .failure(
                DomainError(
                    .invalidValue,
                    "accent_color \(trimmed) has a contrast of \(rounded(ratio)):1 with white; links and the button need at least \(minimumContrast):1 (WCAG 2.1 AA). A darker shade such as \(suggestion) works",
                    fieldIssues: [FieldIssue(field: "accent_color", message: "contrast \(rounded(ratio)):1 with white, needs 4.5:1")]))
        }
        return .success(trimmed)
    }

    /// The contrast ratio of `#rrggbb` with white, `nil` when it is not such a colour.
    public static func contrastWithWhite(_ text: String) -> Double? {
        components(text.lowercased()).map(contrastWithWhite)
    }

    private static func components(_ text: String) -> (Double, Double, Double)? {
        guard text.count == 7, text.first == "#", let value = Int(text.dropFirst(), radix: 16) else { return nil }
        return (Double((value >> 16) & 0xff), Double((value >> 8) & 0xff), Double(value & 0xff))
    }

    /// WCAG's relative luminance, then (1.05) / (L + 0.05) against white.
    private static func contrastWithWhite(_ rgb: (Double, Double, Double)) -> Double {
        func channel(_ value: Double) -> Double {
            let c = value / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
        return 1.05 / (luminance + 0.05)
    }

    /// The same hue, darkened in steps until it reads on white.
    private static func darkened(_ rgb: (Double, Double, Double)) -> String {
        var (r, g, b) = rgb
        while contrastWithWhite((r, g, b)) < minimumContrast {
            (r, g, b) = ((r * 0.95).rounded(.down), (g * 0.95).rounded(.down), (b * 0.95).rounded(.down))
        }
        func hex(_ value: Double) -> String {
            let text = String(Int(value), radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return "#" + hex(r) + hex(g) + hex(b)
    }

    private static func rounded(_ value: Double) -> String {
        String(Double(Int(value * 10)) / 10)
    }
}
