import Foundation
import Logging
import Hummingbird
import StipDomain
import StipParticipation
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON

// MARK: - Plugins and per-workspace methods

struct PluginListBody: Encodable {
    var plugins: [PluginStatus]
    var rejected: [RejectedPlugin]
}

struct MethodListBody: Encodable {
    struct Method: Encodable {
        var id: String
        var enabledAt: Date
        var installed: Bool
        var state: String?
        var version: String?
        enum CodingKeys: String, CodingKey {
            case id
            case enabledAt = "enabled_at"
            case installed, state, version
        }
    }
    var methods: [Method]
}

extension AdminAPI {
    func registerPluginRoutes(_ r: RouteRegistrar) {
        r.add(.get, "/v1/plugins") { _, _ in
            let (plugins, rejected) = await self.pluginHost().statuses()
            return try JSONBodies.response(PluginListBody(plugins: plugins, rejected: rejected))
        }
        r.add(.post, "/v1/plugins/reload") { _, context in
            let report = await self.pluginHost().reload()
            // Contributions kept while a plugin was away can be validated now.
            self.participation?.pending.wakeUp()
            try await self.store.recordAudit(
                action: "plugins.reload", by: Self.caller(context),
                detail: ["added": report.added.joined(separator: ","), "removed": report.removed.joined(separator: ",")])
            return try JSONBodies.response(report)
        }
        r.add(.post, "/v1/plugins/{id}/restart") { _, context in
            let id = try Self.pluginID(context)
            do {
                try await self.pluginHost().restart(id)
            } catch {
                throw APIProblem.pluginNotFound(id)
            }
            try await self.store.recordAudit(action: "plugins.restart", by: Self.caller(context), detail: ["plugin": id])
            self.participation?.pending.wakeUp()
            let status = await self.pluginHost().statuses().plugins.first { $0.id == id }
            return try JSONBodies.response(status)
        }
        r.add(.post, "/v1/plugins/{id}/validate") { request, context in
            let id = try Self.pluginID(context)
            let body = try await Self.decodeObject(ValidateBody.self, allowed: ["config"], request, limit: self.settings.maxBodyBytes)
            guard self.pluginHost().pluginIDs.contains(id) else { throw APIProblem.pluginNotFound(id) }
            do {
                let result = try await self.pluginHost().call(
                    id, PluginProtocol.Method.validateActivity,
                    .object(["workspace": .string(""), "activity_id": .string(""), "config": body.config]))
                return try JSONBodies.response(JSONValue.object(["config": result["config"] ?? .null]))
            } catch let error as PluginCallError {
                throw APIProblem(error, plugin: id)
            }
        }
        r.add(.get, "/v1/workspaces/{slug}/methods") { _, context in
            let slug = try Self.slug(context)
            let enabled = try await self.store.enabledMethods(slug)
            let statuses = await self.pluginHost().statuses().plugins
            let methods = enabled.map { method in
                let status = statuses.first { $0.id == method.id }
                return MethodListBody.Method(
                    id: method.id, enabledAt: method.enabledAt, installed: status != nil, state: status?.state.rawValue,
                    version: status?.version)
            }
            return try JSONBodies.response(MethodListBody(methods: methods))
        }
        r.add(.put, "/v1/workspaces/{slug}/methods/{id}") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.pluginID(context)
            guard self.pluginHost().pluginIDs.contains(id) else { throw APIProblem.pluginNotFound(id) }
            let method = try await self.store.enableMethod(id, in: slug, by: Self.caller(context))
            return try JSONBodies.response(method)
        }
        r.add(.delete, "/v1/workspaces/{slug}/methods/{id}") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.pluginID(context)
            try await self.store.disableMethod(id, in: slug, by: Self.caller(context))
            return Response(status: .noContent)
        }
    }

    func pluginHost() -> PluginHost {
        plugins ?? PluginHost(directories: [], logger: .init(label: "plugins"))
    }

    static func pluginID(_ context: AdminRequestContext) throws -> String {
        let raw = (context.parameters.get("id") ?? "").removingPercentEncoding ?? ""
        guard !raw.isEmpty, raw.count <= 63, raw.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw APIProblem(
                .badRequest, code: "invalid_plugin_id", title: "Invalid plugin id",
                detail: "plugin ids are [a-z0-9-]+, e.g. poll or neighbourhood-walk")
        }
        return raw
    }
}

struct ValidateBody: Decodable {
    var config: JSONValue
}

extension APIProblem {
    /// Maps a failed plugin call to its problem: the plugin's own refusal, a timeout, a crash, or unavailability.
    init(_ error: PluginCallError, plugin: String) {
        switch error {
        case .rpc(let rpc) where rpc.knownCode == .invalidConfig || rpc.knownCode == .invalidContribution:
            let code = rpc.knownCode == .invalidConfig ? "invalid_config" : "invalid_contribution"
            self.init(
                .unprocessableContent, code: code, title: "Rejected by the method plugin", detail: "\(plugin): \(rpc.message)",
                errors: rpc.fieldErrors.map { FieldIssue(field: $0.pointer, message: $0.message) })
        case .rpc(let rpc):
            self.init(.badGateway, code: "plugin_error", title: "The plugin answered with an error", detail: "\(plugin): \(rpc)")
        case .timeout:
            self.init(.gatewayTimeout, code: "plugin_timeout", title: "The plugin did not answer in time", detail: error.description)
        case .processEnded:
            self.init(
                .badGateway, code: "plugin_failed", title: "The plugin stopped while handling the request",
                detail: error.description + "; it is being restarted, see `stipctl plugin list`")
        case .unavailable:
            self.init(.serviceUnavailable, code: "plugin_unavailable", title: "The plugin is unavailable", detail: error.description)
        }
    }

    static func pluginNotFound(_ id: String) -> APIProblem {
        APIProblem(
            .notFound, code: "plugin_not_found", title: "Plugin not found",
            detail:
                "no plugin \"\(id)\" is installed; see `stipctl plugin list`, install it in a plugins directory and run `stipctl plugin reload`"
        )
    }
}
