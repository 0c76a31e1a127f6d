import Foundation
import StipDomain
import StipJSON
import StipVocabulary
@testable import StipParticipation
import StipTestSupport
import Testing
import StipStorage

/// A resident waits for the plugin's verdict only a short while: a plugin that hangs on one response cannot keep
/// that resident, or the residents behind them, waiting for its whole deadline. What was not judged in time is
/// kept as pending validation, never lost.
@Suite("a hanging plugin does not keep residents waiting", .timeLimit(.minutes(2)))
struct ResidentWaitTests {
    @Test("past the short wait a response is kept as pending and acknowledged; the next ones do not queue behind it")
    func boundedWait() async throws {
        let plugins = try TemporaryDirectory("stip-wait-plugins")
        // The plugin's own deadline is long (30 s): only the residents' wait can make this quick.
        let manifest = try TestPlugins.writeManifest(
            id: "poll", executable: TestPlugins.misbehave, args: ["--mode", "hang-on-marker", "--id", "poll"],
            extra: "timeouts:\n  request_ms: 30000\n  ping_interval_ms: 60000\n", into: plugins.url)
        let fixture = try await ParticipationFixture(plugins: [manifest], validationWait: .milliseconds(300))
        try await fixture.whileHostRuns {
            let activity = try await fixture.store.activity(fixture.slug, trajectory: fixture.plan.id, id: "variant-poll")
            let responses = fixture.participation.residents.responses
            let clock = ContinuousClock()
            let started = clock.now
            async let hung = responses.submit(
                fixture.slug, activity: activity, submission: .object(["hang": .bool(true)]), proof: .none, language: "nl",
                occurredOn: LocalDate(Date(), in: .current))
            try await Task.sleep(for: .milliseconds(50))
            let behind = try await responses.submit(
                fixture.slug, activity: activity, submission: .object(["answers": .object(["variant": .string("a")])]), proof: .none,
                language: "nl", occurredOn: LocalDate(Date(), in: .current))
            let first = try await hung
            #expect(first.state == .pendingValidation, "kept, acknowledged as pending")
            #expect(behind.state == .pendingValidation, "not validated while the plugin does not answer, but kept")
            // A bound with a wide margin (the plugin's deadline is 30 s), not a speed figure.
            #expect(clock.now - started < .seconds(10), "residents waited \(clock.now - started)")
            #expect(try await fixture.store.contributions(fixture.slug, ContributionFilter(state: .pendingValidation)).count == 2)
            withExtendedLifetime(plugins) {}
        }
    }
}
