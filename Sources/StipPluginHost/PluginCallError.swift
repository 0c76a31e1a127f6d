public import StipPluginProtocol

/// Why a call to a plugin did not produce a result.
public enum PluginCallError: Error, Sendable, CustomStringConvertible {
    /// The plugin answered with an error (including invalid_config and friends).
    case rpc(RPCError)
    /// No answer within the deadline; the request was cancelled.
    case timeout(plugin: String, method: String, after: Duration)
    /// The process had ended, or the host ended it (stop, restart, a hang), before the request was answered.
    case processEnded(plugin: String, reason: String)
    /// The process crashed (exited by itself or broke the protocol) while this request was in flight: evidence,
    /// if it happens twice, that the request's input crashes it.
    case crashed(plugin: String, method: String, reason: String, stderrTail: [String])
    /// The plugin is not usable now (circuit open, disabled, unknown).
    case unavailable(plugin: String, reason: String)

    public var description: String {
        switch self {
        case .rpc(let error): "the plugin answered \(error)"
        case .timeout(let plugin, let method, let after): "plugin \(plugin) did not answer \(method) within \(after)"
        case .processEnded(let plugin, let reason): "plugin \(plugin) stopped while handling the request: \(reason)"
        case .crashed(let plugin, let method, let reason, _): "plugin \(plugin) crashed during \(method): \(reason)"
        case .unavailable(let plugin, let reason): "plugin \(plugin) is unavailable: \(reason)"
        }
    }
}
