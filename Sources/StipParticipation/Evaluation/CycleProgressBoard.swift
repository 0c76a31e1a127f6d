import StipDomain
import Synchronization

/// The progress of the cycles running in this process, by workspace and trajectory (one cycle each at a time).
final class CycleProgressBoard: Sendable {
    private let entries = Mutex<[String: CycleProgress]>([:])

    /// One running cycle's line on the board, which the cycle moves forward as it goes.
    struct Entry: Sendable {
        let board: CycleProgressBoard
        let key: String

        func update(_ change: (inout CycleProgress) -> Void) {
            board.entries.withLock { entries in
                if var progress = entries[key] {
                    change(&progress)
                    entries[key] = progress
                }
            }
        }
    }

    /// Puts a cycle on the board.
    func begin(_ key: String, _ progress: CycleProgress) -> Entry {
        entries.withLock { $0[key] = progress }
        return Entry(board: self, key: key)
    }

    /// Takes a cycle off the board: it is finished or failed, as its record says.
    func end(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// The progress of cycle `number` of `key`, while it is on the board.
    func progress(of key: String, number: Int) -> CycleProgress? {
        entries.withLock { $0[key] }.flatMap { $0.number == number ? $0 : nil }
    }
}
