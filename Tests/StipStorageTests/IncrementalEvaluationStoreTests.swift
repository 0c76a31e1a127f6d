import Foundation
import StipDomain
import StipJSON
import StipStorage
import StipVocabulary
import Testing

/// An incremental plugin's state is kept with what it covers, and any change to a contribution it has seen makes
/// the activity's generation move, so the host cannot go on from a state that no longer holds.
@Suite("incremental evaluation state in a workspace database", .timeLimit(.minutes(2)))
struct IncrementalEvaluationStoreTests {
    let activity = "kickoff-workshop"

    func start(_ f: ParticipationFixture) async throws -> EvaluationStart {
        try await f.store.evaluationStart(f.slug, trajectory: f.plan.id, activity: activity)
    }

    @Test("new contributions move the rowid bound, not the generation; changes to counted ones move the generation")
    func generation() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participant("p-1")
        let first = try await f.contribute(activity, participant: "p-1")
        let begin = try await start(f)
        #expect(begin.generation == 0)
        #expect(begin.lastRowid > 0)
        #expect(begin.saved == nil)

        // The residents' path: a new contribution is streamed next time, nothing seen before changed.
        _ = try await f.contribute(activity)
        let afterNew = try await start(f)
        #expect(afterNew.generation == 0)
        #expect(afterNew.lastRowid > begin.lastRowid)

        // A changed profile changes what the plugin saw of `first`.
        var participant = try await f.store.participant(f.slug, "p-1")
        participant.profile.ageBand = .over65
        _ = try await f.store.updateParticipant(f.slug, participant, by: ParticipationFixture.admin)
        let afterProfile = try await start(f)
        #expect(afterProfile.generation > afterNew.generation)

        // An erasure detaches the contributions: the plugin saw a profile that is gone.
        _ = try await f.store.eraseParticipant(f.slug, "p-1", by: ParticipationFixture.admin)
        let afterErasure = try await start(f)
        #expect(afterErasure.generation > afterProfile.generation)

        // A pending contribution accepted late may sit below the rowid already streamed.
        let pending = try await f.store.addContributions(
            f.slug,
            [
                NewContribution(
                    trajectory: f.plan.id, activity: activity, participant: nil, channel: .online, payload: .object(["text": .string("x")]),
                    themes: [], state: .pendingValidation, occurredOn: LocalDate("2026-11-26")!)
            ], onePerParticipant: false, by: ParticipationFixture.admin)[0]
        let beforeAcceptance = try await start(f)
        #expect(beforeAcceptance.generation == afterErasure.generation)
        try await f.store.resolvePending(f.slug, pending.id, .accepted(normalised: .object(["text": .string("x")]), themes: []))
        #expect(try await start(f).generation > beforeAcceptance.generation)
        _ = first
    }

    @Test("a finished cycle keeps the states it is given and forgets the ones it is told to, in its own transaction")
    func keptWithTheCycle() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.contribute(activity)
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await f.store.openCycle(
            f.slug, trajectory: f.plan.id, trigger: .manual, plannedAt: due, phase: nil, startedAt: due, by: .daemon)
        let begin = try await start(f)
        let state = EvaluationState(
            activity: activity, pluginVersion: "1.1.0", config: .object(["a": .int(1)]), generation: begin.generation,
            lastRowid: begin.lastRowid, periodTo: due, cycle: 1, state: .object(["responses": .int(1)]))
        try await f.store.finishCycle(
            f.slug, CycleStoreTests.snapshot(f, number: 1, plannedAt: due), states: [state], forgetting: [])
        #expect(try await start(f).saved == state)

        // A cycle that is no longer running (finished before) writes nothing, its states neither.
        var other = state
        other.cycle = 2
        try await f.store.finishCycle(
            f.slug, CycleStoreTests.snapshot(f, number: 1, plannedAt: due), states: [other], forgetting: [])
        #expect(try await start(f).saved == state)

        _ = try await f.store.openCycle(
            f.slug, trajectory: f.plan.id, trigger: .manual, plannedAt: due.addingTimeInterval(60), phase: nil, startedAt: due,
            by: .daemon)
        try await f.store.finishCycle(
            f.slug, CycleStoreTests.snapshot(f, number: 2, plannedAt: due.addingTimeInterval(60)), states: [], forgetting: [activity])
        #expect(try await start(f).saved == nil)
    }
}
