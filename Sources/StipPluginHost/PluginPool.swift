import StipPluginDefinition
import Logging
import StipDomain
import StipPluginProtocol
import Synchronization
import StipJSON

/// `instances: N` supervised processes of one plugin. Calls go round-robin; one process is
/// enough for most methods, a small pool helps when one process is the bottleneck.
final class PluginPool: Sendable {
    let instances: [PluginSupervisor]
    private let next = Atomic<Int>(0)

    init(definition: PluginDefinition, logger: Logger, spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Void) {
        instances = (0..<max(1, definition.instances)).map { _ in PluginSupervisor(definition: definition, logger: logger, spawn: spawn) }
    }

    var count: Int { instances.count }

    func pick() -> PluginSupervisor {
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return instances[abs(index) % instances.count]
    }

    func call(_ method: String, _ params: JSONValue, timeout: Duration?) async throws -> JSONValue {
        try await pick().call(method, params, timeout: timeout)
    }

    func currentManifest() async throws -> PluginManifest {
        try await instances[0].currentManifest()
    }

    func readyProcess() async throws -> PluginProcess {
        try await instances[0].readyProcess()
    }

    func start() async {
        for instance in instances { await instance.start() }
    }

    func stop() async {
        await withDiscardingTaskGroup { group in
            for instance in instances { group.addTask { await instance.stop() } }
        }
    }

    func reset(with definition: PluginDefinition) async {
        for instance in instances { await instance.reset(with: definition) }
    }

    /// One status for the plugin: the first instance's, with counters summed over all of them.
    func status() async -> PluginStatus {
        var statuses: [PluginStatus] = []
        for instance in instances { statuses.append(await instance.status()) }
        var status = statuses[0]
        let states = statuses.map(\.state)
        for state in [PluginStatus.State.ready, .starting, .restarting, .failed, .stopped, .disabled] where states.contains(state) {
            status.state = state
            break
        }
        status.restarts = statuses.map(\.restarts).reduce(0, +)
        status.inFlight = statuses.map(\.inFlight).reduce(0, +)
        status.requests = statuses.map(\.requests).reduce(0, +)
        status.errors = statuses.map(\.errors).reduce(0, +)
        status.queued = statuses.map(\.queued).reduce(0, +)
        status.latencyMsTotal = statuses.map(\.latencyMsTotal).reduce(0, +)
        status.latencyMsMax = statuses.map(\.latencyMsMax).max() ?? 0
        status.instances = statuses.count
        status.pids = statuses.compactMap(\.pid)
        status.lastCrash = statuses.compactMap(\.lastCrash).max { $0.at < $1.at }
        return status
    }
}
