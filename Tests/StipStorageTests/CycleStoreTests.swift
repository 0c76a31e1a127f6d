import Foundation
import StipDomain
import StipStorage
import Testing

/// Cycles are idempotent and their snapshots immutable.
@Suite("evaluation cycles in a workspace database", .timeLimit(.minutes(2)))
struct CycleStoreTests {
    static func snapshot(_ f: ParticipationFixture, number: Int, plannedAt: Date) -> CycleSnapshot {
        let standing = Standing(
            trajectory: f.plan.id, computedAt: plannedAt, populationYear: nil, metrics: ["participants.unique": .exact(3)], goals: [])
        return CycleSnapshot(
            number: number, trajectory: f.plan.id, trigger: .schedule, plannedAt: plannedAt, phase: nil, startedAt: plannedAt,
            finishedAt: plannedAt.addingTimeInterval(2), planRevision: plannedAt, pluginVersions: [:], standing: standing, trends: [:],
            activities: [], findings: [])
    }

    @Test("the same trajectory, trigger and instant is one cycle: a finished one is returned, an unfinished one redone under its number")
    func idempotent() async throws {
        let f = try await ParticipationFixture()
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        guard
            case .started(let first) = try await f.store.openCycle(
                f.slug, trajectory: f.plan.id, trigger: .schedule, plannedAt: due, phase: nil, startedAt: due, by: .daemon)
        else { Issue.record("a new cycle was not started"); return }
        #expect(first == 1)
        // The daemon died before it finished: opening it again resumes number 1, not a second cycle.
        guard
            case .resumed(let again) = try await f.store.openCycle(
                f.slug, trajectory: f.plan.id, trigger: .schedule, plannedAt: due, phase: nil, startedAt: due, by: .daemon)
        else { Issue.record("the unfinished cycle was not resumed"); return }
        #expect(again == 1)
        try await f.store.finishCycle(f.slug, Self.snapshot(f, number: 1, plannedAt: due), states: [], forgetting: [])
        guard
            case .finished(let stored) = try await f.store.openCycle(
                f.slug, trajectory: f.plan.id, trigger: .schedule, plannedAt: due, phase: nil, startedAt: due, by: .daemon)
        else { Issue.record("the finished cycle was not returned"); return }
        #expect(stored == Self.snapshot(f, number: 1, plannedAt: due))
        // Another instant is another cycle.
        guard
            case .started(let second) = try await f.store.openCycle(
                f.slug, trajectory: f.plan.id, trigger: .schedule, plannedAt: due.addingTimeInterval(3600), phase: nil, startedAt: due,
                by: .daemon)
        else { Issue.record("a new cycle was not started"); return }
        #expect(second == 2)
        #expect(try await f.store.cycles(f.slug, trajectory: f.plan.id).map(\.state) == ["finished", "running"])
    }

    @Test("a finished snapshot is never written again, and stays what it was after the data changes")
    func immutable() async throws {
        let f = try await ParticipationFixture()
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try await f.store.openCycle(
            f.slug, trajectory: f.plan.id, trigger: .manual, plannedAt: due, phase: nil, startedAt: due, by: .daemon)
        let original = Self.snapshot(f, number: 1, plannedAt: due)
        try await f.store.finishCycle(f.slug, original, states: [], forgetting: [])
        var changed = original
        changed.standing.metrics["participants.unique"] = .exact(99)
        try await f.store.finishCycle(f.slug, changed, states: [], forgetting: [])
        _ = try await f.contribute("kickoff-workshop")
        #expect(try await f.store.cycle(f.slug, trajectory: f.plan.id, number: 1) == original)
        await #expect(throws: StorageError.self) { try await f.store.cycle(f.slug, trajectory: f.plan.id, number: 2) }
    }
}
