import StipDomain
import StipStorage
import Synchronization

/// What the resident pages looked up about a workspace — its catalog entry, enabled methods and trajectories —
/// kept until the store says something changed (``WorkspaceStore/generation(_:)``). Contributions do not count
/// as a change, so a busy poll does not empty the cache.
final class LookupCache: Sendable {
    struct Entry: Sendable {
        var generation: Int
        var workspace: Workspace
        var enabledMethods: Set<String>
        var trajectories: [String: StoredTrajectory?]
    }

    private let entries = Mutex<[WorkspaceSlug: Entry]>([:])

    func entry(_ slug: WorkspaceSlug, generation: Int) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[slug], entry.generation == generation else { return nil }
            return entry
        }
    }

    func put(_ slug: WorkspaceSlug, _ entry: Entry) {
        entries.withLock { entries in
            // Keep the newest; a slower reader must not put back what an earlier generation saw.
            if let current = entries[slug], current.generation > entry.generation { return }
            entries[slug] = entry
        }
    }

    func trajectory(_ slug: WorkspaceSlug, _ id: String, generation: Int) -> StoredTrajectory?? {
        entries.withLock { entries in
            guard let entry = entries[slug], entry.generation == generation else { return nil }
            return entry.trajectories[id]
        }
    }

    func putTrajectory(_ slug: WorkspaceSlug, _ id: String, _ trajectory: StoredTrajectory?, generation: Int) {
        entries.withLock { entries in
            guard entries[slug]?.generation == generation else { return }
            entries[slug]?.trajectories[id] = .some(trajectory)
        }
    }
}
