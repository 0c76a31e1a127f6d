import Foundation
import StipVocabulary

/// The metrics a goal may name: the host's own (docs/metrics.md) and `<method>.<metric>` of enabled methods.
public struct MetricCatalogue: Sendable {
    /// Host metrics with a fixed name.
    public static let hostMetrics: [String] = [
        "participants.unique",
        "participants.targeted_share",
        "contributions.count",
        "contributions.per_participant",
        "feedback.responded_share",
        "feedback.median_days_to_response",
        "feedback.report_backs",
    ]

    /// The dimensions of `representation.<dimension>.<group>`.
    public static let representationDimensions = ["age", "area"]

    /// Metric ids declared by each enabled method plugin, without the method prefix.
    public var methodMetrics: [String: Set<String>]
    /// Enabled methods whose plugin could not be asked for its metrics, with the reason.
    public var unavailableMethods: [String: String]
    /// Declared method metrics a target cannot be compared with (kind `distribution`), by method.
    public var distributions: [String: Set<String>] = [:]

    /// Declared method metrics by method, with what their number counts (from the manifest's `kind` and `unit`).
    public var methodQuantities: [String: [String: Quantity]] = [:]

    public init(methodMetrics: [String: Set<String>] = [:], unavailableMethods: [String: String] = [:]) {
        self.methodMetrics = methodMetrics
        self.unavailableMethods = unavailableMethods
    }

    /// What a metric's number is, as far as a target cares: a percentage is a fraction, so it fits a share but
    /// never a count or a number of days.
    public enum Quantity: Sendable, Equatable {
        /// Counted things: participants, contributions, report-backs.
        case count(of: String)
        case days
        /// A share or a ratio, where `80%` means 0.8.
        case fraction
        /// Anything else (a mean score): a percentage is not judged.
        case other

        /// From a plugin manifest's metric declaration.
        public init(kind: String, unit: String) {
            if unit == "days" {
                self = .days
            } else if kind == "count" {
                self = .count(of: unit == "count" ? "items" : unit)
            } else if kind == "ratio" {
                self = .fraction
            } else {
                self = .other
            }
        }
    }

    /// What `metric` counts; `.other` when it is not known.
    public func quantity(of metric: String) -> Quantity {
        switch metric {
        case "participants.unique": return .count(of: "participants")
        case "contributions.count": return .count(of: "contributions")
        case "feedback.report_backs": return .count(of: "report-backs")
        case "feedback.median_days_to_response": return .days
        case "participants.targeted_share", "feedback.responded_share": return .fraction
        default: break
        }
        let parts = metric.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts.first == "representation" { return .fraction }
        if parts.first == "target_group", parts.count == 3, parts[2] == "participants" { return .count(of: "participants") }
        if let method = parts.first, let quantity = methodQuantities[method]?[String(metric.dropFirst(method.count + 1))] {
            return quantity
        }
        return .other
    }

    /// Why `target` does not fit `metric`'s number, or `nil`: a percentage on a count or on days.
    public func problem(with target: TargetExpression, of metric: String, written text: String) -> String? {
        guard target.isPercentage else { return nil }
        let number = text.trimmingCharacters(in: .whitespaces).dropLast().trimmingCharacters(in: .whitespaces)
        switch quantity(of: metric) {
        case .count(let things):
            return "\"\(text)\" is a percentage, but \(metric) is a count of \(things); write the number itself, e.g. \"\(number)\""
        case .days:
            return "\"\(text)\" is a percentage, but \(metric) is a number of days; write the days, e.g. \"\(number)\""
        case .fraction, .other:
            return nil
        }
    }

    /// Whether a goal may use `metric`, given the trajectory's target groups; `nil` when it may,
    /// otherwise a sentence that says what is known.
    public func problem(with metric: String, targetGroups: Set<String>) -> String? {
        if Self.hostMetrics.contains(metric) { return nil }
        let parts = metric.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        if parts.first == "representation" {
            guard parts.count == 3 else {
                return
                    "representation metrics are representation.age.<band> or representation.area.<CBS code>, e.g. representation.age.15-25"
            }
            switch parts[1] {
            case "age":
                return AgeBand(rawValue: parts[2]) == nil
                    ? "\(parts[2]) is not an age band; use one of \(AgeBand.allCases.map(\.rawValue).joined(separator: ", "))" : nil
            case "area":
                return RegionCode(parts[2]) == nil ? "\(parts[2]) is not \(RegionCode.expectation)" : nil
            default:
                return
                    "representation is measured by age or area (representation.age.<band>, representation.area.<code>), not by \(parts[1])"
            }
        }
        if parts.first == "target_group", parts.count == 3, parts[2] == "participants" {
            return targetGroups.contains(parts[1]) ? nil : "the plan has no target group \"\(parts[1])\""
        }
        if let method = parts.first, let reason = unavailableMethods[method] {
            return "cannot check the metric: \(reason); try again when `stipctl plugin list` shows \(method) ready"
        }
        if let method = parts.first, let declared = methodMetrics[method] {
            let name = metric.dropFirst(method.count + 1)
            if declared.contains(String(name)) { return nil }
            if distributions[method]?.contains(String(name)) == true {
                return "\(metric) is a distribution (counts per category); a goal needs a single number such as a count, ratio or mean"
            }
            return "method \(method) declares no metric \"\(name)\"; it declares \(declared.sorted().joined(separator: ", "))"
        }
        return "unknown metric \"\(metric)\"; use a host metric (\(Self.hostMetrics.joined(separator: ", ")), "
            + "representation.age.<band>, representation.area.<code>, target_group.<id>.participants) or <method>.<metric> "
            + "of a method enabled in the workspace (see docs/metrics.md)"
    }
}
