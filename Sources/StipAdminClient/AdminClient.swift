public import AsyncHTTPClient
public import Foundation
import Crypto
import NIOCore
public import NIOHTTP1
import StipJSON

/// A thin client of the admin API over the daemon's Unix socket.
public struct AdminClient: Sendable {
    /// The socket the daemon listens on.
    public let socketPath: String
    let http: HTTPClient
    let timeout: TimeAmount = .seconds(600)

    /// Creates a client for the socket at `socketPath`.
    public init(socketPath: String, http: HTTPClient = .shared) {
        self.socketPath = socketPath
        self.http = http
    }

    /// An answer from the daemon.
    public struct Reply: Sendable {
        public var status: Int
        public var contentType: String?
        public var body: Data

        public init(status: Int, contentType: String?, body: Data) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// Sends a request and returns the reply when it is a success; a problem reply becomes ``AdminClientError/daemon(_:)``.
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - path: path with query, e.g. `/v1/workspaces?state=active`.
    ///   - json: the members of an object to send as the JSON body; `nil` members are left out.
    public func send(_ method: HTTPMethod, _ path: String, json: [String: (any JSONRepresentable)?]? = nil) async throws(AdminClientError)
        -> Reply
    {
        var body: HTTPClientRequest.Body?
        var contentType: String?
        if let json {
            body = .bytes(ByteBuffer(bytes: JSONValue.object(omittingNil: json).jsonBytes()))
            contentType = "application/json"
        }
        return try await execute(method, path, body: body, contentType: contentType)
    }

    /// Sends `body` as it is, with its content type (a YAML plan, a CSV file).
    public func send(_ method: HTTPMethod, _ path: String, body: Data, contentType: String) async throws(AdminClientError) -> Reply {
        try await execute(method, path, body: .bytes(ByteBuffer(bytes: body)), contentType: contentType)
    }

    /// Uploads a file as the body (workspace import).
    public func upload(_ method: HTTPMethod, _ path: String, file: URL, contentType: String) async throws(AdminClientError) -> Reply {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue,
            FileManager.default.isReadableFile(atPath: file.path)
        else {
            throw .usage("cannot read \(file.path): check that the file exists and is readable")
        }
        let body = HTTPClientRequest.Body.stream(FileChunks(url: file), length: .known(Int64(size)))
        return try await execute(method, path, body: body, contentType: contentType)
    }

    /// Downloads the body of a GET into `destination`, streaming, and returns its size in bytes.
    public func download(_ path: String, to destination: URL) async throws(AdminClientError) -> Int {
        try await fetch(.GET, path, to: destination).size
    }

    /// What ``fetch(_:to:)`` wrote: its size and SHA-256, and the response's headers (a backup file's digest).
    public struct Download: Sendable {
        public var size: Int
        public var sha256: Data
        public var headers: HTTPHeaders
    }

    /// Downloads the body of a GET into `destination` (written to a `.part` file, synced, then renamed),
    /// hashing it on the way.
    public func fetch(_ method: HTTPMethod = .GET, _ path: String, json: Data? = nil, to destination: URL) async throws(AdminClientError)
        -> Download
    {
        if let problem = SocketProbe.problem(at: socketPath) { throw .unreachable(socketPath, problem) }
        let request = makeRequest(
            method, path, body: json.map { .bytes(ByteBuffer(bytes: $0)) }, contentType: json == nil ? nil : "application/json")
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw classify(error)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body = (try? await response.body.collect(upTo: 1 << 20)).map { Data($0.readableBytesView) } ?? Data()
            throw .daemon(Problem(status: Int(response.status.code), body: body))
        }
        let partial = destination.appendingPathExtension("part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = try? FileHandle(forWritingTo: partial)
        else {
            throw .usage("cannot write \(destination.path): check the directory exists and is writable")
        }
        var written = 0
        var hash = SHA256()
        do {
            for try await buffer in response.body {
                let chunk = Data(buffer.readableBytesView)
                try handle.write(contentsOf: chunk)
                hash.update(data: chunk)
                written += buffer.readableBytes
            }
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.moveItem(at: partial, to: destination)
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw .transport("the download from stipd broke off: \(error)")
        }
        return Download(size: written, sha256: Data(hash.finalize()), headers: response.headers)
    }

    // MARK: - Plumbing

    func makeRequest(_ method: HTTPMethod, _ path: String, body: HTTPClientRequest.Body?, contentType: String?) -> HTTPClientRequest {
        let url = URL(httpURLWithSocketPath: socketPath, uri: path)?.absoluteString ?? "http+unix://invalid\(path)"
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "stipctl")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = body
        return request
    }

    func execute(_ method: HTTPMethod, _ path: String, body: HTTPClientRequest.Body?, contentType: String?)
        async throws(AdminClientError) -> Reply
    {
        if let problem = SocketProbe.problem(at: socketPath) { throw .unreachable(socketPath, problem) }
        let request = makeRequest(method, path, body: body, contentType: contentType)
        do {
            let response = try await http.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 256 << 20)
            let reply = Reply(
                status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type"),
                body: Data(bytes.readableBytesView))
            guard (200..<300).contains(reply.status) else {
                throw AdminClientError.daemon(Problem(status: reply.status, body: reply.body))
            }
            return reply
        } catch let error as AdminClientError {
            throw error
        } catch {
            throw classify(error)
        }
    }

    /// Tells "nobody listens" apart from a failure during the exchange.
    func classify(_ error: any Error) -> AdminClientError {
        let text = String(describing: error)
        let unreachable = [
            "ENOENT", "No such file", "ECONNREFUSED", "Connection refused", "connectTimeout", "connect", "EACCES", "Permission denied",
        ]
        if text.contains("EACCES") || text.contains("Permission denied") {
            return .unreachable(
                socketPath, "permission denied: your user may not use the socket (ask to be added to its group, usually `stip`)")
        }
        if unreachable.contains(where: { text.contains($0) }) {
            return .unreachable(
                socketPath,
                "is it running? start it with `stipd --config /etc/stip/stipd.yaml` (or `make run` in a checkout), or point stipctl at its socket with --socket or STIP_SOCKET"
            )
        }
        return .transport("the exchange with stipd failed: \(text)")
    }
}

/// A file read in chunks, so an archive is streamed rather than loaded whole.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let url: URL

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?

        mutating func next() async throws -> ByteBuffer? {
            guard let handle, let chunk = try handle.read(upToCount: 256 * 1024), !chunk.isEmpty else {
                try? handle?.close()
                return nil
            }
            return ByteBuffer(bytes: chunk)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(handle: try? FileHandle(forReadingFrom: url))
    }
}
