#if canImport(Glibc)
    import Glibc
#endif
import Foundation
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
        // Hand-written schemas are checked before anything else: a broken one is the author's to fix now,
        // not a host's to discover later.
        let session = PluginSession(plugin: plugin)
        let manifest = session.manifest
        let problems =
            JSONSchema(manifest.configSchema).schemaProblems().map { "config_schema\($0.pointer): \($0.message)" }
            + JSONSchema(manifest.contributionSchema).schemaProblems().map { "contribution_schema\($0.pointer): \($0.message)" }
        guard problems.isEmpty else {
            let text = problems.map { "plugin \(manifest.id): the manifest's \($0)\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
            exit(1)
        }
        // The protocol gets a private copy of stdout; fd 1 then points at stderr, so a stray
        // `print` in plugin code becomes a log line instead of corrupting the protocol.
        Output.descriptor = dup(1)
        dup2(2, 1)
        // stdin is read, and quick requests are answered, on a thread of its own (reads block);
        // `exit` or the end of stdin ends it.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let reader = Thread {
                StandardInput.serve(session)
                done.resume()
            }
            reader.stackSize = 8 << 20  // deeply nested JSON is parsed here
            reader.start()
        }
        // Requests still being answered as tasks finish first.
        await session.finishRunning()
        Output.flush()
        exit(session.isShutDown ? 0 : 1)
    }
}

/// Writes whole lines to stdout. Whoever finds no write under way writes, and keeps writing
/// until nothing is left, so answers that come in meanwhile go out together in one system call
/// and two answers never interleave.
enum Output {
    private struct State {
        var pending: [UInt8] = []
        var writing = false
    }

    private static let state = Mutex(State())
    /// Where protocol messages go: a duplicate of the original stdout.
    nonisolated(unsafe) static var descriptor: Int32 = 1

    /// Adds one message as a line to `output` (an answer over 16 MiB becomes an error).
    static func append(_ message: RPCMessage, to output: inout [UInt8]) {
        let start = output.count
        message.appendLine(to: &output)
        if output.count - start > PluginProtocol.maxMessageBytes, case .result(let id, _) = message {
            output.removeSubrange(start...)
            RPCMessage.error(id: id, error: RPCError(.internalError, "the answer is larger than 16 MiB")).appendLine(to: &output)
        }
    }

    static func write(_ message: RPCMessage) {
        var line: [UInt8] = []
        append(message, to: &line)
        write(bytes: line)
    }

    /// Writes whole lines, now or together with the write under way.
    static func write(bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        var batch = state.withLock { state -> [UInt8] in
            if state.writing {
                state.pending += bytes
                return []
            }
            state.writing = true
            return bytes
        }
        while !batch.isEmpty {
            batch.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { exit(1) }  // the host is gone
                    offset += written
                }
            }
            batch = state.withLock { state in
                var next: [UInt8] = []
                swap(&next, &state.pending)
                if next.isEmpty { state.writing = false }
                return next
            }
        }
    }

    /// Waits until everything queued has been written (before `exit`).
    static func flush() {
        for _ in 0..<200 {
            if state.withLock({ $0.pending.isEmpty && !$0.writing }) { return }
            usleep(5000)
        }
    }
}

/// Reads stdin in large chunks and handles the lines of each chunk in order; the answers to
/// the quick requests among them go out in one write per chunk.
enum StandardInput {
    static func serve<P: MethodPlugin>(_ session: PluginSession<P>) {
        let capacity = 256 * 1024
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { chunk.deallocate() }
        var partial: [UInt8] = []
        var skipping = false  // inside a line longer than the limit
        var output: [UInt8] = []
        output.reserveCapacity(64 * 1024)
        reading: while true {
            let count = read(0, chunk.baseAddress, capacity)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            let bytes = UnsafeRawBufferPointer(rebasing: chunk[0..<count])
            var start = 0
            while start < count {
                guard let found = memchr(bytes.baseAddress! + start, 0x0A, count - start) else {
                    // The rest of the line comes with a later read.
                    if !skipping {
                        partial += bytes[start..<count]
                        if partial.count >= PluginProtocol.maxMessageBytes {
                            skipping = true
                            partial = []
                        }
                    }
                    break
                }
                let newline = bytes.baseAddress!.distance(to: found)
                defer { start = newline + 1 }
                let keepReading: Bool
                if skipping {
                    skipping = false
                    Output.append(.error(id: nil, error: RPCError(.invalidRequest, "the message is longer than 16 MiB")), to: &output)
                    keepReading = true
                } else if partial.isEmpty {
                    let line = UnsafeRawBufferPointer(rebasing: bytes[start..<newline])
                    if line.count >= PluginProtocol.maxMessageBytes {
                        Output.append(.error(id: nil, error: RPCError(.invalidRequest, "the message is longer than 16 MiB")), to: &output)
                        keepReading = true
                    } else {
                        keepReading = handle(line, session, &output)
                    }
                } else {
                    partial += bytes[start..<newline]
                    if partial.count >= PluginProtocol.maxMessageBytes {
                        Output.append(.error(id: nil, error: RPCError(.invalidRequest, "the message is longer than 16 MiB")), to: &output)
                        keepReading = true
                    } else {
                        keepReading = partial.withUnsafeBytes { handle($0, session, &output) }
                    }
                    partial = []
                }
                if !keepReading {
                    Output.write(bytes: output)
                    break reading
                }
            }
            Output.write(bytes: output)
            output.removeAll(keepingCapacity: true)
        }
    }

    /// Handles one line; false when it was `exit`.
    private static func handle<P: MethodPlugin>(_ line: UnsafeRawBufferPointer, _ session: PluginSession<P>, _ output: inout [UInt8])
        -> Bool
    {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
        let message: RPCMessage
        do {
            message = try RPCMessage.decode(line: line)
        } catch {
            Output.append(.error(id: nil, error: error), to: &output)
            return true
        }
        switch message {
        case .request(let id, let method, let params):
            session.handle(id: id, method: method, params: params, into: &output)
        case .notification(let method, let params):
            if method == PluginProtocol.Method.exit { return false }
            if method == PluginProtocol.Method.cancel, let id = params["id"]?.intValue { session.cancel(id) }
        case .result, .error:
            break
        }
        return true
    }
}
