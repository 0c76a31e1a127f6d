public import StipPluginDefinition
public import Foundation
public import Logging
public import ServiceLifecycle
public import StipDomain
public import StipPluginProtocol
import Synchronization
public import StipJSON

/// The supervised plugin host: discovers plugins, starts them on first use (or eagerly), and
/// keeps one supervised process per plugin shared by all workspaces.
///
/// It is a `Service`: every plugin process runs inside its `run()`, so stopping the service
/// stops every plugin (shutdown, exit, grace, SIGTERM, SIGKILL) and leaves no child behind.
public final class PluginHost: Service, Sendable {
    private let logger: Logger
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let jobInput: AsyncStream<@Sendable () async -> Void>.Continuation
    private let state = Mutex<State>(State())

    private struct State {
        var directories: [URL] = []
        var supervisors: [String: PluginPool] = [:]
        var definitions: [String: PluginDefinition] = [:]
        var rejected: [RejectedPlugin] = []
        /// Plugins added with `install`, which a rescan leaves alone.
        var pinned: Set<String> = []
    }

    /// Creates a host that will look in `directories` (scanned when `run()` starts and on `reload`).
    public init(directories: [URL], logger: Logger) {
        var logger = logger
        logger[metadataKey: "component"] = "plugins"
        self.logger = logger
        (jobs, jobInput) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
        state.withLock { $0.directories = directories }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { _ = await self.reload() }
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask { await job() }
            }
            await stopAll()
            // What is left are ping loops and backoff timers sleeping: do not wait for them.
            group.cancelAll()
        }
    }

    /// Hands long-running work to `run()`'s task group, so it ends with the service.
    private func spawn(_ job: @escaping @Sendable () async -> Void) {
        jobInput.yield(job)
    }

    // MARK: - Admin operations

    /// Changes the directories (SIGHUP) — takes effect on the next reload.
    public func setDirectories(_ directories: [URL]) {
        state.withLock { $0.directories = directories }
    }

    /// Rescans: new plugins appear, removed ones stop after their in-flight requests, changed ones restart, failed ones get another chance.
    @discardableResult
    public func reload() async -> PluginReloadReport {
        let directories = state.withLock { $0.directories }
        let found = PluginDiscovery.scan(directories)
        var report = PluginReloadReport()
        report.rejected = found.rejected
        let (current, definitions, pinned) = state.withLock { ($0.supervisors, $0.definitions, $0.pinned) }
        var next: [String: PluginPool] = current.filter { pinned.contains($0.key) }
        for (id, supervisor) in current where found.plugins[id] == nil && !pinned.contains(id) {
            report.removed.append(id)
            await supervisor.stop()
        }
        for (id, definition) in found.plugins where !pinned.contains(id) {
            if let supervisor = current[id], supervisor.count == max(1, definition.instances) {
                let status = await supervisor.status()
                if definitions[id] != definition || status.state == .failed {
                    report.restarted.append(id)
                    await supervisor.reset(with: definition)
                } else {
                    report.unchanged.append(id)
                }
                next[id] = supervisor
            } else {
                if let replaced = current[id] {
                    await replaced.stop()
                    report.restarted.append(id)
                } else {
                    report.added.append(id)
                }
                let supervisor = PluginPool(definition: definition, logger: logger) { [weak self] job in self?.spawn(job) }
                next[id] = supervisor
                if definition.eagerStart { await supervisor.start() }
            }
        }
        for rejected in found.rejected {
            logger.error("plugin manifest \(rejected.manifest) skipped: \(rejected.reason)")
        }
        state.withLock {
            $0.supervisors = next
            $0.definitions = found.plugins.merging($0.definitions.filter { pinned.contains($0.key) }) { $1 }
            $0.rejected = found.rejected
        }
        report.added.sort()
        report.removed.sort()
        report.restarted.sort()
        report.unchanged.sort()
        logger.notice(
            "plugins scanned: \(found.plugins.count) usable, \(found.rejected.count) rejected",
            metadata: [
                "added": "\(report.added.joined(separator: ","))", "removed": "\(report.removed.joined(separator: ","))",
                "restarted": "\(report.restarted.joined(separator: ","))",
            ])
        return report
    }

    /// Adds one plugin directly, without scanning (the conformance check runs a single plugin).
    public func install(_ definition: PluginDefinition) {
        let supervisor = PluginPool(definition: definition, logger: logger) { [weak self] job in self?.spawn(job) }
        state.withLock {
            $0.supervisors[definition.id] = supervisor
            $0.definitions[definition.id] = definition
            $0.pinned.insert(definition.id)
        }
    }

    /// Stops and starts one plugin, closing its circuit.
    public func restart(_ id: String) async throws(PluginCallError) {
        guard let (supervisor, definition) = state.withLock({ s in s.supervisors[id].map { ($0, s.definitions[id]!) } }) else {
            throw .unavailable(plugin: id, reason: "no plugin with this id; see `stipctl plugin list`")
        }
        await supervisor.reset(with: definition)
        await supervisor.start()
    }

    /// Every plugin's status, then the rejected manifests.
    public func statuses() async -> (plugins: [PluginStatus], rejected: [RejectedPlugin]) {
        let (supervisors, rejected) = state.withLock { ($0.supervisors, $0.rejected) }
        var result: [PluginStatus] = []
        for id in supervisors.keys.sorted() { result.append(await supervisors[id]!.status()) }
        return (result, rejected)
    }

    /// The ids of the plugins found.
    public var pluginIDs: Set<String> { state.withLock { Set($0.supervisors.keys) } }

    /// Calls a method on a plugin, starting it if needed.
    /// - Throws: ``PluginCallError``.
    public func call(_ pluginID: String, _ method: String, _ params: JSONValue, timeout: Duration? = nil) async throws -> JSONValue {
        try await supervisor(pluginID).call(method, params, timeout: timeout)
    }

    /// The manifest a plugin sent in its handshake.
    public func manifest(of pluginID: String) async throws -> PluginManifest {
        try await supervisor(pluginID).currentManifest()
    }

    /// Sends raw bytes to a running plugin (the conformance check's malformed lines).
    func writeRaw(_ pluginID: String, _ bytes: [UInt8]) async throws {
        try await supervisor(pluginID).readyProcess().writeRaw(bytes)
    }

    /// Sends a notification to a running plugin.
    func notify(_ pluginID: String, _ method: String, _ params: JSONValue) async throws {
        try await supervisor(pluginID).readyProcess().notify(method, params)
    }

    func supervisor(_ id: String) throws(PluginCallError) -> PluginPool {
        guard let supervisor = state.withLock({ $0.supervisors[id] }) else {
            throw .unavailable(plugin: id, reason: "no plugin with this id is installed; see `stipctl plugin list`")
        }
        return supervisor
    }

    /// Stops every plugin (graceful shutdown of the daemon).
    public func stopAll() async {
        let supervisors = state.withLock { Array($0.supervisors.values) }
        await withDiscardingTaskGroup { group in
            for supervisor in supervisors { group.addTask { await supervisor.stop() } }
        }
        logger.notice("plugins stopped")
    }
}
