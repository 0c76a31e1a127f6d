import Dispatch

/// Runs synchronous file and SQLite work (backups, large copies) on a dispatch queue,
/// so it never blocks Swift's cooperative thread pool.
enum BlockingIO {
    private static let queue = DispatchQueue(label: "stip.storage.blocking-io", qos: .utility, attributes: .concurrent)

    /// Runs `work` off the cooperative pool and returns its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
