import Foundation
public import StipPluginKit

/// Metric values in the shapes protocol §8.6 gives each `kind`. Numbers are rounded to six
/// decimals so that reports do not show floating-point noise.
public enum MetricValue {
    /// `kind: count`: a whole number ≥ 0.
    public static func count(_ id: String, _ value: Int) -> JSONValue {
        .object(["id": .string(id), "value": .int(Int64(max(0, value)))])
    }

    /// `kind: ratio`: 0–1, with the denominator `n` and the 95 % margin of error when known.
    public static func ratio(_ id: String, _ value: Double, n: Int? = nil, marginOfError: Double? = nil) -> JSONValue {
        single(id, min(1, max(0, value)), n: n, marginOfError: marginOfError)
    }

    /// `kind: mean`: any number, with `n` and the 95 % margin of error when known.
    public static func mean(_ id: String, _ value: Double, n: Int? = nil, marginOfError: Double? = nil) -> JSONValue {
        single(id, value, n: n, marginOfError: marginOfError)
    }

    /// `kind: distribution`: bucket label → count.
    public static func distribution(_ id: String, _ buckets: [String: Int], n: Int? = nil) -> JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "distribution": .object(buckets.mapValues { .int(Int64($0)) }),
        ]
        if let n { fields["n"] = .int(Int64(n)) }
        return .object(fields)
    }

    /// Rounds to six decimals.
    public static func rounded(_ value: Double) -> Double {
        (value * 1_000_000).rounded() / 1_000_000
    }

    static func single(_ id: String, _ value: Double, n: Int?, marginOfError: Double?) -> JSONValue {
        var fields: [String: JSONValue] = ["id": .string(id), "value": .double(value.isFinite ? rounded(value) : 0)]
        if let n { fields["n"] = .int(Int64(n)) }
        if let marginOfError, marginOfError.isFinite { fields["margin_of_error"] = .double(rounded(marginOfError)) }
        return .object(fields)
    }
}
