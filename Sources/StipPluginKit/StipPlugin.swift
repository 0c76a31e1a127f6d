#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import StipDomain
import StipPluginProtocol
import Synchronization

/// Runs a ``MethodPlugin`` on stdin/stdout until the host says `exit` (or closes stdin).
public enum StipPlugin {
    /// The plugin's main loop. Never returns.
    public static func main<P: MethodPlugin>(_ plugin: P) async -> Never {
        guard ProcessInfo.processInfo.environment[PluginProtocol.cookieName] == PluginProtocol.cookieValue else {
            FileHandle.standardError.write(Data((PluginProtocol.startedByHandMessage + "\n").utf8))
            exit(1)
        }
        signal(SIGPIPE, SIG_IGN)
        // The protocol gets a private copy of stdout; fd 1 then points at stderr, so a stray
        // `print` in plugin code becomes a log line instead of corrupting the protocol.
        Output.descriptor = dup(1)
        dup2(2, 1)
        let session = PluginSession(plugin: plugin)
        let lines = StandardInputLines.stream()
        // Discarding: finished requests must not pile up in the group for the life of the process.
        await withDiscardingTaskGroup { group in
            reading: for await line in lines {
                switch line {
                case .tooLong:
                    Output.write(.error(id: nil, error: RPCError(.invalidRequest, "the message is longer than 16 MiB")))
                case .line(let bytes):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    let message: RPCMessage
                    do {
                        message = try RPCMessage.decode(line: bytes)
                    } catch {
                        Output.write(.error(id: nil, error: (error as? RPCError) ?? RPCError(.parseError, "the line is not JSON")))
                        continue
                    }
                    switch message {
                    case .request(let id, let method, let params):
                        group.addTask { await session.handle(id: id, method: method, params: params) }
                    case .notification(let method, let params):
                        // `exit` ends the reading; requests still being answered (such as the
                        // shutdown just before it) finish first, below.
                        if method == PluginProtocol.Method.exit { break reading }
                        if method == PluginProtocol.Method.cancel, let id = params["id"]?.intValue { await session.cancel(id) }
                    case .result, .error:
                        continue
                    }
                }
            }
        }
        // `exit`, or stdin closed (the host is gone): do not linger as an orphan.
        Output.flush()
        exit(await session.isShutDown ? 0 : 1)
    }
}

/// Writes whole lines to stdout. Answers produced while a write is under way are collected
/// and go out together in the next write, so a busy plugin makes few system calls.
enum Output {
    private struct State {
        var pending: [UInt8] = []
        var writing = false
    }

    private static let state = Mutex(State())
    private static let wake = DispatchSemaphore(value: 0)
    /// Where protocol messages go: a duplicate of the original stdout.
    nonisolated(unsafe) static var descriptor: Int32 = 1
    private static let writer: Void = {
        let thread = Thread {
            while true {
                wake.wait()
                while true {
                    let bytes = state.withLock { state -> [UInt8] in
                        defer { state.pending.removeAll(keepingCapacity: true) }
                        state.writing = !state.pending.isEmpty
                        return state.pending
                    }
                    if bytes.isEmpty { break }
                    bytes.withUnsafeBytes { buffer in
                        var offset = 0
                        while offset < buffer.count {
                            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                            if written <= 0 { exit(1) }  // the host is gone
                            offset += written
                        }
                    }
                }
            }
        }
        thread.start()
    }()

    static func write(_ message: RPCMessage) {
        var line = message.encodedLine()
        if line.count > PluginProtocol.maxMessageBytes, case .result(let id, _) = message {
            line = RPCMessage.error(id: id, error: RPCError(.internalError, "the answer is larger than 16 MiB")).encodedLine()
        }
        _ = writer
        state.withLock { $0.pending += line }
        wake.signal()
    }

    /// Waits until everything queued has been written (before `exit`).
    static func flush() {
        for _ in 0..<200 {
            if state.withLock({ $0.pending.isEmpty && !$0.writing }) { return }
            usleep(5000)
        }
    }
}

/// Reads stdin on its own thread (reads block) and hands lines to the async world.
enum StandardInputLines {
    enum Item: Sendable {
        case line([UInt8])
        case tooLong
    }

    static func stream() -> AsyncStream<Item> {
        AsyncStream { continuation in
            let thread = Thread {
                var buffer: [UInt8] = []
                var skipping = false
                var chunk = [UInt8](repeating: 0, count: 64 * 1024)
                while true {
                    let count = read(0, &chunk, chunk.count)
                    if count <= 0 { break }
                    for byte in chunk[0..<count] {
                        if byte == 0x0A {
                            if skipping { continuation.yield(.tooLong) } else { continuation.yield(.line(buffer)) }
                            buffer.removeAll(keepingCapacity: true)
                            skipping = false
                        } else if !skipping {
                            buffer.append(byte)
                            if buffer.count >= PluginProtocol.maxMessageBytes {
                                skipping = true
                                buffer.removeAll()
                            }
                        }
                    }
                }
                continuation.finish()
            }
            thread.start()
        }
    }
}
