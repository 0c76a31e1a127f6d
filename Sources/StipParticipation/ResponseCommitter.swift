import CoreMetrics
public import StipDomain
public import StipStorage
import Metrics

/// Group commit for public responses: responses that arrive while a transaction is being written wait for
/// the next one, so many are made durable by one fsync — and none is acknowledged before its commit.
///
/// An idle system commits each response at once (no timer, no added latency); under load the batches grow
/// by themselves to whatever arrived during the previous commit.
public final class ResponseCommitter: Sendable {
    /// A response to store, and who waits for it.
    struct Item: Sendable {
        var new: NewContribution
        var proof: ResponseProof
        var done: CheckedContinuation<Contribution, any Error>
    }

    let store: any ParticipationStore
    private let batches: KeyedBatches<WorkspaceSlug, Item>

    /// Only the use cases make one; the benchmark makes its own to measure the floor of a durable write (SPI).
    @_spi(Benchmark) public init(store: any ParticipationStore, maxBatch: Int = 512) {
        self.store = store
        self.batches = KeyedBatches(maxBatch: maxBatch)
    }

    /// Stores one response; returns when it is committed.
    @_spi(Benchmark) public func commit(_ slug: WorkspaceSlug, _ new: NewContribution, proof: ResponseProof) async throws -> Contribution {
        try await withCheckedThrowingContinuation { done in
            enqueue(slug, [Item(new: new, proof: proof, done: done)])
        }
    }

    /// Queues responses whose callers already wait on their continuations; each is resumed after its commit.
    func enqueue(_ slug: WorkspaceSlug, _ items: [Item]) {
        batches.add(items, to: slug) { batch in await self.write(slug, batch) }
    }

    private func write(_ slug: WorkspaceSlug, _ batch: [Item]) async {
        ParticipationMetrics.commitBatchSize.record(batch.count)
        let clock = ContinuousClock()
        let started = clock.now
        defer { ParticipationMetrics.commitDuration.record(duration: clock.now - started) }
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
