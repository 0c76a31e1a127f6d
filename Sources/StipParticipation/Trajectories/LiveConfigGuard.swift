import StipDomain
import StipJSON
import StipPluginHost
import StipPluginProtocol
import StipStorage

/// Guards an activity that already holds contributions against a config that would orphan them: an option or a
/// question removed, a type changed. Every stored contribution the current config accepts is validated again
/// under the new one by the method's plugin; those it now refuses would be answers to a question that no longer
/// exists. Comparing with the current config keeps a plugin's own quirks out of the count.
struct LiveConfigGuard {
    let store: any ParticipationStore
    let plugins: PluginHost

    /// What a config change does to an activity's stored contributions.
    struct Impact {
        /// Contributions of the activity that count.
        var contributions: Int
        /// Their ids.
        var contributionIDs: [String]
        /// Those the new config refuses though the current one accepts them.
        var orphaned: [String]
        /// Why, by field, with how many contributions each.
        var reasons: [(field: String, message: String, count: Int)]
        /// Config fields that changed (a question's text, a label): they do not orphan answers but change what
        /// they answered.
        var changedFields: [String]
    }

    /// The impact of replacing `activity`'s config with `config`; `nil` when it has no contributions or the
    /// config is the same.
    func impact(_ slug: WorkspaceSlug, _ activity: StoredActivity, newConfig config: JSONValue) async throws -> Impact? {
        guard activity.contributions > 0, !activity.archived, activity.config != config else { return nil }
        let stored = try await store.contributions(
            slug, ContributionFilter(trajectory: activity.trajectory, activity: activity.id, state: .accepted, limit: .max))
        guard !stored.isEmpty else { return nil }
        var orphaned: [String] = []
        var reasons: [String: (message: String, count: Int)] = [:]
        for channel in ContributionChannel.allCases {
            let group = stored.filter { $0.channel == channel }
            guard !group.isEmpty else { continue }
            let payloads = group.map(\.payload)
            async let before = plugins.validateContributions(
                activity.method, workspace: slug.rawValue, activityID: activity.id, config: activity.config, channel: channel.rawValue,
                submissions: payloads)
            async let after = plugins.validateContributions(
                activity.method, workspace: slug.rawValue, activityID: activity.id, config: config, channel: channel.rawValue,
                submissions: payloads)
            let (old, new) = await (before, after)
            for (index, contribution) in group.enumerated() where index < old.count && index < new.count {
                guard case .success = old[index], case .failure(let failure) = new[index] else { continue }
                guard case .rpc(let error) = failure, error.knownCode == .invalidContribution else {
                    throw failure  // the plugin could not answer: nothing can be said, and nothing is written
                }
                orphaned.append(contribution.id)
                for field in error.fieldErrors.isEmpty ? [FieldError(pointer: "", message: error.message)] : error.fieldErrors {
                    let key = field.pointer
                    reasons[key] = (field.message, (reasons[key]?.count ?? 0) + 1)
                }
            }
        }
        let changed = activity.config.changedPointers(to: config)
        return Impact(
            contributions: stored.count, contributionIDs: stored.map(\.id), orphaned: orphaned,
            reasons: reasons.keys.sorted().map { (field: $0, message: reasons[$0]!.message, count: reasons[$0]!.count) },
            changedFields: changed)
    }
}
