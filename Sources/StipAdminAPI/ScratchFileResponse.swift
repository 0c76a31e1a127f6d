import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A file the daemon made for one request (an export, a backup copy), streamed in chunks and removed once
/// it is sent — or when the client goes away.
enum ScratchFileResponse {
    static func make(_ file: URL, size: Int64, headers: HTTPFields) -> Response {
        let body = ResponseBody(contentLength: Int(size)) { writer in
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
}
