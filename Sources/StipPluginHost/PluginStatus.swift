/// What an admin sees of a plugin in `stipctl plugin list`.
public struct PluginStatus: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
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
    public var stderrTail: [String]
    public var manifest: String?
    public var displayName: [String: String]?
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

    enum CodingKeys: String, CodingKey {
        case id, version
        case protocolVersion = "protocol"
        case state, pid, restarts
        case inFlight = "in_flight"
        case lastError = "last_error"
        case stderrTail = "stderr_tail"
        case manifest
        case displayName = "display_name"
        case requests, errors, queued
        case latencyMsTotal = "latency_ms_total"
        case latencyMsMax = "latency_ms_max"
        case instances, pids
    }
}
