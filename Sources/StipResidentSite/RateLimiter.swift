import Foundation
import Synchronization

/// Submissions per client, in memory only: a token bucket per address that is forgotten when full again.
/// Addresses are never written anywhere (no IP address is stored, by design).
final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let capacity: Double
    let perSecond: Double
    private let state = Mutex<(table: [String: Bucket], calls: Int)>(([:], 0))

    /// - Parameters:
    ///   - perMinute: sustained submissions per client per minute; 0 turns limiting off.
    ///   - burst: how many may come at once.
    init(perMinute: Int, burst: Int) {
        capacity = Double(max(1, burst))
        perSecond = Double(perMinute) / 60
    }

    /// Takes one token for `client`; false when the client must wait.
    func allow(_ client: String, now: ContinuousClock.Instant = .now) -> Bool {
        guard perSecond > 0 else { return true }
        return state.withLock { state in
            state.calls += 1
            // Keep the table small: clients whose bucket is full again need no entry. Swept now and then, not per call.
            if state.calls % 1000 == 0, state.table.count > 1000 {
                let capacity = self.capacity
                let perSecond = self.perSecond
                state.table = state.table.filter {
                    $0.value.tokens + Double((now - $0.value.updated).components.seconds) * perSecond < capacity
                }
            }
            var bucket = state.table[client] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                state.table[client] = bucket
                return false
            }
            bucket.tokens -= 1
            state.table[client] = bucket
            return true
        }
    }
}
