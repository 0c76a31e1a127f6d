import Foundation
import StipDomain
import StipParticipation
import StipStorage
import Synchronization
import Testing

/// A clock the test moves by hand.
final class HandClock: Sendable {
    private let current: Mutex<Date>
    init(_ text: String) { current = Mutex(try! Date(text, strategy: .iso8601)) }
    var now: Date { current.withLock { $0 } }
    func set(_ text: String) { current.withLock { $0 = try! Date(text, strategy: .iso8601) } }
}

/// The scheduler runs cycles on time, once, and catches up after a restart as the plan says.
@Suite("evaluation cycles on schedule", .timeLimit(.minutes(2)))
struct CycleSchedulerTests {
    static func fixture(_ clock: HandClock, store existing: ParticipationFixture? = nil) async throws -> ParticipationFixture {
        let f = try await ParticipationFixture(edit: { _ in }, clock: { clock.now })
        _ = try await f.store.setTrajectoryStatus(f.slug, f.plan.id, .active, by: ParticipationFixture.admin)
        return f
    }

    @Test("0 7 * * MON: nothing owed at first sight, one cycle at 07:00, never two; a restart catches up the latest missed Monday")
    func onSchedule() async throws {
        let clock = HandClock("2026-12-07T06:59:00+01:00")
        let f = try await Self.fixture(clock)
        await f.participation.scheduler.tick()
        #expect(try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id).isEmpty)

        clock.set("2026-12-07T07:00:30+01:00")
        await f.participation.scheduler.tick()
        await f.participation.scheduler.tick()
        var cycles = try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id)
        #expect(cycles.map(\.trigger) == [.schedule], "\(cycles)")
        #expect(cycles.first?.plannedAt == (try Date("2026-12-07T07:00:00+01:00", strategy: .iso8601)))
        let first = try await f.participation.cycles.get(try await f.resolved(), trajectory: f.plan.id, number: 1)
        #expect(first.lagSeconds == 30)

        // The daemon is down for three Mondays; with catch_up: latest the newest of them runs once.
        clock.set("2026-12-28T09:00:00+01:00")
        await f.participation.scheduler.tick()
        cycles = try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id)
        #expect(cycles.map(\.plannedAt).last == (try Date("2026-12-28T07:00:00+01:00", strategy: .iso8601)), "\(cycles)")
        #expect(cycles.filter { $0.trigger == .schedule }.count == 2)
    }

    @Test("the day after a phase's last day it gets one cycle of its own; closed trajectories and suspended workspaces get none")
    func phaseEndAndExclusions() async throws {
        let clock = HandClock("2027-01-30T12:00:00+01:00")
        let f = try await Self.fixture(clock)
        await f.participation.scheduler.tick()
        clock.set("2027-02-01T00:00:10+01:00")
        await f.participation.scheduler.tick()
        await f.participation.scheduler.tick()
        let cycles = try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id)
        #expect(cycles.filter { $0.trigger == .phaseEnd }.map(\.phase) == ["choose"], "\(cycles)")

        _ = try await f.store.setTrajectoryStatus(f.slug, f.plan.id, .closed, by: ParticipationFixture.admin)
        clock.set("2027-02-08T07:05:00+01:00")
        await f.participation.scheduler.tick()
        #expect(try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id).count == cycles.count)

        _ = try await f.store.setTrajectoryStatus(f.slug, f.plan.id, .active, by: ParticipationFixture.admin)
        _ = try await f.participation.workspaces.setState(try await f.resolved(), to: .suspended, by: ParticipationFixture.admin)
        clock.set("2027-02-15T07:05:00+01:00")
        await f.participation.scheduler.tick()
        _ = try await f.participation.workspaces.setState(try await f.resolved(), to: .active, by: ParticipationFixture.admin)
        #expect(try await f.participation.cycles.list(try await f.resolved(), trajectory: f.plan.id).count == cycles.count)
    }
}
