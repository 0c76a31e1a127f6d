extension PluginDefinition {
    /// The environment a plugin process starts with: a minimal one, `plugin.yaml`'s own variables (which may
    /// override `PATH` and `LANG`), and the host's `STIP_*` variables, which `plugin.yaml` may not set.
    /// The host and the conformance check start plugins the same way.
    public func launchEnvironment(protocolVersions: [String] = PluginProtocol.supportedVersions) -> [String: String] {
        var variables = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
        variables.merge(environment) { $1 }
        variables[PluginProtocol.cookieName] = PluginProtocol.cookieValue
        variables["STIP_PROTOCOL_VERSIONS"] = protocolVersions.joined(separator: ",")
        return variables
    }

    /// ``launchEnvironment(protocolVersions:)`` as `NAME=value` entries ending in NUL, as swift-subprocess hands
    /// them to the child (without the NUL the child sees garbage after each entry).
    public static func environmentEntries(_ variables: [String: String]) -> [[UInt8]] {
        variables.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)".utf8) + [0] }
    }
}

public import StipPluginProtocol
