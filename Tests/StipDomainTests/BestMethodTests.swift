import Foundation
import StipDomain
import StipVocabulary
import Testing

/// `under_represented_age` names the method that reached the group best so far in the municipality: this
/// trajectory's activities and the others' (as their latest cycles found them).
@Suite("findings: the method that reached a group best in the municipality")
struct BestMethodTests {
    func finding(here: [TrajectoryFigures.ActivityAgeBand], elsewhere: [(String, String, TrajectoryFigures.ActivityAgeBand)]) throws
        -> Finding
    {
        let plan = try ExampleFiles.plan()
        let standing = Standing(
            trajectory: plan.id, computedAt: Date(), populationYear: 2024,
            metrics: ["representation.age.15-25": Estimate(value: 0.2, low: 0.05, high: 0.6, n: 10)], goals: [])
        var figures = TrajectoryFigures(
            contributions: 10, contributionsWithParticipant: 10, participants: 10, targetedParticipants: 0, profiles: [], reportBacksSent: 0
        )
        figures.activityAgeBands = here
        var findings = HostFindings(
            plan: plan, standing: standing, figures: figures, waiting: [], reflectedPhases: ["explore", "choose"],
            today: LocalDate("2026-12-07")!)
        findings.elsewhere = elsewhere.map { (trajectory: $0.0, method: $0.1, reach: $0.2) }
        return try #require(findings.all.first { $0.code == "under_represented_age" })
    }

    @Test("another trajectory's walk reached young people best: the recommendation names it")
    func elsewhere() throws {
        let found = try finding(
            here: [
                .init(activity: "kickoff-workshop", ageBand: "25-45", participants: 8),
                .init(activity: "kickoff-workshop", ageBand: "15-25", participants: 1),
            ],
            elsewhere: [
                ("jeugd-park", "neighbourhood-walk", .init(activity: "skatepark-walk", ageBand: "15-25", participants: 4)),
                ("jeugd-park", "neighbourhood-walk", .init(activity: "skatepark-walk", ageBand: "65+", participants: 1)),
            ])
        #expect(found.parameters["method"] == "neighbourhood-walk", "\(found.parameters)")
        #expect(
            found.recommendation?.en.contains(
                "So far neighbourhood-walk (skatepark-walk (jeugd-park)) reached this group best in the municipality") == true,
            "\(found.recommendation?.en ?? "")")
    }

    @Test("this trajectory's own activity, when it did best; none when no activity reached the group")
    func here() throws {
        let own = try finding(
            here: [
                .init(activity: "kickoff-workshop", ageBand: "15-25", participants: 3),
                .init(activity: "kickoff-workshop", ageBand: "45-65", participants: 1),
            ],
            elsewhere: [
                ("jeugd-park", "poll", .init(activity: "park-poll", ageBand: "15-25", participants: 1)),
                ("jeugd-park", "poll", .init(activity: "park-poll", ageBand: "65+", participants: 9)),
            ])
        #expect(own.parameters["method"] == "workshop" && own.recommendation?.nl.contains("workshop (kickoff-workshop)") == true, "\(own)")
        let none = try finding(here: [.init(activity: "kickoff-workshop", ageBand: "45-65", participants: 3)], elsewhere: [])
        #expect(none.parameters["method"] == nil)
    }
}
