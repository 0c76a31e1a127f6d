import Foundation

/// Parsing of CSV cells, which are always text (protocol §8.5): whole numbers, decimals
/// (a Dutch decimal comma is fine) and lists.
public enum CSVCell {
    /// `"12"`, `" 12 "`, `"+12"` and `"-3"`; nil for anything else, including `"12.5"` and `""`.
    public static func int(_ text: String) -> Int? {
        let cell = text.trimmingCharacters(in: .whitespaces)
        let digits = cell.hasPrefix("+") || cell.hasPrefix("-") ? cell.dropFirst() : Substring(cell)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(cell.hasPrefix("+") ? String(digits) : cell)
    }

    /// `"52.0907"` or `"52,0907"` (a decimal comma, as Dutch spreadsheets write it); nil otherwise.
    public static func number(_ text: String) -> Double? {
        var cell = text.trimmingCharacters(in: .whitespaces)
        if !cell.contains("."), cell.filter({ $0 == "," }).count == 1 { cell = cell.replacingOccurrences(of: ",", with: ".") }
        guard !cell.isEmpty, cell.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }) else { return nil }
        guard let number = Double(cell), number.isFinite else { return nil }
        return number
    }

    /// The items of a list cell, separated by `;` or `,` and trimmed: `"b; a;c"` → `["b", "a", "c"]`.
    public static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
