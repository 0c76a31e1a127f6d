import Foundation
public import StipDomain
import StipConfig
import StipStorage

/// Trajectories of a workspace: plans applied, read back (as JSON or YAML), their status and the phase reflections.
public struct Trajectories: Sendable {
    let store: any ParticipationStore
    let applier: PlanApplier

    init(store: any ParticipationStore, applier: PlanApplier) {
        self.store = store
        self.applier = applier
    }

    /// Applies every plan in `text` (each names its workspace), or with `dryRun` only checks them.
    /// - Throws: `invalid_plan` with every problem positioned in the YAML; `activity_has_contributions`.
    public func apply(_ text: String, file: String?, options: PlanApplier.Options, by actor: AuditActor) async throws(DomainError)
        -> ApplyReport
    {
        try await translatingFailures {
            do {
                return try await applier.apply(text, file: file, options: options, by: actor)
            } catch let rejected as PlanRejected {
                throw DomainError(
                    .invalidPlan,
                    "\(rejected.problems.count) problem\(rejected.problems.count == 1 ? "" : "s") in the plan; nothing was applied",
                    fieldIssues: rejected.problems.map {
                        FieldIssue(field: $0.path, message: $0.message, file: $0.file, line: $0.line, column: $0.column)
                    })
            }
        }
    }

    /// The workspace's trajectories, one line each.
    public func list(_ workspace: ResolvedWorkspace) async throws(DomainError) -> [TrajectorySummary] {
        try await translatingFailures { try await store.trajectories(workspace.slug) }
    }

    /// One trajectory as stored.
    /// - Throws: `trajectory_not_found`.
    public func get(_ workspace: ResolvedWorkspace, _ id: String) async throws(DomainError) -> StoredTrajectory {
        try await translatingFailures { try await store.trajectory(workspace.slug, id) }
    }

    /// The plan as applied, as a YAML document that applies again unchanged.
    public func planYAML(_ workspace: ResolvedWorkspace, _ id: String) async throws(DomainError) -> String {
        let stored = try await get(workspace, id)
        return try await translatingFailures {
            "# Trajectory \(workspace.slug)/\(id) as applied. `status` is read-only here: change it with `stipctl trajectory status`.\n"
                + (try YAMLEncoder().encode(stored.plan))
        }
    }

    /// Sets draft, active or closed.
    public func setStatus(_ workspace: ResolvedWorkspace, _ id: String, _ status: TrajectoryStatus, by actor: AuditActor)
        async throws(DomainError) -> StoredTrajectory
    {
        try workspace.requireLive()
        return try await translatingFailures { try await store.setTrajectoryStatus(workspace.slug, id, status, by: actor) }
    }

    /// Records "what went well, what do we change" for one phase.
    /// - Throws: `invalid_reference` when the plan has no such phase.
    public func reflect(
        _ workspace: ResolvedWorkspace, _ id: String, phase: String, wentWell: String, toChange: String, by actor: AuditActor
    ) async throws(DomainError) -> StoredTrajectory {
        try workspace.requireLive()
        let reflection = PhaseReflection(phase: phase, wentWell: wentWell, toChange: toChange, updatedAt: Date())
        return try await translatingFailures { try await store.setReflection(workspace.slug, id, reflection, by: actor) }
    }
}
