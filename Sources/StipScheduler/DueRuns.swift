public import Foundation

/// What to do with runs missed while the daemon was down or the workspace suspended.
public enum CatchUp: String, Sendable, CaseIterable {
    /// Run the latest missed run once.
    case latest
    /// Run every missed run (at most ``DueRuns/maximumCatchUp``), oldest first.
    case all
    /// Skip missed runs; only a run due within the grace period counts as on time.
    case none
}

/// Which planned runs of a schedule are due now, given the last planned instant already dealt with. Pure, so that
/// restarts, catch-up and daylight saving are tested with a clock that is only a `Date`.
public struct DueRuns: Sendable, Equatable {
    /// The planned instants to run now, oldest first.
    public var due: [Date]
    /// Every planned instant up to `now` is dealt with (run or skipped by the catch-up policy): the new
    /// "last planned", so a restart neither repeats nor skips a run.
    public var dealtWithUntil: Date
    /// The next planned run after `now`.
    public var next: Date?

    /// A run this late is still on time, not missed (the scheduler looks every few seconds).
    public static let grace: TimeInterval = 120
    /// At most this many missed runs are caught up with `all`: a daemon down for a year does not start 52 cycles.
    public static let maximumCatchUp = 24

    /// - Parameters:
    ///   - last: the last planned instant dealt with; `nil` the first time a schedule is seen, when nothing before
    ///     `now` is owed.
    public init(_ expression: CronExpression, in zone: TimeZone, last: Date?, now: Date, catchUp: CatchUp) {
        next = expression.nextRun(after: now, in: zone)
        guard let last else {
            due = []
            dealtWithUntil = now
            return
        }
        var missed: [Date] = []
        var cursor = last
        while let run = expression.nextRun(after: cursor, in: zone), run <= now {
            missed.append(run)
            cursor = run
            if missed.count > 10_000 { break }  // a minute-by-minute schedule left alone for a week
        }
        dealtWithUntil = missed.last ?? last
        let onTime = missed.filter { now.timeIntervalSince($0) <= Self.grace }
        switch catchUp {
        case .latest: due = missed.last.map { [$0] } ?? []
        case .all: due = Array(missed.suffix(Self.maximumCatchUp))
        case .none: due = onTime
        }
    }
}
