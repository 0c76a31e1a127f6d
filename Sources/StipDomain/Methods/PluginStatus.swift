public import Foundation

/// What an admin sees of a plugin in `stipctl plugin list`.
public struct PluginStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable {
        case stopped, starting, ready, restarting, failed, disabled
    }

    public var id: String
    public var version: String?
    public var protocolVersion: String?
    public var state: State
    public var pid: Int32?
    public var restarts: Int
    public var inFlight: Int
    public var lastError: String?
    /// The last lines of the running process's stderr (or of the last process, when none runs).
    public var stderrTail: [String]
    /// The last crash and the crashed process's last stderr lines, kept after the automatic restart.
    public var lastCrash: PluginCrash?
    /// Contributions set aside because their validation crashed this plugin twice (all workspaces).
    public var quarantined: [QuarantinedContribution] = []
    public var manifest: String?
    public var displayName: [String: String]?
    /// The documents the method writes (`stipctl contributions export --format`), by id.
    public var exportFormats: [String] = []
    /// Calls answered or failed since the daemon started (kept for the metrics endpoint).
    public var requests: Int
    public var errors: Int
    /// Calls waiting for a slot (`max_concurrent_requests`).
    public var queued: Int
    /// Summed and largest call latency, for averages and alerts.
    public var latencyMsTotal: Double
    public var latencyMsMax: Double
    /// How many processes run this plugin (`instances`), and their pids.
    public var instances: Int = 1
    public var pids: [Int32] = []

    /// A status with no calls counted yet.
    public init(
        id: String, version: String?, protocolVersion: String?, state: State, pid: Int32?, restarts: Int, inFlight: Int,
        lastError: String?, stderrTail: [String], lastCrash: PluginCrash? = nil, manifest: String?, displayName: [String: String]?,
        requests: Int = 0, errors: Int = 0,
        queued: Int = 0, latencyMsTotal: Double = 0, latencyMsMax: Double = 0, instances: Int = 1, pids: [Int32] = [],
        exportFormats: [String] = []
    ) {
        self.id = id
        self.version = version
        self.protocolVersion = protocolVersion
        self.state = state
        self.pid = pid
        self.restarts = restarts
        self.inFlight = inFlight
        self.lastError = lastError
        self.stderrTail = stderrTail
        self.lastCrash = lastCrash
        self.manifest = manifest
        self.displayName = displayName
        self.requests = requests
        self.errors = errors
        self.queued = queued
        self.latencyMsTotal = latencyMsTotal
        self.latencyMsMax = latencyMsMax
        self.instances = instances
        self.pids = pids
        self.exportFormats = exportFormats
    }

    enum CodingKeys: String, CodingKey {
        case id, version
        case protocolVersion = "protocol"
        case state, pid, restarts
        case inFlight = "in_flight"
        case lastError = "last_error"
        case stderrTail = "stderr_tail"
        case lastCrash = "last_crash"
        case quarantined
        case manifest
        case displayName = "display_name"
        case exportFormats = "export_formats"
        case requests, errors, queued
        case latencyMsTotal = "latency_ms_total"
        case latencyMsMax = "latency_ms_max"
        case instances, pids
    }
}

/// A crash of a plugin process: when, how, and what it last wrote to stderr.
public struct PluginCrash: Sendable, Codable, Equatable {
    public var at: Date
    /// How it ended, e.g. `exited (exited(3))` or `missed 3 pings in a row; killed it`.
    public var reason: String
    /// Its last stderr lines (at most 50).
    public var stderrTail: [String]

    public init(at: Date, reason: String, stderrTail: [String]) {
        self.at = at
        self.reason = reason
        self.stderrTail = stderrTail
    }

    enum CodingKeys: String, CodingKey {
        case at, reason
        case stderrTail = "stderr_tail"
    }
}

/// A `plugin.yaml` that was skipped: broken, or a second plugin with an id already taken.
public struct RejectedPlugin: Sendable, Equatable, Codable {
    public var manifest: String
    public var id: String?
    public var reason: String

    public init(manifest: String, id: String?, reason: String) {
        self.manifest = manifest
        self.id = id
        self.reason = reason
    }
}

/// What a rescan of the plugin directories changed.
public struct PluginReloadReport: Sendable, Codable {
    public var added: [String] = []
    public var removed: [String] = []
    public var restarted: [String] = []
    public var unchanged: [String] = []
    public var rejected: [RejectedPlugin] = []

    public init() {}
}
