import Foundation

/// The few statistics the methods report: shares, means, medians and their 95 % margins of error.
public enum Statistics {
    /// The z-value of a two-sided 95 % confidence interval.
    public static let z95 = 1.96

    /// `part / whole`, or nil when `whole` is 0.
    public static func share(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    /// Half the width of the 95 % confidence interval of a share `p` observed in `n` responses
    /// (normal approximation, `1.96 · √(p(1−p)/n)`), or nil when `n` is 0.
    public static func marginOfError(share p: Double, n: Int) -> Double? {
        guard n > 0, p >= 0, p <= 1 else { return nil }
        return z95 * (p * (1 - p) / Double(n)).squareRoot()
    }

    /// The arithmetic mean, or nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Half the width of the 95 % confidence interval of the mean (`1.96 · s/√n`, with the sample
    /// standard deviation `s`), or nil for fewer than two values.
    public static func meanMarginOfError(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        return z95 * (variance / Double(values.count)).squareRoot()
    }

    /// The mean of values given as counts (value → how often), or nil for no values.
    public static func mean(_ counts: [Int: Int]) -> Double? {
        let n = counts.values.reduce(0, +)
        guard n > 0 else { return nil }
        return Double(counts.map { $0.key * $0.value }.reduce(0, +)) / Double(n)
    }

    /// ``meanMarginOfError(_:)-([Double])`` of values given as counts (value → how often): the same figure
    /// without the values themselves, so it can be kept up as they come in.
    public static func meanMarginOfError(_ counts: [Int: Int]) -> Double? {
        let n = counts.values.reduce(0, +)
        guard n > 1, let mean = mean(counts) else { return nil }
        let squares = counts.map { (Double($0.key) - mean) * (Double($0.key) - mean) * Double($0.value) }.reduce(0, +)
        return z95 * (squares / Double(n - 1) / Double(n)).squareRoot()
    }

    /// The median (the mean of the two middle values for an even count), or nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
