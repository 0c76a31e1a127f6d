#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import StipDomain
import StipParticipation
import StipPluginHost
import StipResidentSite
import StipStorage

/// Assembles and runs the daemon: one `ServiceGroup`, services in dependency order.
public enum Daemon {
    /// Runs until SIGTERM/SIGINT.
    /// - Parameters:
    ///   - settings: the resolved configuration.
    ///   - overrides: kept so that a SIGHUP reload applies them again.
    /// - Throws: ``StartupError`` when it refuses to start.
    public static func run(settings: DaemonSettings, overrides: CommandLineOverrides) async throws {
        // A plugin or client that goes away must not kill the daemon through a write to its pipe.
        signal(SIGPIPE, SIG_IGN)
        // Databases, archives and the socket are private until given wider modes on purpose.
        umask(0o077)

        var logger = Logger(label: "stipd")
        logger[metadataKey: "pid"] = "\(getpid())"
        // The metrics backend before any service makes its counters (they bind to it when made).
        _ = MetricsBackend.registry
        ParticipationMetrics.workspaceLabels = settings.metricsWorkspaceLabels

        let directory = DataDirectory(root: settings.dataDirectory)
        do {
            try FileManager.default.createDirectory(
                at: directory.root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StartupError(
                "cannot create the data directory \(directory.root.path): \(error.localizedDescription); check its parent's permissions or choose another with --data-dir"
            )
        }
        let lock = try DataDirectoryLock(url: directory.lockURL)
        let store: SQLiteWorkspaceStore
        do {
            store = try SQLiteWorkspaceStore(directory: directory, maxOpenWorkspaces: settings.maxOpenWorkspaces)
        } catch {
            throw StartupError(error.message)
        }
        try AdminSocketPreparation.prepare(path: settings.socketPath)
        let signer: PublicSigner
        do {
            signer = try PublicSigner.loadOrCreate(at: directory.publicKeyURL)
        } catch {
            throw StartupError(
                "cannot read or create \(directory.publicKeyURL.path): \(error.localizedDescription); check the data directory's permissions"
            )
        }

        let runtime = RuntimeState(settings)
        let gate = StartupGate()
        let plugins = PluginHost(directories: settings.pluginDirectories, logger: logger)
        let participation = Participation(
            store: store, plugins: plugins, validationWait: settings.publicPages.validationWait,
            maxConcurrentCycles: settings.maxConcurrentCycles, schedulerInterval: settings.schedulerInterval,
            pendingLimit: settings.pendingValidationLimit, logger: logger)
        let scrape = MetricsScrape(participation: participation, dataDirectory: directory, started: .now)
        var seedDemo = false
        if settings.demoEnabled {
            seedDemo = await DemoSeed.createIfCatalogEmpty(participation: participation, logger: logger)
        }
        // Started in this order, stopped in reverse: the admin API drains first, plugins stop
        // before storage closes, storage closes last.
        var services: [any Service] = [
            StorageService(store: store, logger: logger),
            plugins,
            TrashPurgeService(store: store, runtime: runtime, clock: ContinuousClock(), logger: logger),
            participation.pending,
            participation.retention,
            participation.scheduler,
            ReloadService(runtime: runtime, overrides: overrides, store: store, plugins: plugins, logger: logger),
            PublicServerService(settings: settings, participation: participation, signer: signer, gate: gate, logger: logger),
            AdminServerService(settings: settings, participation: participation, scrape: scrape, gate: gate, logger: logger),
        ]
        if let listen = settings.metricsListen {
            services.append(MetricsServerService(listen: listen, scrape: scrape, gate: gate, logger: logger))
        }
        var configurations = services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        if seedDemo {
            let demo = DemoService(
                plugins: plugins, participation: participation, plan: settings.demoPlan, population: settings.demoPopulation,
                populationYear: settings.demoPopulationYear, gate: gate, logger: logger)
            // It ends when the demo is seeded; the daemon goes on.
            configurations.append(.init(service: demo, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore))
        } else {
            gate.open()
        }
        let group = ServiceGroup(
            configuration: .init(services: configurations, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.notice(
            "stipd \(StipVersion.current) starting",
            metadata: ["data_dir": "\(directory.root.path)", "config": "\(settings.configFile?.path ?? "embedded defaults")"])
        try await group.run()
        withExtendedLifetime(lock) {}
        logger.notice("stipd stopped")
    }
}
