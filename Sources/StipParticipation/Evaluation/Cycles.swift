import CoreMetrics
public import Foundation
public import StipDomain
import StipJSON
import StipPluginHost
import StipPluginProtocol
import StipStorage
import Synchronization

/// Evaluation cycles: the one place where a cycle is run. A cycle measures a trajectory against its goals
/// (``Evaluations``), asks each activity's method plugin for its own figures and findings, draws the host's
/// findings, and freezes all of it in an immutable snapshot. Cycles are idempotent: the same trajectory, trigger
/// and planned instant is one cycle, and a cycle left unfinished by a crash is redone under its number.
public struct Cycles: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let evaluations: Evaluations
    /// Trajectories with a cycle running in this process: at most one cycle per trajectory at a time.
    let running = RunningCycles()
    /// How far each running cycle has come.
    let board = CycleProgressBoard()
    /// Trajectories whose newest cycle failed: a reason for a degraded health.
    public let failures = CycleFailures()

    init(store: any ParticipationStore, plugins: PluginHost, evaluations: Evaluations) {
        self.store = store
        self.plugins = plugins
        self.evaluations = evaluations
    }

    /// Runs (or, if it finished before, returns) the cycle of `trajectory` for `trigger` planned at `plannedAt`.
    /// - Throws: `trajectory_not_found`, `cycle_running` when another cycle of the trajectory is running.
    public func run(
        _ workspace: ResolvedWorkspace, trajectory: String, trigger: CycleTrigger, plannedAt: Date, phase: String? = nil,
        by actor: AuditActor, now: @Sendable () -> Date = Date.init
    ) async throws(DomainError) -> CycleSnapshot {
        let key = try claim(workspace, trajectory)
        defer { running.release(key) }
        switch try await open(workspace, trajectory: trajectory, trigger: trigger, plannedAt: plannedAt, phase: phase, by: actor, now: now)
        {
        case .finished(let snapshot): return snapshot
        case .started(let number, let startedAt):
            return try await complete(
                workspace, trajectory: trajectory, number: number, trigger: trigger, plannedAt: plannedAt, phase: phase,
                startedAt: startedAt, now: now)
        }
    }

    /// Starts a cycle and returns its number at once; it runs on in the background, its progress on
    /// ``progress(_:trajectory:number:)``. A daemon that stops meanwhile redoes it when it starts again.
    /// - Throws: `trajectory_not_found`, `cycle_running` when another cycle of the trajectory is running.
    public func start(
        _ workspace: ResolvedWorkspace, trajectory: String, trigger: CycleTrigger, plannedAt: Date, by actor: AuditActor,
        now: @escaping @Sendable () -> Date = Date.init
    ) async throws(DomainError) -> Int {
        let key = try claim(workspace, trajectory)
        let opened: Opened
        do {
            opened = try await open(
                workspace, trajectory: trajectory, trigger: trigger, plannedAt: plannedAt, phase: nil, by: actor, now: now)
        } catch {
            running.release(key)
            throw error
        }
        switch opened {
        case .finished(let snapshot):
            running.release(key)
            return snapshot.number
        case .started(let number, let startedAt):
            Task {
                defer { running.release(key) }
                _ = try? await complete(
                    workspace, trajectory: trajectory, number: number, trigger: trigger, plannedAt: plannedAt, phase: nil,
                    startedAt: startedAt, now: now)
            }
            return number
        }
    }

    /// How far cycle `number` of `trajectory` has come: live while it runs in this process, else from its record.
    /// - Throws: `cycle_not_found`.
    public func progress(_ workspace: ResolvedWorkspace, trajectory: String, number: Int) async throws(DomainError) -> CycleProgress {
        if let live = board.progress(of: "\(workspace.slug)/\(trajectory)", number: number) { return live }
        let cycles = try await list(workspace, trajectory: trajectory)
        // Read after the board: a cycle that finished in between is finished in its record.
        if let live = board.progress(of: "\(workspace.slug)/\(trajectory)", number: number) { return live }
        guard let cycle = cycles.first(where: { $0.number == number }) else {
            throw DomainError(
                .cycleNotFound, "trajectory \(trajectory) has no cycle \(number) (stipctl cycles \(workspace.slug)/\(trajectory))")
        }
        let stage: CycleProgress.Stage =
            switch cycle.state {
            case "finished": .finished
            case "failed": .failed
            default: .waiting
            }
        return CycleProgress(number: number, trajectory: trajectory, stage: stage, error: cycle.error)
    }

    private func claim(_ workspace: ResolvedWorkspace, _ trajectory: String) throws(DomainError) -> String {
        let key = "\(workspace.slug)/\(trajectory)"
        guard running.claim(key) else {
            throw DomainError(
                .cycleRunning, "a cycle of \(trajectory) is running; wait for it (stipctl cycles \(workspace.slug)/\(trajectory))")
        }
        return key
    }

    private enum Opened {
        case finished(CycleSnapshot)
        case started(number: Int, startedAt: Date)
    }

    private func open(
        _ workspace: ResolvedWorkspace, trajectory: String, trigger: CycleTrigger, plannedAt: Date, phase: String?, by actor: AuditActor,
        now: @Sendable () -> Date
    ) async throws(DomainError) -> Opened {
        let startedAt = now()
        let opened = try await translatingFailures {
            try await store.openCycle(
                workspace.slug, trajectory: trajectory, trigger: trigger, plannedAt: plannedAt, phase: phase, startedAt: startedAt,
                by: actor)
        }
        switch opened {
        case .finished(let snapshot): return .finished(snapshot)
        case .started(let n), .resumed(let n): return .started(number: n, startedAt: startedAt)
        }
    }

    /// Evaluates an opened cycle and stores its snapshot, or marks it failed.
    private func complete(
        _ workspace: ResolvedWorkspace, trajectory: String, number: Int, trigger: CycleTrigger, plannedAt: Date, phase: String?,
        startedAt: Date, now: @Sendable () -> Date
    ) async throws(DomainError) -> CycleSnapshot {
        let progress = board.begin(
            "\(workspace.slug)/\(trajectory)", CycleProgress(number: number, trajectory: trajectory, stage: .measuring))
        defer { board.end("\(workspace.slug)/\(trajectory)") }
        do {
            let (snapshot, states, forgetting) = try await evaluate(
                workspace, trajectory: trajectory, number: number, trigger: trigger, plannedAt: plannedAt, phase: phase,
                startedAt: startedAt, progress: progress, now: now)
            try await translatingFailures {
                try await store.finishCycle(workspace.slug, snapshot, states: states, forgetting: forgetting)
            }
            failures.finished(workspace.slug, trajectory)
            ParticipationMetrics.cycle(trigger, finished: snapshot)
            return snapshot
        } catch {
            try? await store.failCycle(workspace.slug, trajectory: trajectory, number: number, error: error.message)
            failures.failed(workspace.slug, trajectory, cycle: number, error: error.message)
            ParticipationMetrics.cycle(trigger, finished: nil)
            throw error
        }
    }

    /// The cycles of a trajectory, oldest first.
    public func list(_ workspace: ResolvedWorkspace, trajectory: String) async throws(DomainError) -> [CycleSummary] {
        try await translatingFailures { try await store.cycles(workspace.slug, trajectory: trajectory) }
    }

    /// One finished cycle's snapshot.
    public func get(_ workspace: ResolvedWorkspace, trajectory: String, number: Int) async throws(DomainError) -> CycleSnapshot {
        try await translatingFailures { try await store.cycle(workspace.slug, trajectory: trajectory, number: number) }
    }

    private func evaluate(
        _ workspace: ResolvedWorkspace, trajectory: String, number: Int, trigger: CycleTrigger, plannedAt: Date, phase: String?,
        startedAt: Date, progress: CycleProgressBoard.Entry, now: @Sendable () -> Date
    ) async throws(DomainError) -> (CycleSnapshot, states: [EvaluationState], forgetting: [String]) {
        // One reading of the trajectory's figures serves the standing and the findings.
        let measured = try await evaluations.measure(workspace, trajectory: trajectory, now: startedAt)
        let (stored, figures, overview, standing) = (measured.stored, measured.figures, measured.overview, measured.standing)
        var activities: [ActivityEvaluation] = []
        var findings: [Finding] = []
        var versions: [String: String] = [:]
        var states: [EvaluationState] = []
        var forgetting: [String] = []
        let evaluated = stored.activities.filter { !$0.archived }
        progress.update { $0.activitiesTotal = evaluated.count }
        for activity in evaluated {
            progress.update {
                $0.stage = .evaluating
                $0.activity = activity.id
                $0.method = activity.method
            }
            let outcome = await evaluateActivity(workspace, activity, number: number, progress: progress, now: now)
            progress.update {
                $0.activitiesDone += 1
                $0.activity = nil
                $0.method = nil
            }
            activities.append(outcome.evaluation)
            findings += outcome.findings
            if let version = outcome.version { versions[activity.method] = version }
            if let state = outcome.state { states.append(state) }
            if outcome.forget { forgetting.append(activity.id) }
        }
        progress.update { $0.stage = .concluding }
        var host = HostFindings(
            plan: stored.plan, standing: standing, figures: figures, waiting: overview.unanswered.map { ($0.id, $0.waitingDays) },
            reflectedPhases: Set(stored.reflections.map(\.phase)), today: workspace.today())
        // The other trajectories' snapshots are read only when a finding will name a method.
        if host.needsReachElsewhere { host.elsewhere = try await reachElsewhere(workspace, besides: trajectory) }
        findings = host.all + findings
        let previous = try await translatingFailures {
            try await store.previousCycle(workspace.slug, trajectory: trajectory, before: number)
        }
        var trends: [String: GoalTrend] = [:]
        for goal in standing.goals {
            let before = previous?.standing.goals.first { $0.id == goal.id }?.estimate?.value
            trends[goal.id] = GoalTrend(previous: before, current: goal.estimate?.value)
        }
        var snapshot = CycleSnapshot(
            number: number, trajectory: trajectory, trigger: trigger, plannedAt: plannedAt, phase: phase, startedAt: startedAt,
            finishedAt: now(),
            planRevision: stored.updatedAt, pluginVersions: versions, standing: standing, trends: trends, activities: activities,
            findings: findings, plan: stored.plan)
        var feedback = CycleFeedback(overview)
        let responses = try await translatingFailures { try await store.responses(workspace.slug, trajectory: trajectory) }
        let labels = try await translatingFailures { try await store.themeNames(workspace.slug, trajectory: trajectory) }
        feedback.add(
            responses: responses,
            themeLabels: Dictionary(
                labels.map { ($0.tag, BilingualText(nl: $0.label(in: "nl"), en: $0.label(in: "en"))) }, uniquingKeysWith: { a, _ in a }))
        snapshot.feedback = feedback
        snapshot.reflections = stored.reflections
        snapshot.goalHistory = Self.history(after: previous, goals: stored.plan.goals.map(\.id))
        snapshot.reach = figures.activityAgeBands
        return (snapshot, states, forgetting)
    }

    /// What evaluating one activity gave: its part of the snapshot, the plugin's findings and version, and the
    /// state to keep for the next cycle (or to forget, after an incremental evaluation failed).
    struct ActivityOutcome {
        var evaluation: ActivityEvaluation
        var findings: [Finding] = []
        var version: String?
        var state: EvaluationState?
        var forget = false
    }

    /// Streams one activity's counted contributions to its method plugin (`evaluate_begin`, `evaluate_batch`,
    /// `evaluate_end`, protocol §8.6). A plugin that declares `incremental_evaluation` gets the state it returned
    /// last time and only the contributions stored since, when that state can be trusted (``incrementalStart``). A
    /// plugin that is down or fails marks the activity "not evaluated" with the reason; the rest of the cycle goes on.
    private func evaluateActivity(
        _ workspace: ResolvedWorkspace, _ activity: StoredActivity, number: Int, progress: CycleProgressBoard.Entry, now: () -> Date
    ) async -> ActivityOutcome {
        var streamed = 0
        var incremental = false
        do {
            let manifest = try await plugins.manifest(of: activity.method)
            let plugin = try plugins.pinned(activity.method)
            let start = try await store.evaluationStart(workspace.slug, trajectory: activity.trajectory, activity: activity.id)
            let periodTo = now()
            let resumed = Self.incrementalStart(start, manifest: manifest, config: activity.config)
            incremental = resumed != nil
            let id = "e-\(workspace.slug)-\(activity.trajectory)-\(number)-\(activity.id)-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await plugin.call(
                PluginProtocol.Method.evaluateBegin,
                .object([
                    "evaluation_id": .string(id), "config": activity.config, "state": resumed?.state ?? .null,
                    "period": .object([
                        "from": resumed.map { .string($0.periodTo.formatted(.iso8601)) } ?? .null,
                        "to": .string(periodTo.formatted(.iso8601)),
                    ]),
                ]))
            let size = max(1, min(manifest.capabilities.maxBatchSize ?? 500, 5000))
            var after = resumed?.lastRowid ?? 0
            while after < start.lastRowid {
                let batch = try await store.evaluationBatch(
                    workspace.slug, trajectory: activity.trajectory, activity: activity.id, after: after, through: start.lastRowid,
                    limit: size)
                if batch.items.isEmpty { break }
                _ = try await plugin.call(
                    PluginProtocol.Method.evaluateBatch, .object(["evaluation_id": .string(id), "contributions": .array(batch.items)]))
                streamed += batch.items.count
                progress.update { [count = batch.items.count] in $0.streamed += count }
                after = batch.last
            }
            let result = try await plugin.call(PluginProtocol.Method.evaluateEnd, .object(["evaluation_id": .string(id)]))
            // Only declared metrics are kept; the rest would be figures nobody defined.
            let declared = Set(manifest.metrics.map(\.id))
            let metrics = (result["metrics"]?.elements ?? []).filter { $0["id"]?.stringValue.map(declared.contains) == true }
            var outcome = ActivityOutcome(
                evaluation: ActivityEvaluation(
                    id: activity.id, method: activity.method, evaluated: true, reason: nil, contributions: streamed,
                    sinceCycle: resumed?.cycle, metrics: metrics),
                findings: (result["findings"]?.elements ?? []).compactMap { Self.finding($0, from: activity.id) },
                version: manifest.version)
            if manifest.capabilities.incrementalEvaluation, let state = result["state"], state != .null,
                state.jsonText.utf8.count <= Self.maximumStateBytes
            {
                outcome.state = EvaluationState(
                    activity: activity.id, pluginVersion: manifest.version, config: activity.config, generation: start.generation,
                    lastRowid: start.lastRowid, periodTo: periodTo, cycle: number, state: state)
            } else {
                // No state (or one too large to keep): the next cycle starts from scratch.
                outcome.forget = true
            }
            return outcome
        } catch {
            return ActivityOutcome(
                evaluation: ActivityEvaluation(
                    id: activity.id, method: activity.method, evaluated: false, reason: "\(error)", contributions: streamed, metrics: []),
                forget: incremental)
        }
    }

    /// The largest plugin state kept (protocol §8.6 asks for at most 1 MiB).
    static let maximumStateBytes = 1 << 20

    /// The saved state to go on from, when the plugin evaluates incrementally and the state is one the host can
    /// trust: made by this plugin version, under this config, and with no contribution it covers changed since
    /// (the activity's generation is the same). Otherwise `nil`: the plugin starts from scratch with everything.
    static func incrementalStart(_ start: EvaluationStart, manifest: PluginManifest, config: JSONValue) -> EvaluationState? {
        guard manifest.capabilities.incrementalEvaluation, let saved = start.saved, saved.pluginVersion == manifest.version,
            saved.config == config, saved.generation == start.generation, saved.lastRowid <= start.lastRowid
        else { return nil }
        return saved
    }

    /// What the workspace's other trajectories reached per activity and age band, from their latest finished
    /// cycles (aggregates kept in the snapshots: no participant is read again).
    private func reachElsewhere(_ workspace: ResolvedWorkspace, besides trajectory: String) async throws(DomainError) -> [(
        trajectory: String, method: String, reach: TrajectoryFigures.ActivityAgeBand
    )] {
        var found: [(trajectory: String, method: String, reach: TrajectoryFigures.ActivityAgeBand)] = []
        for other in try await translatingFailures({ try await store.trajectories(workspace.slug) }) where other.id != trajectory {
            let cycles = try await translatingFailures { try await store.cycles(workspace.slug, trajectory: other.id) }
            guard let newest = cycles.last(where: { $0.state == "finished" }) else { continue }
            let snapshot = try await translatingFailures {
                try await store.cycle(workspace.slug, trajectory: other.id, number: newest.number)
            }
            for row in snapshot.reach ?? [] {
                if let method = snapshot.plan?.activities.first(where: { $0.id == row.activity })?.method {
                    found.append((other.id, method, row))
                }
            }
        }
        return found
    }

    /// Each goal's figures in the finished cycles before this one: the previous cycle's history and its own figure.
    static func history(after previous: CycleSnapshot?, goals: [String]) -> [String: [GoalPoint]] {
        guard let previous else { return [:] }
        var history: [String: [GoalPoint]] = [:]
        for goal in goals {
            let earlier = previous.goalHistory?[goal] ?? []
            let value = previous.standing.goals.first { $0.id == goal }?.estimate?.value
            history[goal] = earlier + [GoalPoint(cycle: previous.number, finishedAt: previous.finishedAt, value: value)]
        }
        return history
    }

    /// A plugin's finding (§8.6) as the host keeps it; one without an id, severity or message is left out.
    static func finding(_ value: JSONValue, from activity: String) -> Finding? {
        guard let code = value["id"]?.stringValue, let severity = value["severity"]?.stringValue.flatMap(Finding.Severity.init),
            let nl = value["message"]?["nl"]?.stringValue, let en = value["message"]?["en"]?.stringValue
        else { return nil }
        let recommendation = value["recommendation"].flatMap { text -> LocalizedText? in
            guard let nl = text["nl"]?.stringValue, let en = text["en"]?.stringValue else { return nil }
            return LocalizedText(nl: nl, en: en)
        }
        return Finding(
            code: code, severity: severity, source: activity, parameters: [:], evidence: "", message: LocalizedText(nl: nl, en: en),
            recommendation: recommendation)
    }
}

/// The trajectories with a cycle running in this process.
final class RunningCycles: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Claims `key`; `false` when it is claimed already.
    func claim(_ key: String) -> Bool { keys.withLock { $0.insert(key).inserted } }

    func release(_ key: String) { _ = keys.withLock { $0.remove(key) } }
}
