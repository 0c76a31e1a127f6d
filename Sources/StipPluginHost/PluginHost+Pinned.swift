public import StipJSON

extension PluginHost {
    /// A caller bound to one process of a plugin, for exchanges whose messages must all reach the same process
    /// (`export_begin` … `export_end`, and later the evaluations) when the plugin runs several instances.
    public struct PinnedPlugin: Sendable {
        let supervisor: PluginSupervisor

        /// Calls the pinned process, with the plugin's timeouts unless `timeout` is given.
        public func call(_ method: String, _ params: JSONValue, timeout: Duration? = nil) async throws -> JSONValue {
            try await supervisor.call(method, params, timeout: timeout)
        }
    }

    /// One of the plugin's processes, for an exchange of several messages.
    /// - Throws: `PluginCallError.unavailable` when no such plugin is installed.
    public func pinned(_ pluginID: String) throws(PluginCallError) -> PinnedPlugin {
        PinnedPlugin(supervisor: try supervisor(pluginID).pick())
    }
}
