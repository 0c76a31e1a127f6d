public import Foundation
public import Logging
public import StipPluginHost
public import StipStorage

/// The use cases of Stip, wired to one store and one plugin host: the only door from the HTTP layers into
/// storage and plugins. Each use case takes a ``ResolvedWorkspace`` (resolved once per request by
/// ``WorkspaceResolver``) and throws only `DomainError`.
public struct Participation: Sendable {
    /// The one place where a workspace named in a request is resolved.
    public let resolver: WorkspaceResolver
    public let workspaces: WorkspaceAdministration
    /// A municipality's accent colour and logo on the resident pages.
    public let branding: WorkspaceBranding
    public let methods: MethodPlugins
    public let trajectories: Trajectories
    public let contributions: Contributions
    public let feedback: Feedback
    /// Where a trajectory stands against its goals.
    public let evaluations: Evaluations
    /// Evaluation cycles: run, listed, read.
    public let cycles: Cycles
    /// A trajectory's themes: listed, renamed, merged.
    public let themes: Themes
    public let participants: Participants
    public let population: Population
    public let pollCodes: PollCodes
    public let residents: ResidentPages
    /// Validates contributions kept while their plugin was away (a service of the daemon).
    public let pending: PendingValidator
    /// Applies each workspace's retention period daily (a service of the daemon).
    public let retention: RetentionService
    /// Runs evaluation cycles on schedule and at phase ends (a service of the daemon).
    public let scheduler: CycleScheduler
    /// The consultancy's overview of every workspace and trajectory.
    public let overview: Overview
    /// Reports of a cycle for the college, the council and residents.
    public let reports: Reports
    /// Whether the node does its work: plugins, cycles, validations (`GET /v1/health`).
    public let health: NodeHealth

    /// Wires everything over `store` (which is both the catalog and the workspace store) and `plugins`.
    public init(
        store: some WorkspaceStore & ParticipationStore, plugins: PluginHost, pendingInterval: Duration = .seconds(10),
        validationWait: Duration = .seconds(2), maxConcurrentCycles: Int = 2, schedulerInterval: Duration = .seconds(20),
        pendingLimit: Duration = .seconds(3600), clock: @escaping @Sendable () -> Date = Date.init, logger: Logger
    ) {
        let resolver = WorkspaceResolver(store: store)
        let pending = PendingValidator(workspaces: store, store: store, plugins: plugins, interval: pendingInterval, logger: logger)
        let methods = MethodPlugins(store: store, plugins: plugins, pending: pending)
        let feedback = Feedback(store: store)
        self.resolver = resolver
        self.pending = pending
        self.methods = methods
        self.feedback = feedback
        let evaluations = Evaluations(store: store, feedback: feedback)
        self.evaluations = evaluations
        let cycles = Cycles(store: store, plugins: plugins, evaluations: evaluations)
        self.cycles = cycles
        self.scheduler = CycleScheduler(
            workspaces: store, store: store, resolver: resolver, cycles: cycles, maxConcurrent: maxConcurrentCycles,
            every: schedulerInterval,
            clock: clock, logger: logger)
        self.overview = Overview(
            workspaces: store, store: store, resolver: resolver, scheduler: scheduler, plugins: plugins, clock: clock)
        self.reports = Reports(store: store)
        self.health = NodeHealth(methods: methods, cycles: cycles, pending: pending, store: store, pendingLimit: pendingLimit)
        self.themes = Themes(store: store)
        self.workspaces = WorkspaceAdministration(store: store, resolver: resolver, pending: pending)
        self.branding = WorkspaceBranding(store: store)
        self.trajectories = Trajectories(
            store: store, applier: PlanApplier(resolver: resolver, store: store, plugins: plugins, logger: logger))
        self.contributions = Contributions(
            store: store, intake: ContributionIntake(store: store, plugins: plugins, pending: pending, logger: logger),
            importer: ContributionImport(store: store, plugins: plugins, logger: logger),
            exporter: ContributionExport(store: store, plugins: plugins), pending: pending)
        self.participants = Participants(store: store)
        self.population = Population(store: store)
        self.pollCodes = PollCodes(store: store)
        self.residents = ResidentPages(
            store: store, plugins: plugins, methods: methods, feedback: feedback,
            responses: PublicResponses(
                store: store, plugins: plugins, committer: ResponseCommitter(store: store), pending: pending, logger: logger,
                validationWait: validationWait))
        self.retention = RetentionService(workspaces: store, store: store, logger: logger)
    }
}
