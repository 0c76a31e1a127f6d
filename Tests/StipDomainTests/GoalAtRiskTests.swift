import Foundation
import StipDomain
import StipVocabulary
import Testing

/// `goal_at_risk`: a count goal that the pace so far will not reach by the end of the last phase. The example plan
/// runs from 12 October 2026 to 31 January 2027 (111 days) and wants at least 300 participants.
@Suite("findings: a goal at risk at the pace so far")
struct GoalAtRiskTests {
    func findings(participants: Double, today: String, verdict: GoalVerdict = .notMet) throws -> [Finding] {
        let plan = try ExampleFiles.plan()
        let standing = Standing(
            trajectory: plan.id, computedAt: Date(), populationYear: nil, metrics: ["participants.unique": .exact(participants)],
            goals: [
                .init(
                    id: "reach", metric: "participants.unique", target: ">= 300", verdict: verdict, estimate: .exact(participants),
                    reason: nil),
                // A share has no pace: never "at risk" by this rule, whatever its value.
                .init(
                    id: "feedback-coverage", metric: "feedback.responded_share", target: ">= 0.9", verdict: .notMet, estimate: .exact(0.1),
                    reason: nil),
            ])
        let figures = TrajectoryFigures(
            contributions: 0, contributionsWithParticipant: 0, participants: Int(participants), targetedParticipants: 0, profiles: [],
            reportBacksSent: 0)
        return HostFindings(
            plan: plan, standing: standing, figures: figures, waiting: [], reflectedPhases: ["explore", "choose"],
            today: try #require(LocalDate(today))
        ).all.filter { $0.code == "goal_at_risk" }
    }

    @Test("120 participants after 60 of 111 days: about 222 at the end, 180 more needed in 51 days, 25 a week")
    func behindPace() throws {
        let found = try findings(participants: 120, today: "2026-12-11")
        let finding = try #require(found.first)
        #expect(found.count == 1)
        #expect(finding.severity == .warning)
        // 120 × 111 / 60 = 222; (300 − 120) × 7 / 51 = 24.7 → 25.
        #expect(finding.parameters["projected"] == "222" && finding.parameters["days_left"] == "51", "\(finding.parameters)")
        #expect(finding.parameters["needed_per_week"] == "25")
        #expect(
            finding.message.en
                == "Goal reach (>= 300) is at risk: 120 so far, at this pace about 222 when the last phase ends on 2027-01-31.")
        #expect(finding.recommendation?.nl.contains("Er zijn nog 180 nodig in 51 dagen, ongeveer 25 per week") == true)
    }

    @Test("on pace, already met, or outside the trajectory's dates: nothing; two weeks or less left: critical")
    func otherwise() throws {
        // 170 after 60 days: 314 at this pace.
        #expect(try findings(participants: 170, today: "2026-12-11").isEmpty)
        #expect(try findings(participants: 120, today: "2026-12-11", verdict: .met).isEmpty)
        #expect(try findings(participants: 0, today: "2026-10-01").isEmpty)
        #expect(try findings(participants: 120, today: "2027-02-02").isEmpty)
        let late = try #require(try findings(participants: 200, today: "2027-01-20").first)
        #expect(late.severity == .critical && late.parameters["days_left"] == "11")
    }
}
