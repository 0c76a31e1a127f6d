import Foundation

/// A goal's target, written as a comparison: `">= 300"`, `"<= 42"`, `"> 0.5"`, `"== 1"`, or with a percentage `">= 80%"`.
public struct TargetExpression: Sendable, Hashable, CustomStringConvertible {
    /// The comparison.
    public enum Comparison: String, Sendable, CaseIterable {
        case atLeast = ">="
        case atMost = "<="
        case greater = ">"
        case less = "<"
        case equal = "=="
    }

    public var comparison: Comparison
    /// The number compared against; a percentage is stored as a fraction (80% → 0.8).
    public var value: Double
    /// Written with `%`: meant for shares, never for counts or days.
    public var isPercentage: Bool

    /// Parses the text, or returns `nil`; see ``expectation`` for the grammar.
    public init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        // Longest operators first, so ">=" is not read as ">".
        let ordered: [Comparison] = [.atLeast, .atMost, .equal, .greater, .less]
        guard let comparison = ordered.first(where: { rest.hasPrefix($0.rawValue) }) else { return nil }
        rest = rest.dropFirst(comparison.rawValue.count).drop(while: { $0 == " " })
        var scale = 1.0
        isPercentage = rest.hasSuffix("%")
        if isPercentage {
            rest = rest.dropLast()
            scale = 0.01
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }), let number = Double(rest),
            number.isFinite
        else { return nil }
        self.comparison = comparison
        self.value = number * scale
    }

    /// Why `text` is not a target, with a hint for the usual slips; `nil` when it parses.
    public static func problem(with text: String) -> String? {
        guard TargetExpression(text) == nil else { return nil }
        // Dutch writes a decimal comma; the target reads a point, and saying so is kinder than the grammar.
        if text.contains(","), TargetExpression(text.replacingOccurrences(of: ",", with: ".")) != nil {
            let fixed = text.replacingOccurrences(of: ",", with: ".")
            return "\"\(text)\" is not a target: write the number with a decimal point, not a comma: \"\(fixed)\""
        }
        return "\"\(text)\" is not a target; write \(expectation)"
    }

    /// The grammar, for error messages.
    public static let expectation = "a comparison with a number, such as \">= 300\", \"<= 42\", \"> 0.5\" or \">= 80%\""

    /// Whether `measured` meets the target.
    public func isMet(by measured: Double) -> Bool {
        switch comparison {
        case .atLeast: measured >= value
        case .atMost: measured <= value
        case .greater: measured > value
        case .less: measured < value
        case .equal: abs(measured - value) < 1e-9
        }
    }

    public var description: String { "\(comparison.rawValue) \(value)" }
}
