import Foundation
import StipDomain
import Testing

@Suite("goals judged with their uncertainty")
struct GoalVerdictTests {
    static let atLeast08 = TargetExpression(">= 0.8")!

    /// The worked example of docs/metrics.md: 1 425 of 10 600 inhabitants are 15–25 (13.4 %).
    static let populationShare = 1425.0 / 10600.0

    @Test("Wilson's interval for 24 of 300 is 5.43 %–11.63 %, computed by hand")
    func wilson() throws {
        let share = try #require(Estimate.share(24, of: 300))
        #expect(abs(share.value - 0.08) < 1e-12)
        #expect(abs(share.low - 0.054_347) < 1e-6, "\(share.low)")
        #expect(abs(share.high - 0.116_273) < 1e-6, "\(share.high)")
        #expect(Estimate.share(0, of: 0) == nil && Estimate.share(3, of: 2) == nil)
        // Stays inside 0–1 at the edges, where a normal approximation would not.
        let none = try #require(Estimate.share(0, of: 20))
        #expect(none.low == 0 && abs(none.high - 0.161_125) < 1e-6)
    }

    @Test("the ratio to the population's share carries the interval; verdicts follow the whole interval")
    func representation() throws {
        // 24 of 300: ratio 0.60, interval 0.40–0.87: part of it reaches 0.8, so more participants are needed.
        let many = try #require(Estimate.share(24, of: 300)?.ratio(to: Self.populationShare))
        #expect(abs(many.value - 0.595) < 0.001)
        #expect(abs(many.low - 0.404) < 0.001 && abs(many.high - 0.865) < 0.001, "\(many)")
        #expect(GoalVerdict.judge(many, against: Self.atLeast08) == .undecided)
        // 12 of 300 (4 %): ratio 0.30, interval 0.17–0.51, all below 0.8.
        let few = try #require(Estimate.share(12, of: 300)?.ratio(to: Self.populationShare))
        #expect(GoalVerdict.judge(few, against: Self.atLeast08) == .notMet)
        // 2 of 20: ratio 0.74 with an interval from 0.21 to 2.2.
        let small = try #require(Estimate.share(2, of: 20)?.ratio(to: Self.populationShare))
        #expect(GoalVerdict.judge(small, against: Self.atLeast08) == .undecided)
        // 60 of 300 (20 %): ratio 1.49, interval 1.18–1.85, all above.
        let well = try #require(Estimate.share(60, of: 300)?.ratio(to: Self.populationShare))
        #expect(GoalVerdict.judge(well, against: Self.atLeast08) == .met)
    }

    @Test("a counted figure is met or not; no figure cannot be judged")
    func exact() {
        #expect(GoalVerdict.judge(.exact(300), against: TargetExpression(">= 300")!) == .met)
        #expect(GoalVerdict.judge(.exact(299), against: TargetExpression(">= 300")!) == .notMet)
        #expect(GoalVerdict.judge(.exact(45), against: TargetExpression("<= 42")!) == .notMet)
        #expect(GoalVerdict.judge(nil, against: TargetExpression(">= 300")!) == .notMeasurable)
    }
}
