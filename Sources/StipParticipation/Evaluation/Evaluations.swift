public import StipDomain
public import Foundation
import StipStorage

/// Where a trajectory stands against its goals ("stand van zaken"): its host metrics computed now from the
/// workspace's data (docs/metrics.md), each goal judged with the uncertainty of its figure.
public struct Evaluations: Sendable {
    let store: any ParticipationStore
    let feedback: Feedback

    init(store: any ParticipationStore, feedback: Feedback) {
        self.store = store
        self.feedback = feedback
    }

    /// The standing of a trajectory now, without storing it.
    /// - Throws: `trajectory_not_found`.
    public func standing(_ workspace: ResolvedWorkspace, trajectory: String, now: Date = Date()) async throws(DomainError) -> Standing {
        try await measure(workspace, trajectory: trajectory, now: now).standing
    }

    /// What a standing is computed from, kept for a cycle's findings so that nothing is read twice.
    struct Measurement {
        var stored: StoredTrajectory
        var figures: TrajectoryFigures
        var overview: FeedbackOverview
        var standing: Standing
    }

    /// Reads the trajectory's figures once and computes its standing.
    func measure(_ workspace: ResolvedWorkspace, trajectory: String, now: Date) async throws(DomainError) -> Measurement {
        let stored = try await translatingFailures { try await store.trajectory(workspace.slug, trajectory) }
        let plan = stored.plan
        let targeted = plan.activities.filter { $0.access == .targeted }.map(\.id)
        let figures = try await translatingFailures {
            try await store.trajectoryFigures(workspace.slug, trajectory: trajectory, targetedActivities: targeted)
        }
        let overview = try await feedback.overview(workspace, trajectory: trajectory)
        // The newest figures; a workspace without any is measured without representation.
        let population: PopulationTable?
        do {
            population = try await store.population(workspace.slug, year: nil)
        } catch let error as StorageError where error.code == .populationNotFound {
            population = nil
        } catch {
            population = try await translatingFailures { throw error }
        }
        let standing = Standing(
            plan: plan, figures: figures, respondedShare: overview.respondedShare, medianDaysToResponse: overview.medianDaysToResponse,
            population: population, at: now)
        return Measurement(stored: stored, figures: figures, overview: overview, standing: standing)
    }
}
