import CoreMetrics
public import Foundation
public import StipDomain
import Synchronization

/// Trajectories whose newest cycle failed since the daemon started, with why: what `GET /v1/health` names as
/// a reason for `degraded`, until a later cycle of the same trajectory finishes.
public final class CycleFailures: Sendable {
    /// One trajectory whose last cycle failed.
    public struct Failure: Sendable, Equatable {
        public var workspace: WorkspaceSlug
        public var trajectory: String
        public var cycle: Int
        public var at: Date
        public var error: String
    }

    private let failures = Mutex<[String: Failure]>([:])

    init() {}

    /// Every trajectory whose newest cycle failed, by workspace and trajectory.
    public var current: [Failure] {
        failures.withLock { Array($0.values) }.sorted { ($0.workspace.rawValue, $0.trajectory) < ($1.workspace.rawValue, $1.trajectory) }
    }

    func failed(_ slug: WorkspaceSlug, _ trajectory: String, cycle: Int, error: String) {
        let count = failures.withLock {
            $0["\(slug)/\(trajectory)"] = Failure(workspace: slug, trajectory: trajectory, cycle: cycle, at: Date(), error: error)
            return $0.count
        }
        ParticipationMetrics.failingCycles.record(count)
    }

    func finished(_ slug: WorkspaceSlug, _ trajectory: String) {
        let count = failures.withLock {
            $0["\(slug)/\(trajectory)"] = nil
            return $0.count
        }
        ParticipationMetrics.failingCycles.record(count)
    }
}
