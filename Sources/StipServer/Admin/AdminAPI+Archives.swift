import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import StipStorage
import StipDomain

// MARK: - Export and import: archives streamed through temporary files

extension AdminAPI {
    func export(_ context: AdminRequestContext) async throws -> Response {
        let slug = try Self.slug(context)
        let export = try await store.exportWorkspace(slug, by: Self.caller(context))
        var headers = HTTPFields()
        headers[.contentType] = "application/x-tar"
        headers[.contentDisposition] = "attachment; filename=\"\(export.suggestedName)\""
        let file = export.file
        let body = ResponseBody(contentLength: Int(export.size)) { writer in
            defer { try? FileManager.default.removeItem(at: file) }
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

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
        let incoming = try store.makeIncomingArchiveURL()
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
        let workspace = try await store.importWorkspace(from: incoming, by: Self.caller(context))
        var headers = HTTPFields()
        headers[.location] = "/v1/workspaces/\(workspace.slug)"
        return try JSONBodies.response(workspace, status: .created, headers: headers)
    }
}
