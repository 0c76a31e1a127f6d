import Synchronization

/// Work queued per key, taken in batches by at most one drain per key: the pattern behind group commit.
///
/// Work that arrives while a batch is being handled waits for the next batch, so under load the batches grow
/// by themselves to whatever arrived meanwhile; idle, each item is handled at once, without a timer.
///
/// The queues sit behind a lock rather than on an actor: an item joins its queue on the caller's own thread,
/// without a hop onto an actor's executor and back.
final class KeyedBatches<Key: Hashable & Sendable, Item: Sendable>: Sendable {
    private struct Queues: Sendable {
        var waiting: [Key: [Item]] = [:]
        /// Keys with a drain running: it takes whatever joins their queue until the queue is empty.
        var draining: Set<Key> = []
    }

    let maxBatch: Int
    private let queues = Mutex(Queues())

    init(maxBatch: Int) {
        self.maxBatch = max(1, maxBatch)
    }

    /// Queues `items` under `key`; starts `drain` (in a new task) when no drain runs for the key yet.
    func add(_ items: [Item], to key: Key, drain: @escaping @Sendable ([Item]) async -> Void) {
        guard !items.isEmpty else { return }
        let start = queues.withLock { queues in
            queues.waiting[key, default: []].append(contentsOf: items)
            return queues.draining.insert(key).inserted
        }
        if start { Task { await self.drain(key, with: drain) } }
    }

    private func drain(_ key: Key, with handle: @Sendable ([Item]) async -> Void) async {
        while true {
            // Let the requests that are already running add their items before the batch is taken: under
            // load a batch grows by a third. Idle, this costs one turn of the scheduler, not a timer's wait.
            await Task.yield()
            // Taking the batch and ending the drain happen under one lock, so an item that joins just after
            // the last batch starts a new drain instead of waiting for nobody.
            let taken: [Item]? = queues.withLock { queues in
                guard let queue = queues.waiting[key], !queue.isEmpty else {
                    queues.waiting[key] = nil
                    queues.draining.remove(key)
                    return nil
                }
                let batch = Array(queue.prefix(maxBatch))
                queues.waiting[key] = Array(queue.dropFirst(batch.count))
                return batch
            }
            guard let batch = taken else { return }
            await handle(batch)
        }
    }
}
