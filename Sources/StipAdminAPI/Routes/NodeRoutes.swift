import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - Health, the list of workspaces, creating and importing one, the audit log

/// `POST /v1/workspaces`
struct CreateWorkspaceBody: Decodable {
    static let fields: Set<String> = ["slug", "name", "cbs_code", "timezone", "locale"]
    var slug: String
    var name: String
    var cbsCode: String?
    var timezone: String?
    var locale: String?

    enum CodingKeys: String, CodingKey {
        case slug, name
        case cbsCode = "cbs_code"
        case timezone, locale
    }
}

/// `GET /v1/health`
struct HealthBody: Encodable {
    struct Counts: Encodable {
        var active: Int
        var suspended: Int
    }
    var status: String
    var version: String
    var uptimeS: Int
    var workspaces: Counts
    var reasons: [NodeHealth.Reason]
    var pendingValidations: Int
    var oldestPendingS: Int?
    var quarantined: Int

    enum CodingKeys: String, CodingKey {
        case status, version
        case uptimeS = "uptime_s"
        case workspaces, reasons
        case pendingValidations = "pending_validations"
        case oldestPendingS = "oldest_pending_s"
        case quarantined
    }
}

struct WorkspaceListBody: Encodable {
    var workspaces: [Workspace]
}

struct AuditListBody: Encodable {
    var entries: [AuditEntry]
}

extension AdminAPI {
    func registerNodeRoutes(_ r: NodeRoutes) {
        r.add(.get, "/v1/health") { _, _ in
            let counts = try await self.participation.workspaces.stateCounts()
            let uptime = ContinuousClock.now - self.startedAt
            let health = await self.participation.health.check()
            return try JSONBodies.response(
                HealthBody(
                    status: health.status, version: StipVersion.current, uptimeS: Int(uptime.components.seconds),
                    workspaces: .init(active: counts[.active] ?? 0, suspended: counts[.suspended] ?? 0), reasons: health.reasons,
                    pendingValidations: health.pendingValidations, oldestPendingS: health.oldestPendingSeconds,
                    quarantined: health.quarantined))
        }
        if let metrics = settings.metrics {
            r.add(.get, "/metrics") { _, _ in
                let (text, contentType) = await metrics()
                return Response(status: .ok, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        r.add(.get, "/v1/workspaces") { request, _ in
            var states: Set<WorkspaceState> = [.active, .suspended]
            if let text = request.uri.queryParameters.get("state") {
                guard let state = WorkspaceState(rawValue: text) else {
                    throw APIProblem.invalidQuery("state=\(text) is not a state; use active, suspended or deleted")
                }
                states = [state]
            }
            return try JSONBodies.response(WorkspaceListBody(workspaces: try await self.participation.workspaces.list(in: states)))
        }
        r.add(.post, "/v1/workspaces") { request, context in
            let body = try await JSONBodies.decodeObject(
                CreateWorkspaceBody.self, allowed: CreateWorkspaceBody.fields, nullable: ["cbs_code"], request,
                limit: self.settings.maxBodyBytes)
            let draft = try WorkspaceDraft(
                slug: body.slug, name: body.name, cbsCode: body.cbsCode, timeZone: body.timezone, locale: body.locale)
            let workspace = try await self.participation.workspaces.create(draft, by: context.caller)
            var headers = HTTPFields()
            headers[.location] = "/v1/workspaces/\(workspace.slug)"
            return try JSONBodies.response(workspace, status: .created, headers: headers)
        }
        r.add(.post, "/v1/workspaces/import") { request, context in try await self.importArchive(request, context) }
        r.add(.get, "/v1/schedules") { request, _ in
            var slug: WorkspaceSlug?
            if let text = request.uri.queryParameters.get("workspace") { slug = try WorkspaceSlug(validating: text) }
            return try JSONBodies.response(["schedules": try await self.participation.scheduler.entries(workspace: slug)])
        }
        r.add(.get, "/v1/overview") { request, _ in
            var slug: WorkspaceSlug?
            if let text = request.uri.queryParameters.get("workspace") { slug = try WorkspaceSlug(validating: text) }
            return try JSONBodies.response(["trajectories": try await self.participation.overview.rows(workspace: slug)])
        }
        r.add(.get, "/v1/audit") { request, _ in
            let query = request.uri.queryParameters
            var slug: WorkspaceSlug?
            if let text = query.get("workspace") { slug = try WorkspaceSlug(validating: text) }
            var limit = 100
            if let text = query.get("limit") {
                guard let value = Int(text), (1...1000).contains(value) else {
                    throw APIProblem.invalidQuery("limit=\(text) must be a whole number from 1 to 1000")
                }
                limit = value
            }
            return try JSONBodies.response(
                AuditListBody(entries: try await self.participation.workspaces.audit(workspace: slug, limit: limit)))
        }
    }

    /// Streams the archive to a private scratch file, then restores from it.
    func importArchive(_ request: Request, _ context: AdminRequestContext) async throws -> Response {
        if let contentType = request.headers[.contentType]?.lowercased(),
            !(contentType.hasPrefix("application/x-tar") || contentType.hasPrefix("application/octet-stream"))
        {
            throw APIProblem.unsupportedMediaType(expected: "application/x-tar (the file written by `stipctl workspace export`)")
        }
        let limit = settings.maxImportBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIProblem.bodyTooLarge(limit: limit)
        }
        let incoming = try participation.workspaces.incomingArchiveURL()
        defer { try? FileManager.default.removeItem(at: incoming) }
        _ = FileManager.default.createFile(atPath: incoming.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: incoming)
        var received = 0
        do {
            for try await buffer in request.body {
                received += buffer.readableBytes
                guard received <= limit else { throw APIProblem.bodyTooLarge(limit: limit) }
                try handle.write(contentsOf: Data(buffer.readableBytesView))
            }
            try handle.close()
        } catch {
            try? handle.close()
            throw error
        }
        guard received > 0 else {
            throw APIProblem.invalidBody("send the workspace archive (.tar) as the request body")
        }
        let workspace = try await participation.workspaces.importArchive(incoming, by: context.caller)
        var headers = HTTPFields()
        headers[.location] = "/v1/workspaces/\(workspace.slug)"
        return try JSONBodies.response(workspace, status: .created, headers: headers)
    }
}
