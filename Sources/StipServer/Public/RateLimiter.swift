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
    private let buckets = Mutex<[String: Bucket]>([:])

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
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(capacity, bucket.tokens + seconds * perSecond)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return false
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            // Keep the table small: clients whose bucket is full again need no entry.
            if buckets.count > 10_000 {
                buckets = buckets.filter { $0.value.tokens + (Double((now - $0.value.updated).components.seconds)) * perSecond < capacity }
            }
            return true
        }
    }
}
