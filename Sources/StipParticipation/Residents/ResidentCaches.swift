import StipDomain
import StipJSON
import Synchronization

/// What the resident pages derive from a workspace's plans, kept until the workspace's generation changes:
/// trajectories that exist (never the ids that do not, so that a client asking for made-up ids adds nothing)
/// and each activity's response window, read from its config once.
final class ResidentLookups: Sendable {
    private struct Entry {
        var generation: Int
        var trajectories: [String: StoredTrajectory] = [:]
        var windows: [String: ActivityWindow] = [:]
        var branding: Branding?
    }

    private let entries = Mutex<[WorkspaceSlug: Entry]>([:])

    func trajectory(_ workspace: ResolvedWorkspace, _ id: String) -> StoredTrajectory? {
        entries.withLock { entries in
            guard let entry = entries[workspace.slug], entry.generation == workspace.generation else { return nil }
            return entry.trajectories[id]
        }
    }

    func put(_ trajectory: StoredTrajectory, in workspace: ResolvedWorkspace) {
        entries.withLock { entries in
            if let current = entries[workspace.slug], current.generation > workspace.generation { return }
            if entries[workspace.slug]?.generation != workspace.generation {
                entries[workspace.slug] = Entry(generation: workspace.generation)
            }
            entries[workspace.slug]?.trajectories[trajectory.plan.id] = trajectory
        }
    }

    /// How many trajectories are cached for a workspace (for tests: only existing ones may be).
    func cachedTrajectoryCount(_ slug: WorkspaceSlug) -> Int {
        entries.withLock { $0[slug]?.trajectories.count ?? 0 }
    }

    /// The workspace's branding, read once per generation.
    func branding(_ workspace: ResolvedWorkspace) -> Branding? {
        entries.withLock { $0[workspace.slug]?.generation == workspace.generation ? $0[workspace.slug]?.branding : nil }
    }

    func put(_ branding: Branding, in workspace: ResolvedWorkspace) {
        entries.withLock { entries in
            if let current = entries[workspace.slug], current.generation > workspace.generation { return }
            if entries[workspace.slug]?.generation != workspace.generation {
                entries[workspace.slug] = Entry(generation: workspace.generation)
            }
            entries[workspace.slug]?.branding = branding
        }
    }

    /// The response window of an activity, read from its config once per generation.
    func window(_ workspace: ResolvedWorkspace, _ activity: StoredActivity) -> ActivityWindow {
        let key = "\(activity.trajectory)/\(activity.id)"
        if let window = entries.withLock({ $0[workspace.slug]?.generation == workspace.generation ? $0[workspace.slug]?.windows[key] : nil }
        ) {
            return window
        }
        let window = ActivityWindow(config: activity.config, timeZone: workspace.timeZone)
        entries.withLock { entries in
            guard entries[workspace.slug]?.generation == workspace.generation else { return }
            entries[workspace.slug]?.windows[key] = window
        }
        return window
    }
}

/// Form descriptions by activity and language, dropped when the activity's config changes. It also lets a
/// submission be read while the plugin is down, so the response can be kept as pending validation.
final class FormCache: Sendable {
    private struct Entry {
        var generation: Int
        var config: JSONValue
        var form: DescribedForm
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The cached form when the config is unchanged; comparing configs is skipped while the workspace's
    /// generation is the one the entry was last seen with (it is not free, and every response asks).
    func get(_ key: String, generation: Int, config: JSONValue) -> DescribedForm? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.generation == generation { return entry.form }
            guard entry.config == config else { return nil }
            entries[key]?.generation = generation
            return entry.form
        }
    }

    func put(_ key: String, generation: Int, config: JSONValue, form: DescribedForm) {
        entries.withLock { $0[key] = Entry(generation: generation, config: config, form: form) }
    }
}
