public import Logging
public import StipPluginHost
public import StipStorage

/// The use cases of a workspace's participation work, wired to one store and one plugin host.
public struct ParticipationServices: Sendable {
    public let store: any ParticipationStore
    public let applier: PlanApplier
    public let intake: ContributionIntake
    public let importer: ContributionImport
    public let pending: PendingValidator
    public let publicResponses: PublicResponses

    /// Wires everything over `store` (which is both the catalog and the workspace store) and `plugins`.
    public init(
        store: some WorkspaceStore & ParticipationStore, plugins: PluginHost, pendingInterval: Duration = .seconds(10), logger: Logger
    ) {
        self.store = store
        self.applier = PlanApplier(workspaces: store, store: store, plugins: plugins, logger: logger)
        self.pending = PendingValidator(workspaces: store, store: store, plugins: plugins, interval: pendingInterval, logger: logger)
        self.intake = ContributionIntake(store: store, plugins: plugins, pending: pending, logger: logger)
        self.importer = ContributionImport(store: store, plugins: plugins, logger: logger)
        self.publicResponses = PublicResponses(
            store: store, plugins: plugins, committer: ResponseCommitter(store: store), pending: pending, logger: logger)
    }
}
