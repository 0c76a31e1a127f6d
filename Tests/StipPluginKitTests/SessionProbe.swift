import Foundation
import StipJSON
@testable import StipPluginKit
import StipPluginProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Drives a ``PluginSession`` the way the SDK's stdin reader does, one request at a time, and returns each answer.
///
/// Quick requests are answered into the reader's buffer; the long ones (imports, evaluations, exports) run as tasks
/// that write their own answer to the protocol's stdout. For those, the probe points that stdout at a pipe of its own
/// while it runs, and reads the answer back once the task is done.
final class SessionProbe<P: MethodPlugin> {
    let session: PluginSession<P>
    private var nextID: Int64 = 1
    private let pipeEnds: (read: Int32, write: Int32)
    private let savedDescriptor: Int32

    init(_ plugin: P) {
        session = PluginSession(plugin: plugin)
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "cannot make a pipe")
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        pipeEnds = (ends[0], ends[1])
        savedDescriptor = Output.descriptor
        Output.descriptor = ends[1]
    }

    deinit {
        Output.descriptor = savedDescriptor
        close(pipeEnds.read)
        close(pipeEnds.write)
    }

    /// A problem with what the session wrote.
    struct Unexpected: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one request and returns the one message that answers it.
    func send(_ method: String, _ params: JSONValue = .object([:])) async throws -> RPCMessage {
        let id = nextID
        nextID += 1
        var output: [UInt8] = []
        session.handle(id: id, method: method, params: params, into: &output)
        if output.isEmpty {
            await session.finishRunning()
            output = drainPipe()
        }
        let lines = output.split(separator: UInt8(ascii: "\n"))
        guard lines.count == 1 else {
            throw Unexpected(description: "\(method) was answered with \(lines.count) lines: \(String(decoding: output, as: UTF8.self))")
        }
        let message = try RPCMessage.decode(line: lines[0])
        switch message {
        case .result(let answered, _), .error(let answered?, _):
            guard answered == id else { throw Unexpected(description: "\(method) (id \(id)) was answered for id \(answered)") }
        default:
            throw Unexpected(description: "\(method) was answered with \(message)")
        }
        return message
    }

    /// `initialize` offering `versions`.
    func initialize(offering versions: [String] = ["1.2", "1.1", "1.0"]) async throws -> RPCMessage {
        try await send(
            PluginProtocol.Method.initialize,
            .object([
                "protocol_versions": .array(versions.map(JSONValue.string)),
                "host": .object(["name": .string("stipd"), "version": .string("test")]),
            ]))
    }

    private func drainPipe() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(pipeEnds.read, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}

extension RPCMessage {
    /// The result, when this is one.
    var result: JSONValue? {
        if case .result(_, let result) = self { return result }
        return nil
    }

    /// The error, when this is one.
    var error: RPCError? {
        if case .error(_, let error) = self { return error }
        return nil
    }
}
