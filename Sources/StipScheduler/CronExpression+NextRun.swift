public import Foundation

extension CronExpression {
    /// The first instant after `instant` at which the expression runs, read in `zone`'s wall clock, or `nil`
    /// when it never runs within 28 years (`0 0 31 2 *`).
    ///
    /// Daylight saving follows Debian cron(8). A fixed-time job (minute and hour fields not starting with `*`)
    /// whose local time is skipped by a spring-forward jump runs once, at the first instant after the jump
    /// (03:00 for a 02:30 job in Europe/Amsterdam); one whose local time occurs twice runs once, at the first
    /// occurrence. A job with `*` at the start of its minute or hour field follows the wall clock: it runs in both
    /// repeated hours and not in the skipped one.
    public func nextRun(after instant: Date, in zone: TimeZone) -> Date? {
        let after = instant.timeIntervalSince1970.rounded(.down)
        let localNow = Int64(after) + Int64(zone.secondsFromGMT(for: instant))
        // Start three hours back in wall-clock time: a repeated hour's second occurrence has an earlier wall
        // clock than the instant it follows. No zone moves its clock by more than that.
        var day = Self.floorDiv(localNow - Self.window, Self.secondsPerDay) * Self.secondsPerDay
        let lastDay = day + 28 * 366 * Self.secondsPerDay
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        var best: Int64?
        while day <= lastDay {
            if let best, day > Self.localTime(of: best, in: zone) + Self.window { break }
            let civil = Self.civil(fromDays: day / Self.secondsPerDay)
            if matchesDay(month: civil.month, day: civil.day, weekday: civil.weekday) {
                for hour in sortedHours {
                    for minute in sortedMinutes {
                        let local = day + Int64(hour * 3600 + minute * 60)
                        for candidate in instants(atLocal: local, in: zone) where Double(candidate) > after {
                            if best == nil || candidate < best! { best = candidate }
                        }
                    }
                }
            }
            day += Self.secondsPerDay
        }
        return best.map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The next `count` runs after `instant`.
    public func nextRuns(after instant: Date, in zone: TimeZone, count: Int) -> [Date] {
        var runs: [Date] = []
        var from = instant
        while runs.count < count, let next = nextRun(after: from, in: zone) {
            runs.append(next)
            from = next
        }
        return runs
    }

    /// The instants (seconds since 1970) this job runs at for one wall-clock minute, by the rules above.
    private func instants(atLocal local: Int64, in zone: TimeZone) -> [Int64] {
        // The offsets in force well before and well after this wall-clock time; transitions are days apart.
        let before = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local - 14 * 3600))))
        let after = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(local + 14 * 3600))))
        let valid = Set([local - before, local - after]).filter {
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval($0)))) == local - $0
        }.sorted()
        switch valid.count {
        case 0:
            // Skipped by a spring-forward jump.
            guard !followsWallClock,
                let jump = zone.nextDaylightSavingTimeTransition(
                    after: Date(timeIntervalSince1970: TimeInterval(local - before - 6 * 3600)))
            else { return [] }
            return [Int64(jump.timeIntervalSince1970)]
        case 1:
            return valid
        default:
            // Occurs twice after a fall-back.
            return followsWallClock ? valid : [valid[0]]
        }
    }

    private static let secondsPerDay: Int64 = 86_400
    private static let window: Int64 = 3 * 3600

    private static func localTime(of instant: Int64, in zone: TimeZone) -> Int64 {
        instant + Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// Year, month, day and weekday (0 = Sunday) of a day number since 1970-01-01 (H. Hinnant's algorithm),
    /// so that no calendar of the process's own locale or zone is involved.
    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int, weekday: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 7 + 4) % 7
        return (Int(year), Int(month), Int(day), Int(weekday))
    }
}
