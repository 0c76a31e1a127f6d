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
    public var requests: Int
    public var errors: Int

    enum CodingKeys: String, CodingKey {
        case id, version
        case protocolVersion = "protocol"
        case state, pid, restarts
        case inFlight = "in_flight"
        case lastError = "last_error"
        case stderrTail = "stderr_tail"
        case manifest
        case displayName = "display_name"
        case requests, errors
    }
}
