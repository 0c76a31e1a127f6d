import Foundation
public import StipDomain
import StipPluginHost
import StipStorage

/// The consultancy's overview: every trajectory of every workspace (or of one) in one table, sorted so that what
/// needs attention comes first (``OverviewRow/needsAttentionFirst(_:_:)``). It reads what is there: the last
/// finished cycle's verdicts and findings, the contributions waiting now, the schedule and the plugins' state.
public struct Overview: Sendable {
    let workspaces: any WorkspaceStore
    let store: any ParticipationStore
    let resolver: WorkspaceResolver
    let scheduler: CycleScheduler
    let plugins: PluginHost
    let clock: @Sendable () -> Date

    init(
        workspaces: any WorkspaceStore, store: any ParticipationStore, resolver: WorkspaceResolver, scheduler: CycleScheduler,
        plugins: PluginHost, clock: @escaping @Sendable () -> Date
    ) {
        self.workspaces = workspaces
        self.store = store
        self.resolver = resolver
        self.scheduler = scheduler
        self.plugins = plugins
        self.clock = clock
    }

    /// The rows of one workspace, or of every workspace that is not deleted.
    /// - Throws: `workspace_not_found` for an unknown `slug`.
    public func rows(workspace slug: WorkspaceSlug?) async throws(DomainError) -> [OverviewRow] {
        let now = clock()
        let schedules = try await scheduler.entries(workspace: slug)
        let nextRuns = Dictionary(schedules.map { ("\($0.workspace)/\($0.trajectory)", $0.nextRun) }, uniquingKeysWith: { a, _ in a })
        let healthy = Set(await plugins.statuses().plugins.filter { $0.state != .failed && $0.state != .disabled }.map(\.id))
        let slugs: [WorkspaceSlug]
        if let slug {
            slugs = [try await resolver.resolve(slug).slug]
        } else {
            slugs = try await translatingFailures { try await workspaces.workspaces(in: [.active, .suspended]) }.map(\.slug)
        }
        var rows: [OverviewRow] = []
        for slug in slugs {
            let workspace = try await resolver.resolve(slug)
            for summary in try await translatingFailures({ try await store.trajectories(slug) }) {
                rows.append(
                    try await row(
                        workspace, summary, nextRun: nextRuns["\(slug)/\(summary.id)"] ?? nil, healthyPlugins: healthy, now: now))
            }
        }
        return rows.sorted(by: OverviewRow.needsAttentionFirst)
    }

    private func row(
        _ workspace: ResolvedWorkspace, _ summary: TrajectorySummary, nextRun: Date?, healthyPlugins: Set<String>, now: Date
    ) async throws(DomainError) -> OverviewRow {
        let slug = workspace.slug
        let stored = try await translatingFailures { try await store.trajectory(slug, summary.id) }
        let today = workspace.today()
        let phase = stored.plan.phases.first { $0.starts <= today && today <= $0.ends }?.id
        var goals = OverviewRow.GoalCounts()
        var findings = OverviewRow.FindingCounts()
        var last: OverviewRow.LastCycle?
        let cycles = try await translatingFailures { try await store.cycles(slug, trajectory: summary.id) }
        if let newest = cycles.last(where: { $0.state == "finished" }), let finished = newest.finishedAt {
            let snapshot = try await translatingFailures { try await store.cycle(slug, trajectory: summary.id, number: newest.number) }
            for goal in snapshot.standing.goals {
                switch goal.verdict {
                case .met: goals.met += 1
                case .undecided: goals.undecided += 1
                case .notMet: goals.notMet += 1
                case .notMeasurable: goals.notMeasurable += 1
                }
            }
            for finding in snapshot.findings {
                switch finding.severity {
                case .critical: findings.critical += 1
                case .warning: findings.warning += 1
                case .info: findings.info += 1
                }
            }
            last = .init(number: newest.number, finishedAt: finished, ageDays: max(0, Int(now.timeIntervalSince(finished) / 86_400)))
        }
        // Overdue against the plan's own promise, as the responses_overdue finding counts it.
        var overdue = 0
        if let goal = stored.plan.goals.first(where: { $0.metric == "feedback.median_days_to_response" }),
            let limit = TargetExpression(goal.target).map({ Int($0.value) })
        {
            let feedback = try await translatingFailures {
                try await store.feedbackOverview(slug, trajectory: summary.id, today: today, timeZone: workspace.timeZone)
            }
            overdue = feedback.unanswered.filter { $0.waitingDays > limit }.count
        }
        let methods = Set(stored.activities.filter { !$0.archived }.map(\.method))
        return OverviewRow(
            workspace: slug.rawValue, workspaceName: workspace.workspace.name, workspaceState: workspace.state, trajectory: summary.id,
            title: summary.title, status: summary.status, currentPhase: phase, lastCycle: last, goals: goals, findings: findings,
            overdueContributions: overdue, nextRun: nextRun, failingPlugins: methods.subtracting(healthyPlugins).sorted())
    }
}
