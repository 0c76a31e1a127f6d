import Foundation
import StipScheduler
import Testing

/// The rules of Debian cron(8) for daylight saving, written out by hand for Europe/Amsterdam, independently of
/// the reference tables.
@Suite("daylight saving as Debian cron handles it")
struct CronDaylightSavingTests {
    static let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

    /// `text` as an instant (ISO 8601 with offset).
    static func instant(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    static func runs(_ expression: String, from: String, count: Int, zone: TimeZone = amsterdam) throws -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return try CronExpression(expression).nextRuns(after: instant(from), in: zone, count: count).map {
            formatter.string(from: $0)
        }
    }

    @Test("a fixed-time job in the skipped hour runs once, at 03:00 when the clock jumps (29 March 2026)")
    func springForwardFixed() throws {
        #expect(
            try Self.runs("30 2 * * *", from: "2026-03-28T00:00:00+01:00", count: 3) == [
                "2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00",
            ])
        // Two skipped times still run once.
        #expect(
            try Self.runs("15,45 2 * * *", from: "2026-03-29T00:00:00+01:00", count: 2) == [
                "2026-03-29T03:00:00+02:00", "2026-03-30T02:15:00+02:00",
            ])
    }

    @Test("a wall-clock job does not run in the skipped hour (28 March 2027)")
    func springForwardWallClock() throws {
        #expect(
            try Self.runs("30 * * * *", from: "2027-03-28T00:45:00+01:00", count: 3) == [
                "2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00", "2027-03-28T04:30:00+02:00",
            ])
    }

    @Test("a fixed-time job in the repeated hour runs once, the first time (25 October 2026)")
    func fallBackFixed() throws {
        #expect(
            try Self.runs("30 2 * * *", from: "2026-10-25T00:00:00+02:00", count: 2) == [
                "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00",
            ])
    }

    @Test("from inside the second copy of the repeated hour, a fixed-time job waits for the next day")
    func fromInsideRepeatedHour() throws {
        // cronsim 2.9 answers 02:30+02:00 here, before the start (Reference/README.md); Debian's rule is the next day.
        #expect(try Self.runs("30 2 * * *", from: "2026-10-25T02:10:00+01:00", count: 1) == ["2026-10-26T02:30:00+01:00"])
    }

    @Test("a wall-clock job runs in both repeated hours (31 October 2027)")
    func fallBackWallClock() throws {
        #expect(
            try Self.runs("*/30 * * * *", from: "2027-10-31T01:45:00+02:00", count: 5) == [
                "2027-10-31T02:00:00+02:00", "2027-10-31T02:30:00+02:00", "2027-10-31T02:00:00+01:00", "2027-10-31T02:30:00+01:00",
                "2027-10-31T03:00:00+01:00",
            ])
    }

    @Test("a zone without daylight saving, leap days and the 31st in short months")
    func calendar() throws {
        #expect(
            try Self.runs("30 2 * * *", from: "2026-03-28T00:00:00+09:00", count: 2, zone: TimeZone(identifier: "Asia/Tokyo")!) == [
                "2026-03-28T02:30:00+09:00", "2026-03-29T02:30:00+09:00",
            ])
        #expect(
            try Self.runs("0 0 29 2 *", from: "2026-01-01T00:00:00+01:00", count: 2) == [
                "2028-02-29T00:00:00+01:00", "2032-02-29T00:00:00+01:00",
            ])
        #expect(
            try Self.runs("0 12 31 * *", from: "2026-01-15T00:00:00+01:00", count: 3) == [
                "2026-01-31T12:00:00+01:00", "2026-03-31T12:00:00+02:00", "2026-05-31T12:00:00+02:00",
            ])
        #expect(try CronExpression("0 0 31 2 *").nextRun(after: Self.instant("2026-01-01T00:00:00Z"), in: Self.amsterdam) == nil)
    }

    @Test("day of month and day of week both restricted: either matches; one of them * : both")
    func eitherDay() throws {
        // Friday 13 November 2026, and every 13th and every Friday.
        #expect(
            try Self.runs("0 9 13 * FRI", from: "2026-11-01T00:00:00+01:00", count: 4) == [
                "2026-11-06T09:00:00+01:00", "2026-11-13T09:00:00+01:00", "2026-11-20T09:00:00+01:00", "2026-11-27T09:00:00+01:00",
            ])
        #expect(
            try Self.runs("0 9 */2 * MON", from: "2026-11-01T00:00:00+01:00", count: 2) == [
                "2026-11-09T09:00:00+01:00", "2026-11-23T09:00:00+01:00",
            ])
    }
}
