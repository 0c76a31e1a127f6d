import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - One workspace: read, change, suspend, resume, delete, export

/// `PATCH /v1/workspaces/{slug}`: absent fields stay, `"cbs_code": null` clears the code.
struct UpdateWorkspaceBody: Decodable {
    static let fields: Set<String> = ["name", "cbs_code", "timezone", "locale"]
    var name: String?
    var cbsCode: String??
    var timezone: String?
    var locale: String?

    enum CodingKeys: String, CodingKey {
        case name
        case cbsCode = "cbs_code"
        case timezone, locale
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        if c.contains(.cbsCode) {
            cbsCode = .some(try c.decodeNil(forKey: .cbsCode) ? nil : c.decode(String.self, forKey: .cbsCode))
        } else {
            cbsCode = nil
        }
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
    }
}

extension AdminAPI {
    func registerWorkspaceRoutes(_ r: WorkspaceRoutes) {
        let workspaces = participation.workspaces
        r.add(.get, "") { _, context in try JSONBodies.response(context.workspace.workspace) }
        r.add(.patch, "") { request, context in
            let body = try await JSONBodies.decodeObject(
                UpdateWorkspaceBody.self, allowed: UpdateWorkspaceBody.fields, nullable: ["cbs_code"], request,
                limit: self.settings.maxBodyBytes)
            let changes = try WorkspaceChanges(name: body.name, cbsCode: body.cbsCode, timeZone: body.timezone, locale: body.locale)
            return try JSONBodies.response(try await workspaces.update(context.workspace, changes, by: context.caller))
        }
        r.add(.delete, "") { request, context in
            let slug = context.workspace.slug
            guard request.uri.queryParameters.get("confirm") == slug.rawValue else { throw APIProblem.confirmationRequired(slug) }
            return try JSONBodies.response(try await workspaces.delete(context.workspace, by: context.caller))
        }
        r.add(.post, "/suspend") { _, context in
            try JSONBodies.response(try await workspaces.setState(context.workspace, to: .suspended, by: context.caller))
        }
        r.add(.post, "/resume") { _, context in
            try JSONBodies.response(try await workspaces.setState(context.workspace, to: .active, by: context.caller))
        }
        r.add(.get, "/export") { _, context in
            let export = try await workspaces.export(context.workspace, by: context.caller)
            var headers = HTTPFields()
            headers[.contentType] = "application/x-tar"
            headers[.contentDisposition] = "attachment; filename=\"\(export.suggestedName)\""
            return ScratchFileResponse.make(export.file, size: Int64(export.size), headers: headers)
        }
    }
}
