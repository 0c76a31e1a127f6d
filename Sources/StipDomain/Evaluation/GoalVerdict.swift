import Foundation

/// What a cycle concluded about one goal of the plan.
public enum GoalVerdict: String, Codable, Sendable, CaseIterable {
    /// The whole 95 % interval meets the target (for an exact figure: the figure does).
    case met
    /// None of the interval meets it.
    case notMet = "not_met"
    /// Part of the interval meets it: more participants are needed to tell.
    case undecided
    /// No figure: no data yet, or no population figures for the area.
    case notMeasurable = "not_measurable"

    /// Judges `estimate` against `target`. An interval meets `>= 0.8` entirely when its low end does, and
    /// misses it entirely when its high end does not.
    public static func judge(_ estimate: Estimate?, against target: TargetExpression) -> GoalVerdict {
        guard let estimate, estimate.value.isFinite else { return .notMeasurable }
        let lowMeets = target.isMet(by: estimate.low)
        let highMeets = target.isMet(by: estimate.high)
        let valueMeets = target.isMet(by: estimate.value)
        if lowMeets && highMeets && valueMeets { return .met }
        if !lowMeets && !highMeets && !valueMeets { return .notMet }
        return .undecided
    }
}
