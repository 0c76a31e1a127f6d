import Foundation
import StipDomain
import StipJSON
import StipParticipation
import StipTestSupport
import Testing

/// `validate_activity`'s optional `schedule` (protocol §8.2): kept with the activity for the resident pages, and a
/// schedule the host cannot read refuses the plan, with a message for the plugin's maker.
@Suite("when and where an activity takes place, as its method reports it", .timeLimit(.minutes(2)))
struct ActivityScheduleTests {
    static let plan = """
        kind: Trajectory
        workspace: voorbeeldstad
        id: buurtavond
        title: Buurtavond
        why: Wat vindt u van de buurt?
        result_description: Een lijst met wensen.
        participation_level: consult
        decision_maker: executive
        legal_basis: voluntary
        owner: Team Wijken
        phases:
          - { id: gather, title: Ophalen, starts: 2027-01-01, ends: 2027-02-28 }
        activities:
          - id: avond
            method: workshop
            phase: gather
            config: { sessions: [] }

        """

    func fixture(mode: String) async throws -> (ParticipationFixture, TemporaryDirectory) {
        let plugins = try TemporaryDirectory("stip-schedule-plugins")
        let manifest = try TestPlugins.writeManifest(
            id: "workshop", executable: TestPlugins.misbehave, args: ["--mode", mode, "--id", "workshop"], into: plugins.url)
        return (try await ParticipationFixture(plugins: [manifest]), plugins)
    }

    @Test("a schedule whose start is not a date refuses the plan at the activity's config, for the plugin's maker")
    func unreadableScheduleRefused() async throws {
        let (fixture, directory) = try await fixture(mode: "bad-schedule")
        defer { withExtendedLifetime(directory) {} }
        try await fixture.whileHostRuns {
            let workspace = try await fixture.resolved()
            _ = try await fixture.participation.methods.enable("workshop", in: workspace, by: ParticipationFixture.admin)
            do {
                _ = try await fixture.participation.trajectories.apply(
                    Self.plan, file: "plan.yaml", options: .init(), by: ParticipationFixture.admin)
                Issue.record("the plan was applied")
            } catch let error as DomainError {
                #expect(error.code == .invalidPlan)
                let issue = try #require(error.fieldIssues.first, "\(error)")
                #expect(issue.message.contains("report it to the plugin's maker") && issue.message.contains("next tuesday"), "\(issue)")
                #expect(issue.field.contains("activities[0].config"), "\(issue)")
            }
        }
    }

    @Test("a method that reports no schedule leaves it empty; the plan applies")
    func noSchedule() async throws {
        let (fixture, directory) = try await fixture(mode: "well-behaved")
        defer { withExtendedLifetime(directory) {} }
        try await fixture.whileHostRuns {
            let workspace = try await fixture.resolved()
            _ = try await fixture.participation.methods.enable("workshop", in: workspace, by: ParticipationFixture.admin)
            _ = try await fixture.participation.trajectories.apply(
                Self.plan, file: "plan.yaml", options: .init(), by: ParticipationFixture.admin)
            let stored = try await fixture.participation.trajectories.get(workspace, "buurtavond")
            #expect(stored.activities.first?.schedule == [])
        }
    }
}
