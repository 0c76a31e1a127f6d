import Synchronization

/// Runs `work` and returns its result, or `nil` when `limit` passes first. The work goes on in the background
/// and its late result is dropped: used where someone waits (a resident) and what the work would have
/// decided can be decided later (a response kept as pending validation).
func firstOf<Result: Sendable>(within limit: Duration, _ work: @escaping @Sendable () async -> Result) async -> Result? {
    let once = FirstAnswer<Result>()
    return await withCheckedContinuation { continuation in
        once.set(continuation)
        Task { once.finish(await work()) }
        Task {
            try? await Task.sleep(for: limit)
            once.finish(nil)
        }
    }
}

/// Resumes a continuation with the first answer and ignores the rest.
private final class FirstAnswer<Result: Sendable>: Sendable {
    private let pending = Mutex<CheckedContinuation<Result?, Never>?>(nil)

    func set(_ continuation: CheckedContinuation<Result?, Never>) {
        pending.withLock { $0 = continuation }
    }

    func finish(_ value: Result?) {
        pending.withLock { pending in
            pending?.resume(returning: value)
            pending = nil
        }
    }
}

/// When each method's plugin last failed to answer a resident in time.
final class UnresponsiveMethods: Sendable {
    private let since = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Whether `method` failed to answer within the last `span`.
    func isQuiet(_ method: String, within span: Duration) -> Bool {
        guard let last = since.withLock({ $0[method] }) else { return false }
        return ContinuousClock.now - last < span
    }

    func record(_ method: String, answered: Bool) {
        since.withLock { $0[method] = answered ? nil : .now }
    }
}
