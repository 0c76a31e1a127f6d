import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - Node backup: each file copied consistently by the daemon, streamed with its digest (`stipctl backup`)

extension HTTPField.Name {
    /// RFC 9530: the SHA-256 of the file sent, for the client to check what it wrote.
    static let reprDigest = Self("Repr-Digest")!
    /// The newest migration in a database copy; the manifest records it.
    static let stipSchemaVersion = Self("Stip-Schema-Version")!
}

/// `POST /v1/backup/catalog`
struct BackupCatalogBody: Decodable {
    static let fields: Set<String> = ["workspaces"]
    var workspaces: [String]
}

extension AdminAPI {
    func registerBackupRoutes(_ r: NodeRoutes) {
        let workspaces = participation.workspaces
        // The client names the workspaces it will copy, so the catalog copy lists exactly those: one created
        // meanwhile is in neither, and a restore finds a database for every workspace its catalog lists.
        r.add(.post, "/v1/backup/catalog") { request, context in
            let body = try await JSONBodies.decodeObject(
                BackupCatalogBody.self, allowed: BackupCatalogBody.fields, request, limit: self.settings.maxBodyBytes)
            var slugs = Set<WorkspaceSlug>()
            // Each one must exist: a backup that silently leaves a municipality out is worse than none.
            for text in body.workspaces { slugs.insert(try await self.participation.resolver.resolve(text).slug) }
            return try Self.backupResponse(try await workspaces.backupFile(.catalog(only: slugs), by: context.caller))
        }
        r.add(.get, "/v1/backup/public-key") { _, context in
            try Self.backupResponse(try await workspaces.backupFile(.publicKey, by: context.caller))
        }
    }

    func registerWorkspaceBackupRoute(_ r: WorkspaceRoutes) {
        let workspaces = participation.workspaces
        r.add(.get, "/backup") { _, context in
            try Self.backupResponse(try await workspaces.backupFile(.workspace(context.workspace), by: context.caller))
        }
    }

    /// Streams the copy and removes it afterwards, with its size, digest and schema version in the headers.
    static func backupResponse(_ backup: BackupFile) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.reprDigest] = "sha-256=:\(backup.sha256.base64EncodedString()):"
        if let version = backup.schemaVersion { headers[.stipSchemaVersion] = version }
        return ScratchFileResponse.make(backup.file, size: backup.size, headers: headers)
    }
}
