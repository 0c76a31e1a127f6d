public import Foundation
public import StipDomain
public import StipJSON
import StipPluginHost
import StipPluginProtocol
import StipStorage

/// The participation methods: the plugins installed on the node and the methods each workspace may use.
/// Everything the rest of Stip knows about a method comes from its manifest, through here.
public struct MethodPlugins: Sendable {
    let store: any WorkspaceStore
    let plugins: PluginHost
    let pending: PendingValidator

    init(store: any WorkspaceStore, plugins: PluginHost, pending: PendingValidator) {
        self.store = store
        self.plugins = plugins
        self.pending = pending
    }

    /// Every plugin with its state, and the manifests that were skipped.
    public func statuses() async -> (plugins: [PluginStatus], rejected: [RejectedPlugin]) {
        var (statuses, rejected) = await plugins.statuses()
        for index in statuses.indices { statuses[index].quarantined = await pending.quarantined(of: statuses[index].id) }
        return (statuses, rejected)
    }

    /// Rescans the plugin directories; contributions kept while a plugin was away are validated after.
    public func reload(by actor: AuditActor) async throws(DomainError) -> PluginReloadReport {
        let report = await plugins.reload()
        pending.wakeUp()
        try await translatingFailures {
            try await store.recordAudit(
                action: .pluginsReload, by: actor,
                detail: ["added": report.added.joined(separator: ","), "removed": report.removed.joined(separator: ",")])
        }
        return report
    }

    /// Stops and starts one plugin; closes an open circuit.
    /// - Throws: `plugin_not_found`.
    public func restart(_ id: String, by actor: AuditActor) async throws(DomainError) -> PluginStatus? {
        do {
            try await plugins.restart(id)
        } catch {
            throw Self.notFound(id)
        }
        try await translatingFailures { try await store.recordAudit(action: .pluginsRestart, by: actor, detail: ["plugin": id]) }
        pending.wakeUp()
        return await statuses().plugins.first { $0.id == id }
    }

    /// Checks an activity config against a method; returns the normalised config.
    /// - Throws: `plugin_not_found`, `invalid_config` with field issues at JSON Pointers, plugin failures.
    public func validateConfig(_ id: String, config: JSONValue) async throws(DomainError) -> JSONValue {
        guard plugins.pluginIDs.contains(id) else { throw Self.notFound(id) }
        // The protocol promises plugins an object; anything else is the caller's mistake, not the plugin's.
        guard case .object = config else {
            throw DomainError(.invalidInput, "config must be a JSON object, the activity's `config:` as the plan would hold it")
        }
        let result = try await translatingFailures(plugin: id) {
            try await plugins.call(
                id, PluginProtocol.Method.validateActivity,
                .object(["workspace": .string(""), "activity_id": .string(""), "config": config]))
        }
        return result["config"] ?? .null
    }

    /// A method the workspace may use, with what is known of its plugin.
    public struct WorkspaceMethod: Sendable, Encodable {
        public var id: String
        public var enabledAt: Date
        public var installed: Bool
        public var state: String?
        public var version: String?

        enum CodingKeys: String, CodingKey {
            case id
            case enabledAt = "enabled_at"
            case installed, state, version
        }
    }

    /// The methods a workspace may use.
    public func enabled(in workspace: ResolvedWorkspace) async throws(DomainError) -> [WorkspaceMethod] {
        let enabled = try await translatingFailures { try await store.enabledMethods(workspace.slug) }
        let statuses = await plugins.statuses().plugins
        return enabled.map { method in
            let status = statuses.first { $0.id == method.id }
            return WorkspaceMethod(
                id: method.id, enabledAt: method.enabledAt, installed: status != nil, state: status?.state.rawValue,
                version: status?.version)
        }
    }

    /// Lets a workspace use a method; idempotent.
    /// - Throws: `plugin_not_found` when no such plugin is installed.
    public func enable(_ id: String, in workspace: ResolvedWorkspace, by actor: AuditActor) async throws(DomainError) -> EnabledMethod {
        try workspace.requireLive()
        guard plugins.pluginIDs.contains(id) else { throw Self.notFound(id) }
        return try await translatingFailures { try await store.enableMethod(id, in: workspace.slug, by: actor) }
    }

    /// Stops a workspace from using a method; idempotent.
    public func disable(_ id: String, in workspace: ResolvedWorkspace, by actor: AuditActor) async throws(DomainError) {
        try workspace.requireLive()
        try await translatingFailures { try await store.disableMethod(id, in: workspace.slug, by: actor) }
    }

    /// The method's name for people, from its manifest, in `language` (`nl` or `en`); the id when the plugin is away.
    public func displayName(of method: String, language: String) async -> String {
        guard let manifest = try? await plugins.manifest(of: method) else { return method }
        return language == "en" ? manifest.displayName.en : manifest.displayName.nl
    }

    /// Whether the method offers residents a form (capability `public_form`).
    /// - Parameter unknown: the answer while the plugin cannot tell (it is down and never answered since start).
    public func hasPublicForm(_ method: String, whenUnknown unknown: Bool = false) async -> Bool {
        (try? await plugins.manifest(of: method).capabilities.publicForm) ?? unknown
    }

    static func notFound(_ id: String) -> DomainError {
        DomainError(
            .pluginNotFound,
            "no plugin \"\(id)\" is installed; see `stipctl plugin list`, install it in a plugins directory and run `stipctl plugin reload`"
        )
    }
}
