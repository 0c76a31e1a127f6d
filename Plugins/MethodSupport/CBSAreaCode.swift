import Foundation
public import StipPluginKit

/// CBS codes of an area: a neighbourhood (`BU` + 8 digits, buurt) or a district (`WK` + 6 digits, wijk).
public enum CBSAreaCode {
    /// The code in canonical form (upper-case prefix), or nil when it is not a buurt or wijk code.
    public static func normalised(_ text: String) -> String? {
        let code = text.trimmingCharacters(in: .whitespaces)
        let prefix = code.prefix(2).uppercased()
        let digits = code.dropFirst(2)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch (prefix, digits.count) {
        case ("BU", 8), ("WK", 6): return prefix + digits
        default: return nil
        }
    }

    /// Reads a code, explaining the two shapes when it is wrong.
    public static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> String? {
        guard let text = Read.text(value, at: pointer, problems, maxLength: 20) else { return nil }
        guard let code = normalised(text) else {
            problems.add(pointer, "must be a CBS neighbourhood code (BU and 8 digits) or district code (WK and 6 digits), not \"\(text)\"")
            return nil
        }
        return code
    }
}
