/// Exponential backoff with jitter: 0.5 s doubling to 30 s, ±20 %, so plugins that crash together do not restart in step.
struct Backoff: Sendable {
    var base: Duration = .milliseconds(500)
    var maximum: Duration = .seconds(30)
    var jitter: Double = 0.2

    func delay(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 16)
        var delay = base * (1 << exponent)
        if delay > maximum { delay = maximum }
        let factor = 1 + Double.random(in: -jitter...jitter)
        return delay * factor
    }
}

/// Opens the circuit after `limit` crashes within `window`.
struct CrashWindow: Sendable {
    var limit = 5
    var window: Duration = .seconds(60)
    private(set) var crashes: [ContinuousClock.Instant] = []

    mutating func record(at now: ContinuousClock.Instant = .now) -> Bool {
        crashes.append(now)
        crashes.removeAll { now - $0 > window }
        return crashes.count >= limit
    }

    mutating func reset() { crashes.removeAll() }
}
