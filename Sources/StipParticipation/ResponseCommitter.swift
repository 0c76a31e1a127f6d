public import StipDomain
public import StipStorage

/// Group commit for public responses: responses that arrive while a transaction is being written wait for
/// the next one, so many are made durable by one fsync — and none is acknowledged before its commit.
///
/// An idle system commits each response at once (no timer, no added latency); under load the batches grow
/// by themselves to whatever arrived during the previous commit.
public actor ResponseCommitter {
    typealias Item = (new: NewContribution, proof: ResponseProof, done: CheckedContinuation<Contribution, any Error>)

    let store: any ParticipationStore
    let maxBatch: Int
    private var queues: [WorkspaceSlug: [Item]] = [:]
    private var flushing: Set<WorkspaceSlug> = []

    public init(store: any ParticipationStore, maxBatch: Int = 512) {
        self.store = store
        self.maxBatch = maxBatch
    }

    /// Stores one response; returns when it is committed.
    public func commit(_ slug: WorkspaceSlug, _ new: NewContribution, proof: ResponseProof) async throws -> Contribution {
        try await withCheckedThrowingContinuation { continuation in
            queues[slug, default: []].append((new, proof, continuation))
            if !flushing.contains(slug) {
                flushing.insert(slug)
                Task { await self.flush(slug) }
            }
        }
    }

    private func flush(_ slug: WorkspaceSlug) async {
        while true {
            // Let the requests that are already running add their responses before the batch is taken: under
            // load a batch grows by a third, and every batch costs a transaction and an fsync. Idle, this
            // costs one turn of the scheduler, not a timer's wait.
            await Task.yield()
            guard let queue = queues[slug], !queue.isEmpty else { break }
            let batch = Array(queue.prefix(maxBatch))
            queues[slug] = Array(queue.dropFirst(batch.count))
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
        queues[slug] = nil
        flushing.remove(slug)
    }
}
