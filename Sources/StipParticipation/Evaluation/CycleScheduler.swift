public import Foundation
import Logging
public import ServiceLifecycle
public import StipDomain
import StipVocabulary
import Synchronization
import StipScheduler
import StipStorage

/// Runs evaluation cycles on time: each active trajectory of each active workspace on its plan's
/// `evaluation.schedule` (in the workspace's time zone, with its `catch_up` policy), and once for each phase
/// whose end date passes. At most `maxConcurrent` cycles run at once across all workspaces, taken from the
/// workspaces in turn so that one municipality with many trajectories does not hold up the others.
/// Closed and draft trajectories and suspended workspaces are not evaluated on schedule.
public struct CycleScheduler: Service {
    let workspaces: any WorkspaceStore
    let store: any ParticipationStore
    let resolver: WorkspaceResolver
    let cycles: Cycles
    let maxConcurrent: Int
    let every: Duration
    let clock: @Sendable () -> Date
    let logger: Logger
    /// Set once the first look has been taken: cycles found `running` then were left by a stopped daemon.
    let firstLookTaken = FirstLook()
    /// The oldest due run still waiting for a slot (the scheduler's lag, for the metrics).
    public let waiting = WaitingRuns()

    /// - Parameters:
    ///   - every: how often it looks for due runs; a run is at most this late (plus the time the cycles before it take).
    ///   - clock: now; tests give their own.
    init(
        workspaces: any WorkspaceStore, store: any ParticipationStore, resolver: WorkspaceResolver, cycles: Cycles, maxConcurrent: Int,
        every: Duration, clock: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.workspaces = workspaces
        self.store = store
        self.resolver = resolver
        self.cycles = cycles
        self.maxConcurrent = max(1, maxConcurrent)
        self.every = every
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await tick()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
            } catch {
                return
            }
        }
    }

    /// One cycle to run: what, and for which planned instant.
    struct Job: Sendable {
        var slug: WorkspaceSlug
        var trajectory: String
        var trigger: CycleTrigger
        var plannedAt: Date
        var phase: String?
    }

    /// Finds what is due now and runs it.
    public func tick() async {
        let now = clock()
        var perWorkspace: [[Job]] = []
        let active: [Workspace]
        do {
            active = try await workspaces.workspaces(in: [.active])
        } catch {
            logger.error("scheduler: cannot list workspaces: \(error)")
            return
        }
        let resuming = firstLookTaken.take()
        for workspace in active {
            do {
                // A cycle the daemon was in when it stopped is redone first, under its number: never two.
                let left = resuming ? try await store.unfinishedCycles(workspace.slug) : []
                let redo = left.map {
                    Job(slug: workspace.slug, trajectory: $0.trajectory, trigger: $0.trigger, plannedAt: $0.plannedAt, phase: $0.phase)
                }
                if !redo.isEmpty { logger.notice("scheduler: \(workspace.slug): redoing \(redo.count) cycle(s) left unfinished") }
                perWorkspace.append(redo + (try await dueJobs(workspace, now: now)))
            } catch {
                logger.error("scheduler: \(workspace.slug): \(error)")
            }
        }
        await runFairly(perWorkspace)
    }

    func dueJobs(_ workspace: Workspace, now: Date) async throws -> [Job] {
        let resolved = try await resolver.resolve(workspace.slug)
        var jobs: [Job] = []
        for summary in try await store.trajectories(workspace.slug) where summary.status == .active {
            let stored = try await store.trajectory(workspace.slug, summary.id)
            let previous = try await store.scheduleState(workspace.slug, trajectory: summary.id)
            var state = previous ?? ScheduleState(expression: "", lastPlannedAt: nil, nextPlannedAt: nil, phasesUntil: now)
            if let evaluation = stored.plan.evaluation, let expression = try? CronExpression(evaluation.schedule) {
                let policy = CatchUp(rawValue: evaluation.catchUp.rawValue) ?? .latest
                // A schedule seen for the first time owes nothing from before.
                let runs = DueRuns(
                    expression, in: resolved.timeZone, last: previous?.expression == "" ? nil : state.lastPlannedAt, now: now,
                    catchUp: policy)
                jobs += runs.due.map { Job(slug: workspace.slug, trajectory: summary.id, trigger: .schedule, plannedAt: $0) }
                state.expression = evaluation.schedule
                state.lastPlannedAt = runs.dealtWithUntil
                state.nextPlannedAt = runs.next
            } else {
                state.expression = ""
                state.nextPlannedAt = nil
            }
            // "Reflect and evaluate every step": the day after a phase's last day, once.
            let since = state.phasesUntil ?? now
            for phase in stored.plan.phases {
                let end = Self.dayAfter(phase.ends, in: resolved.timeZone)
                if end > since && end <= now {
                    jobs.append(Job(slug: workspace.slug, trajectory: summary.id, trigger: .phaseEnd, plannedAt: end, phase: phase.id))
                }
            }
            state.phasesUntil = now
            if state != previous { try await store.saveScheduleState(workspace.slug, trajectory: summary.id, state) }
        }
        return jobs
    }

    /// Every trajectory's schedule: expression, time zone, last and next run, the newest cycle's lag. Of one
    /// workspace, or of all that are not deleted.
    public func entries(workspace slug: WorkspaceSlug?) async throws(DomainError) -> [ScheduleEntry] {
        let listed: [WorkspaceSlug]
        if let slug {
            listed = [try await resolver.resolve(slug).slug]
        } else {
            listed = try await translatingFailures { try await workspaces.workspaces(in: [.active, .suspended]) }.map(\.slug)
        }
        var entries: [ScheduleEntry] = []
        for slug in listed {
            let workspace = try await resolver.resolve(slug)
            let trajectories = try await translatingFailures { try await store.trajectories(slug) }
            for summary in trajectories {
                let stored = try await translatingFailures { try await store.trajectory(slug, summary.id) }
                let state = try await translatingFailures { try await store.scheduleState(slug, trajectory: summary.id) }
                let cycles = try await translatingFailures { try await store.cycles(slug, trajectory: summary.id) }
                let evaluation = stored.plan.evaluation
                var next = state?.nextPlannedAt
                if summary.status != .active || workspace.workspace.state != .active {
                    next = nil
                } else if next == nil, let text = evaluation?.schedule, let expression = try? CronExpression(text) {
                    next = expression.nextRun(after: clock(), in: workspace.timeZone)
                }
                let newest = cycles.last { $0.state == "finished" }
                entries.append(
                    ScheduleEntry(
                        workspace: slug.rawValue, trajectory: summary.id, status: summary.status, schedule: evaluation?.schedule,
                        timezone: workspace.timeZone.identifier, catchUp: evaluation?.catchUp,
                        lastRun: state?.expression.isEmpty == false ? state?.lastPlannedAt : nil, nextRun: next,
                        lastLagSeconds: newest.map { max(0, $0.startedAt.timeIntervalSince($0.plannedAt)) }, cycles: cycles.count))
            }
        }
        return entries
    }

    /// The instant the day after `day` begins in `zone` (its midnight, or the first instant after it on a day
    /// that skips midnight).
    static func dayAfter(_ day: LocalDate, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date()
        return calendar.startOfDay(for: calendar.date(byAdding: .day, value: 1, to: start) ?? start)
    }

    /// Runs the jobs at most `maxConcurrent` at a time, one workspace's next job after another's.
    func runFairly(_ perWorkspace: [[Job]]) async {
        var queue: [Job] = []
        let longest = perWorkspace.map(\.count).max() ?? 0
        for index in 0..<longest {
            for jobs in perWorkspace where index < jobs.count { queue.append(jobs[index]) }
        }
        guard !queue.isEmpty else { return }
        // The oldest planned instant from each job to the end of the queue, so each start updates the lag in O(1).
        var oldestFrom = queue.map(\.plannedAt) + [.distantFuture]
        for index in stride(from: queue.count - 1, through: 0, by: -1) { oldestFrom[index] = min(oldestFrom[index], oldestFrom[index + 1]) }
        await withTaskGroup(of: Void.self) { group in
            var started = 0
            for (index, job) in queue.enumerated() {
                waiting.set(oldestFrom[index])
                if started >= maxConcurrent { await group.next() }
                waiting.set(index + 1 < queue.count ? oldestFrom[index + 1] : nil)
                group.addTask { await self.run(job) }
                started += 1
            }
        }
    }

    func run(_ job: Job) async {
        do {
            let workspace = try await resolver.resolve(job.slug)
            let snapshot = try await cycles.run(
                workspace, trajectory: job.trajectory, trigger: job.trigger, plannedAt: job.plannedAt, phase: job.phase, by: .daemon,
                now: clock)
            logger.info(
                "scheduler: \(job.slug)/\(job.trajectory) cycle \(snapshot.number) (\(job.trigger.rawValue)) finished, lag \(Int(snapshot.lagSeconds)) s"
            )
        } catch {
            logger.error("scheduler: \(job.slug)/\(job.trajectory) \(job.trigger.rawValue) cycle failed: \(error)")
        }
    }
}

/// The planned instant of the oldest due run that has not started: how far the scheduler is behind.
public final class WaitingRuns: Sendable {
    private let oldest = Mutex<Date?>(nil)

    /// `nil` when nothing waits.
    public var oldestPlannedAt: Date? { oldest.withLock { $0 } }

    func set(_ date: Date?) { oldest.withLock { $0 = date } }
}

/// Whether the scheduler has looked once since the process started.
final class FirstLook: Sendable {
    private let taken = Mutex(false)

    /// `true` the first time only.
    func take() -> Bool {
        taken.withLock { was in
            defer { was = true }; return !was
        }
    }
}
