import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
    import Glibc
#endif

/// A real `stipd` on a private temporary data directory and socket.
final class Daemon: @unchecked Sendable {
    let root: URL
    let configFile: URL
    var socketPath: String { root.appending(path: "run/stipd.sock").path }
    var dataDirectory: URL { root.appending(path: "data", directoryHint: .isDirectory) }
    var logFile: URL { root.appending(path: "stipd.log") }
    var pluginsDirectory: URL { root.appending(path: "plugins", directoryHint: .isDirectory) }
    private(set) var process: Process?

    /// Creates the directory and writes a config; `extraConfig` is appended (YAML).
    init(extraConfig: String = "") throws {
        root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-e2e-\(UUID().uuidString.prefix(8))", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        configFile = root.appending(path: "stipd.yaml")
        try FileManager.default.createDirectory(at: root.appending(path: "plugins"), withIntermediateDirectories: true)
        try Self.config(extra: extraConfig).write(to: configFile, atomically: true, encoding: .utf8)
    }

    static func config(extra: String) -> String {
        """
        data_dir: data
        admin:
          socket: run/stipd.sock
          socket_mode: "0660"
        public:
          listen: 127.0.0.1:0
        plugins:
          directories: [plugins]
        log:
          level: info
          format: text
        \(extra)
        """
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if ProcessInfo.processInfo.environment["STIP_KEEP_TEST_DIRS"] == nil { try? FileManager.default.removeItem(at: root) }
    }

    /// Starts stipd and waits until its socket answers.
    func start(arguments: [String] = []) async throws {
        let process = Process()
        process.executableURL = Binaries.stipd
        process.arguments = ["--config", configFile.path] + arguments
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let log = try FileHandle(forWritingTo: logFile)
        try log.seekToEnd()
        process.standardError = log
        process.standardOutput = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<400 {
            if !process.isRunning {
                throw DaemonFailure("stipd exited with \(process.terminationStatus) during start:\n\(self.log)")
            }
            if Self.canConnect(socketPath) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DaemonFailure("stipd did not open its socket within 20 s:\n\(self.log)")
    }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async throws -> Int32 {
        guard let process else { return 0 }
        kill(process.processIdentifier, signal)
        return try await waitForExit()
    }

    func waitForExit(seconds: Int = 30) async throws -> Int32 {
        guard let process else { return 0 }
        for _ in 0..<(seconds * 20) {
            if !process.isRunning { return process.terminationStatus }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw DaemonFailure("stipd did not exit within \(seconds) s:\n\(log)")
    }

    func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits until the log contains `text`.
    func waitForLog(_ text: String, seconds: Int = 10) async throws -> Bool {
        for _ in 0..<(seconds * 20) {
            if log.contains(text) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The port of the resident pages, from the daemon's log (the config asks for a free one).
    func publicPort(seconds: Int = 10) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let range = log.range(of: #"resident pages listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let text = log[range]
                if let port = Int(text.split(separator: ":").last ?? "") { return port }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DaemonFailure("the resident pages did not start:\n\(log)")
    }

    /// Runs the real stipctl against this daemon.
    func stipctl(_ arguments: String...) async throws -> CommandResult {
        try await ProcessRunner.run(Binaries.stipctl, ["--socket", socketPath] + arguments)
    }

    func stipctl(arguments: [String], socketFlag: Bool = true) async throws -> CommandResult {
        try await ProcessRunner.run(Binaries.stipctl, (socketFlag ? ["--socket", socketPath] : []) + arguments)
    }

    /// A raw HTTP exchange over the socket.
    func http(_ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: String? = "application/json") async throws -> HTTPReply
    {
        var request = HTTPClientRequest(url: URL(httpURLWithSocketPath: socketPath, uri: path)!.absoluteString)
        request.method = method
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return HTTPReply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    func http(_ method: HTTPMethod, _ path: String, json: String) async throws -> HTTPReply {
        try await http(method, path, body: Data(json.utf8))
    }

    static func canConnect(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, b) in bytes.prefix(buffer.count - 1).enumerated() { buffer[i] = b }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        } == 0
    }
}

struct HTTPReply {
    var status: Int
    var headers: HTTPHeaders
    var body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var problemCode: String? { json["code"] as? String }
    var contentType: String? { headers.first(name: "Content-Type") }
}

struct DaemonFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
