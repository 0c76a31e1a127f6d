import Foundation
import StipDomain
import StipJSON
import StipVocabulary
@testable import StipParticipation
import StipTestSupport
import Testing
import StipStorage

/// One contribution whose validation crashes its plugin must not take the method down for every municipality:
/// after two crashes with it in flight it is quarantined, the method stays up, and an admin decides.
@Suite("a contribution that crashes its plugin is quarantined", .timeLimit(.minutes(2)))
struct QuarantineTests {
    /// The example plan's workshop activity, served by misbehave.py, which crashes on `{"crash": true}`.
    /// The plugin's directory must outlive the fixture: it is the plugin's working directory.
    func fixture() async throws -> (ParticipationFixture, TemporaryDirectory) {
        let plugins = try TemporaryDirectory("stip-quarantine-plugins")
        let manifest = try TestPlugins.writeManifest(
            id: "workshop", executable: TestPlugins.misbehave, args: ["--mode", "crash-on-marker", "--id", "workshop"],
            // Patient: a validation outrun by its deadline on a busy machine would stay pending, which is not the point here.
            extra: TestPlugins.patientTimeouts, into: plugins.url)
        return (try await ParticipationFixture(plugins: [manifest]), plugins)
    }

    func submission(_ payload: JSONValue) -> ContributionIntake.Submission {
        ContributionIntake.Submission(
            trajectory: nil, activity: "kickoff-workshop", participant: nil, channel: .offline, payload: payload, themes: [])
    }

    @Test("two crashes quarantine it with the crash's stderr; the method keeps serving; retry and reject release it")
    func quarantine() async throws {
        let (fixture, directory) = try await fixture()
        defer { withExtendedLifetime(directory) {} }
        let participation = fixture.participation
        try await fixture.whileHostRuns {
            let workspace = try await fixture.resolved()
            // First crash: during the admin's entry. Kept, never lost, one strike.
            let poison = try await participation.contributions.add(
                workspace, submission(.object(["crash": .bool(true), "text": .string("x")])), by: ParticipationFixture.admin)
            #expect(poison.state == .pendingValidation)
            #expect(poison.quarantine?.crashes == 1)

            // Second crash: the pending validator, alone with it in flight.
            await participation.pending.pass()
            let set = try await participation.contributions.get(workspace, poison.id)
            #expect(set.state == .quarantined)
            let quarantine = try #require(set.quarantine)
            #expect(quarantine.crashes == 2 && quarantine.lastCrash.method == "workshop")
            #expect(quarantine.lastCrash.stderrTail.contains { $0.contains("crash marker") }, "\(quarantine.lastCrash)")

            // Nothing retries it, and the method serves everyone else.
            let fine = try await participation.contributions.add(
                workspace, submission(.object(["text": .string("meer bomen")])), by: ParticipationFixture.admin)
            #expect(fine.state == .accepted)
            let listed = try await participation.contributions.list(workspace, ContributionFilter(state: .quarantined))
            #expect(listed.map(\.id) == [poison.id])

            // The plugin list names it, and keeps the crashed process's last words beside the new process's.
            let status = try #require(await participation.methods.statuses().plugins.first { $0.id == "workshop" })
            #expect(status.state == .ready)
            #expect(status.quarantined == [QuarantinedContribution(workspace: fixture.slug, id: poison.id, method: "workshop")])
            let crash = try #require(status.lastCrash)
            #expect(crash.reason.contains("exited(3)"), "\(crash)")
            #expect(crash.stderrTail.contains { $0.contains("crash marker") }, "\(crash)")
            #expect(!status.stderrTail.contains { $0.contains("crash marker") }, "the running process's own tail: \(status.stderrTail)")

            // An admin puts it back in line; then rejects it: no longer quarantined anywhere.
            let retried = try await participation.contributions.retry(workspace, poison.id, by: ParticipationFixture.admin)
            #expect(retried.state == .pendingValidation)
            await #expect(throws: DomainError.self) {
                try await participation.contributions.retry(workspace, fine.id, by: ParticipationFixture.admin)
            }
            let rejected = try await participation.contributions.reject(
                workspace, poison.id, reason: "crashes the workshop plugin", by: ParticipationFixture.admin)
            #expect(rejected.state == .rejectedAfterReview)
            #expect(await participation.methods.statuses().plugins.first { $0.id == "workshop" }?.quarantined == [])
        }
    }

    @Test("a contribution in flight at one crash only is validated again, not quarantined")
    func oneCrashIsNoVerdict() async throws {
        let (fixture, directory) = try await fixture()
        defer { withExtendedLifetime(directory) {} }
        try await fixture.whileHostRuns {
            let workspace = try await fixture.resolved()
            let stored = try await fixture.store.addContributions(
                fixture.slug,
                [
                    NewContribution(
                        trajectory: fixture.plan.id, activity: "kickoff-workshop", participant: nil, channel: .online,
                        payload: .object(["text": .string("in the same batch as a crasher")]), themes: [], state: .pendingValidation,
                        occurredOn: LocalDate("2026-11-26")!,
                        crashedValidation: ValidationCrash(at: Date(), method: "workshop", reason: "exited (exited(3))", stderrTail: []))
                ], onePerParticipant: false, by: nil)[0]
            await fixture.participation.pending.note(fixture.slug)
            await fixture.participation.pending.pass()
            #expect(try await fixture.participation.contributions.get(workspace, stored.id).state == .accepted)
        }
    }
}
