public import StipDomain
public import StipStorage
import Synchronization

/// Group commit for public responses: responses that arrive while a transaction is being written wait for
/// the next one, so many are made durable by one fsync — and none is acknowledged before its commit.
///
/// An idle system commits each response at once (no timer, no added latency); under load the batches grow
/// by themselves to whatever arrived during the previous commit.
///
/// The queues sit behind a lock rather than on an actor: a response joins its queue on the caller's own
/// thread, without a hop onto an actor's executor and back for every response.
public final class ResponseCommitter: Sendable {
    typealias Item = (new: NewContribution, proof: ResponseProof, done: CheckedContinuation<Contribution, any Error>)

    private struct Queues {
        var waiting: [WorkspaceSlug: [Item]] = [:]
        /// Workspaces with a flush running: it takes whatever joins their queue until the queue is empty.
        var flushing: Set<WorkspaceSlug> = []
    }

    let store: any ParticipationStore
    let maxBatch: Int
    private let queues = Mutex(Queues())

    public init(store: any ParticipationStore, maxBatch: Int = 512) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// Stores one response; returns when it is committed.
    public func commit(_ slug: WorkspaceSlug, _ new: NewContribution, proof: ResponseProof) async throws -> Contribution {
        try await withCheckedThrowingContinuation { continuation in
            let startFlush = queues.withLock { queues in
                queues.waiting[slug, default: []].append((new, proof, continuation))
                return queues.flushing.insert(slug).inserted
            }
            if startFlush { Task { await self.flush(slug) } }
        }
    }

    private func flush(_ slug: WorkspaceSlug) async {
        while true {
            // Let the requests that are already running add their responses before the batch is taken: under
            // load a batch grows by a third, and every batch costs a transaction and an fsync. Idle, this
            // costs one turn of the scheduler, not a timer's wait.
            await Task.yield()
            // Taking the batch and ending the flush happen under one lock, so a response that joins just
            // after the last batch starts a new flush instead of waiting for nobody.
            let taken: [Item]? = queues.withLock { queues in
                guard let queue = queues.waiting[slug], !queue.isEmpty else {
                    queues.waiting[slug] = nil
                    queues.flushing.remove(slug)
                    return nil
                }
                let batch = Array(queue.prefix(maxBatch))
                queues.waiting[slug] = Array(queue.dropFirst(batch.count))
                return batch
            }
            guard let batch = taken else { return }
            do {
                let results = try await store.recordPublicResponses(slug, batch.map { ($0.new, $0.proof) })
                for (item, result) in zip(batch, results) {
                    switch result {
                    case .success(let contribution): item.done.resume(returning: contribution)
                    case .failure(let error): item.done.resume(throwing: error)
                    }
                }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
    }
}
