import Foundation
import StipDomain
import StipParticipation
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
        /// The workspace's time zone, made once: `TimeZone(identifier:)` is not cheap.
        var timeZone: TimeZone
        var trajectories: [String: StoredTrajectory?]
        /// Response windows by `trajectory/activity`, read from the configs once.
        var windows: [String: ActivityWindow] = [:]
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

    /// The response window of an activity, read from its config once per generation.
    func window(_ slug: WorkspaceSlug, _ activity: StoredActivity, generation: Int, timeZone: TimeZone) -> ActivityWindow {
        let key = "\(activity.trajectory)/\(activity.id)"
        if let window = entries.withLock({ $0[slug]?.generation == generation ? $0[slug]?.windows[key] : nil }) { return window }
        let window = ActivityWindow(config: activity.config, timeZone: timeZone)
        entries.withLock { entries in
            guard entries[slug]?.generation == generation else { return }
            entries[slug]?.windows[key] = window
        }
        return window
    }
}
