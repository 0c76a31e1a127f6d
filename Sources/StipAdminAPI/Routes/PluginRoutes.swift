import Foundation
import Hummingbird
import StipDomain
import StipHTTP
import StipJSON
import StipParticipation

// MARK: - Plugins on the node, and the methods a workspace may use

struct PluginListBody: Encodable {
    var plugins: [PluginStatus]
    var rejected: [RejectedPlugin]
}

struct MethodListBody: Encodable {
    var methods: [MethodPlugins.WorkspaceMethod]
}

struct ValidateBody: Decodable {
    static let fields: Set<String> = ["config"]
    var config: JSONValue
}

extension AdminAPI {
    func registerPluginRoutes(_ r: NodeRoutes) {
        let methods = participation.methods
        r.add(.get, "/v1/plugins") { _, _ in
            let (plugins, rejected) = await methods.statuses()
            return try JSONBodies.response(PluginListBody(plugins: plugins, rejected: rejected))
        }
        r.add(.post, "/v1/plugins/reload") { _, context in
            try JSONBodies.response(try await methods.reload(by: context.caller))
        }
        r.add(.post, "/v1/plugins/{id}/restart") { _, context in
            try JSONBodies.response(try await methods.restart(try RequestReading.pluginID(context), by: context.caller))
        }
        r.add(.post, "/v1/plugins/{id}/validate") { request, context in
            let id = try RequestReading.pluginID(context)
            let body = try await JSONBodies.decodeObject(
                ValidateBody.self, allowed: ValidateBody.fields, nullable: ["config"], request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(JSONValue.object(["config": try await methods.validateConfig(id, config: body.config)]))
        }
    }

    func registerMethodRoutes(_ r: WorkspaceRoutes) {
        let methods = participation.methods
        r.add(.get, "/methods") { _, context in
            try JSONBodies.response(MethodListBody(methods: try await methods.enabled(in: context.workspace)))
        }
        r.add(.put, "/methods/{id}") { _, context in
            try JSONBodies.response(
                try await methods.enable(try RequestReading.pluginID(context), in: context.workspace, by: context.caller))
        }
        r.add(.delete, "/methods/{id}") { _, context in
            try await methods.disable(try RequestReading.pluginID(context), in: context.workspace, by: context.caller)
            return Response(status: .noContent)
        }
    }
}
