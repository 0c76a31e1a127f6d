import Foundation
import StipScheduler
import Testing

/// Catch-up after a restart, with a clock that is only a date.
@Suite("which runs are due after the daemon was away")
struct DueRunsTests {
    static let zone = TimeZone(identifier: "Europe/Amsterdam")!
    static let mondays = try! CronExpression("0 7 * * MON")

    static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test("the first time a schedule is seen, nothing before now is owed")
    func firstSight() {
        let runs = DueRuns(Self.mondays, in: Self.zone, last: nil, now: Self.at("2026-12-09T12:00:00+01:00"), catchUp: .all)
        #expect(runs.due.isEmpty)
        #expect(runs.next == Self.at("2026-12-14T07:00:00+01:00"))
    }

    @Test("a run due a moment ago is on time under every policy")
    func onTime() {
        for policy in CatchUp.allCases {
            let runs = DueRuns(
                Self.mondays, in: Self.zone, last: Self.at("2026-12-07T07:00:00+01:00"), now: Self.at("2026-12-14T07:00:30+01:00"),
                catchUp: policy)
            #expect(runs.due == [Self.at("2026-12-14T07:00:00+01:00")], "\(policy)")
            #expect(runs.dealtWithUntil == Self.at("2026-12-14T07:00:00+01:00"))
        }
    }

    @Test("three Mondays missed: latest runs one, all runs three oldest first, none runs nothing; none is owed again")
    func missed() {
        let last = Self.at("2026-11-16T07:00:00+01:00")
        let now = Self.at("2026-12-09T10:00:00+01:00")
        let missed = ["2026-11-23T07:00:00+01:00", "2026-11-30T07:00:00+01:00", "2026-12-07T07:00:00+01:00"].map(Self.at)
        #expect(DueRuns(Self.mondays, in: Self.zone, last: last, now: now, catchUp: .latest).due == [missed[2]])
        #expect(DueRuns(Self.mondays, in: Self.zone, last: last, now: now, catchUp: .all).due == missed)
        #expect(DueRuns(Self.mondays, in: Self.zone, last: last, now: now, catchUp: .none).due.isEmpty)
        // After a restart with the new "last", nothing is repeated.
        let dealt = DueRuns(Self.mondays, in: Self.zone, last: last, now: now, catchUp: .all).dealtWithUntil
        #expect(DueRuns(Self.mondays, in: Self.zone, last: dealt, now: now.addingTimeInterval(60), catchUp: .all).due.isEmpty)
    }

    @Test("a year away catches up at most 24 runs with all")
    func bounded() {
        let runs = DueRuns(
            Self.mondays, in: Self.zone, last: Self.at("2025-12-01T07:00:00+01:00"), now: Self.at("2026-12-09T10:00:00+01:00"),
            catchUp: .all)
        #expect(runs.due.count == DueRuns.maximumCatchUp)
        #expect(runs.due.last == Self.at("2026-12-07T07:00:00+01:00"))
    }
}
