public import StipDomain
import StipStorage

/// Codes for letters to households: one response per code for activities with `one_response_per: code`.
/// Only keyed hashes are stored; a code is shown once, when it is made.
public struct PollCodes: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// The activity the codes are for, and the codes' counts.
    public struct Counts: Sendable, Encodable {
        public var trajectory: String
        public var activity: String
        public var counts: PollCodeCounts
    }

    /// Makes `count` new codes (1 to 100 000).
    /// - Throws: `invalid_value` for a count out of range, `codes_not_used` when the activity takes one response per browser.
    public func generate(_ workspace: ResolvedWorkspace, activity id: String, trajectory: String?, count: Int, by actor: AuditActor)
        async throws(DomainError) -> (activity: StoredActivity, codes: [String])
    {
        try workspace.requireLive()
        guard (1...100_000).contains(count) else {
            throw DomainError(
                .invalidValue, "count must be from 1 to 100000",
                fieldIssues: [FieldIssue(field: "count", message: "one code per letter, at most 100000 per request")])
        }
        let activity = try await self.activity(workspace, id, trajectory: trajectory)
        guard activity.takesOneResponsePerCode else {
            throw DomainError(
                .codesNotUsed,
                "activity \(id) takes one response per \(activity.config["one_response_per"]?.stringValue ?? "browser"); set one_response_per: code in its config and apply the plan first"
            )
        }
        let codes = try await translatingFailures {
            try await store.generateCodes(workspace.slug, trajectory: activity.trajectory, activity: activity.id, count: count, by: actor)
        }
        return (activity, codes)
    }

    /// How many codes are unused, used and revoked.
    public func counts(_ workspace: ResolvedWorkspace, activity id: String, trajectory: String?) async throws(DomainError) -> Counts {
        let activity = try await self.activity(workspace, id, trajectory: trajectory)
        let counts = try await translatingFailures {
            try await store.codeCounts(workspace.slug, trajectory: activity.trajectory, activity: activity.id)
        }
        return Counts(trajectory: activity.trajectory, activity: activity.id, counts: counts)
    }

    /// Revokes the given codes, or every unused one (`codes` nil: a lost batch of letters); returns how many
    /// were revoked and the counts after.
    public func revoke(_ workspace: ResolvedWorkspace, activity id: String, trajectory: String?, codes: [String]?, by actor: AuditActor)
        async throws(DomainError) -> (revoked: Int, counts: PollCodeCounts)
    {
        try workspace.requireLive()
        let activity = try await self.activity(workspace, id, trajectory: trajectory)
        return try await translatingFailures {
            let revoked = try await store.revokeCodes(
                workspace.slug, trajectory: activity.trajectory, activity: activity.id, codes: codes, by: actor)
            return (revoked, try await store.codeCounts(workspace.slug, trajectory: activity.trajectory, activity: activity.id))
        }
    }

    func activity(_ workspace: ResolvedWorkspace, _ id: String, trajectory: String?) async throws(DomainError) -> StoredActivity {
        try await translatingFailures { try await store.activity(workspace.slug, trajectory: trajectory, id: id) }
    }
}

extension StoredActivity {
    /// `one_response_per: code` in the config: residents answer with a code from a letter (a host convention every
    /// online method shares, like `opens` and `closes`).
    public var takesOneResponsePerCode: Bool { responseLimit == .code }

    /// `one_response_per` of the config; `browser` when it says nothing the host knows.
    public var responseLimit: ResponseLimit {
        config["one_response_per"]?.stringValue.flatMap(ResponseLimit.init(rawValue:)) ?? .browser
    }
}

import StipJSON
