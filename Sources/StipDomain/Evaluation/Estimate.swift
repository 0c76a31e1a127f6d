import Foundation

/// A figure with its 95 % interval, when it is drawn from the participants (a share of them, or a
/// representation ratio); `low` and `high` equal `value` for a figure that is counted exactly.
public struct Estimate: Codable, Sendable, Equatable {
    public var value: Double
    public var low: Double
    public var high: Double
    /// How many the figure is drawn from (the participants with a known value), when it is a share.
    public var n: Int?

    public init(value: Double, low: Double, high: Double, n: Int?) {
        self.value = value
        self.low = low
        self.high = high
        self.n = n
    }

    /// A counted figure: no uncertainty.
    public static func exact(_ value: Double) -> Estimate { Estimate(value: value, low: value, high: value, n: nil) }

    /// The share `successes / n` with its Wilson score interval (95 %, z = 1.96). Wilson rather than the normal
    /// approximation because it stays inside 0–1 and keeps its coverage for small groups and shares near 0,
    /// which is where participation figures are (2 of 20 young people).
    public static func share(_ successes: Int, of n: Int, z: Double = 1.959_963_984_540_054) -> Estimate? {
        guard n > 0, successes >= 0, successes <= n else { return nil }
        let p = Double(successes) / Double(n)
        let size = Double(n)
        let denominator = 1 + z * z / size
        let centre = (p + z * z / (2 * size)) / denominator
        let half = z * ((p * (1 - p) / size + z * z / (4 * size * size)).squareRoot()) / denominator
        return Estimate(value: p, low: max(0, centre - half), high: min(1, centre + half), n: n)
    }

    /// This share divided by a known share (the population's, from CBS figures of everyone in the area, so
    /// without sampling error): a representation ratio, its interval divided the same way.
    public func ratio(to known: Double) -> Estimate? {
        guard known > 0 else { return nil }
        return Estimate(value: value / known, low: low / known, high: high / known, n: n)
    }
}
