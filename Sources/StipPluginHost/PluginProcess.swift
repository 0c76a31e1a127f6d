import StipPluginDefinition
import Foundation
import Logging
import StipDomain
import StipPluginProtocol
import Subprocess
import Synchronization
import StipJSON
#if canImport(SystemPackage)
    import SystemPackage
#endif

/// One running plugin process: JSON-RPC over its stdin/stdout, stderr into the log.
///
/// `run()` owns the process for its whole life and returns when it has exited; requests are
/// matched to answers by id, so many can be in flight at once.
///
/// The requests in flight live in a lock-protected table rather than on an actor: a caller
/// registers its continuation and queues its line without a hop, and the stdout reader resumes
/// the callers of a whole read directly.
final class PluginProcess: Sendable {
    /// How a process ended.
    enum Ending: Sendable {
        case exited(String)
        case protocolError(String)
        case spawnFailed(String)
    }

    enum Kill: Sendable {
        case now
        case afterGrace(Duration)
    }

    /// A request waiting for its answer.
    private struct Waiting {
        var continuation: CheckedContinuation<JSONValue, any Error>
        var method: String
        /// Deadlines are checked by one sweep (in `serve`) instead of a timer per request.
        var deadline: ContinuousClock.Instant
        var timeout: Duration
    }

    private struct Calls {
        var pending: [Int64: Waiting] = [:]
        var nextID: Int64 = 1
        var ended: String?
        var pid: Int32?
        /// The host asked it to end (stop, restart, a hang): requests in flight then did not crash it.
        var endRequested = false
    }

    let definition: PluginDefinition
    let logger: Logger
    private let calls = Mutex(Calls())
    private let outbox = OutgoingLines()
    private let kills: AsyncStream<Kill>
    private let killInput: AsyncStream<Kill>.Continuation
    let stderrTail = StderrTail()

    init(definition: PluginDefinition, logger: Logger) {
        self.definition = definition
        var logger = logger
        logger[metadataKey: "plugin"] = "\(definition.id)"
        self.logger = logger
        (kills, killInput) = AsyncStream.makeStream(of: Kill.self)
    }

    var inFlight: Int { calls.withLock { $0.pending.count } }

    var pid: Int32? { calls.withLock { $0.pid } }

    private var ended: String? { calls.withLock { $0.ended } }

    // MARK: - Requests

    /// Sends a request and waits for its answer, at most `timeout`; on timeout the plugin gets `$/cancel`.
    func request(_ method: String, _ params: JSONValue, timeout: Duration) async throws -> JSONValue {
        let id = try calls.withLock { calls throws(PluginCallError) -> Int64 in
            if let ended = calls.ended { throw PluginCallError.processEnded(plugin: definition.id, reason: ended) }
            defer { calls.nextID += 1 }
            return calls.nextID
        }
        let line = RPCMessage.request(id: id, method: method, params: params).encodedLine()
        guard line.count <= PluginProtocol.maxMessageBytes else {
            throw PluginCallError.rpc(RPCError(.invalidParams, "the request is larger than the protocol's 16 MiB limit"))
        }
        let deadline = ContinuousClock.now + timeout
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ended = calls.withLock { calls -> String? in
                    if let ended = calls.ended { return ended }
                    calls.pending[id] = Waiting(continuation: continuation, method: method, deadline: deadline, timeout: timeout)
                    return nil
                }
                if let ended {
                    continuation.resume(throwing: PluginCallError.processEnded(plugin: definition.id, reason: ended))
                    return
                }
                outbox.append(line)
                // Cancelled before the request was registered: the handler below found nothing to abandon.
                if Task.isCancelled { abandon(id, because: CancellationError()) }
            }
        } onCancel: {
            abandon(id, because: CancellationError())
        }
    }

    /// Writes a notification (no answer).
    func notify(_ method: String, _ params: JSONValue = .object([:])) {
        guard ended == nil else { return }
        outbox.append(RPCMessage.notification(method: method, params: params).encodedLine())
    }

    /// Writes raw bytes (the conformance check sends malformed lines on purpose).
    func writeRaw(_ bytes: [UInt8]) {
        outbox.append(bytes)
    }

    /// Fails the requests whose deadline has passed, telling the plugin to stop working on them.
    private func expireOverdue() {
        let now = ContinuousClock.now
        let overdue = calls.withLock { calls -> [(Int64, Waiting)] in
            let overdue = calls.pending.filter { $0.value.deadline <= now }
            for id in overdue.keys { calls.pending.removeValue(forKey: id) }
            return overdue.map { ($0.key, $0.value) }
        }
        for (id, waiting) in overdue {
            waiting.continuation.resume(
                throwing: PluginCallError.timeout(plugin: definition.id, method: waiting.method, after: waiting.timeout))
            notify(PluginProtocol.Method.cancel, .object(["id": .int(id)]))
        }
    }

    /// The caller gave up (cancellation): tell the plugin, forget the request.
    private func abandon(_ id: Int64, because error: any Error) {
        guard let waiting = calls.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        waiting.continuation.resume(throwing: error)
        notify(PluginProtocol.Method.cancel, .object(["id": .int(id)]))
    }

    /// Asks the process to end: stdin closes; after `grace` it gets SIGTERM, then SIGKILL.
    func terminate(grace: Duration) {
        calls.withLock { $0.endRequested = true }
        outbox.finish()
        killInput.yield(.afterGrace(grace))
    }

    /// Kills the process at once (garbage, missed pings).
    func kill() {
        calls.withLock { $0.endRequested = true }
        killInput.yield(.now)
    }

    // MARK: - Answers

    /// Handles stdout lines; returns a protocol error message when a line breaks the protocol.
    /// The answers are matched under one lock, and their callers resumed after it.
    private func deliver(lines: [ArraySlice<UInt8>]) -> String? {
        var answers: [(Int64, Result<JSONValue, PluginCallError>)] = []
        answers.reserveCapacity(lines.count)
        var problem: String?
        for line in lines {
            // Blank lines (and a CR before the LF) are tolerated by the protocol.
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let message: RPCMessage
            do {
                message = try RPCMessage.decode(line: line)
            } catch {
                let text = String(decoding: line.prefix(81), as: UTF8.self)
                let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
                problem = "wrote something that is not a JSON-RPC message on stdout (\(error.message)): \(shown)"
                break
            }
            switch message {
            case .result(let id, let result):
                answers.append((id, .success(result)))
            case .error(let id?, let error):
                answers.append((id, .failure(.rpc(error))))
            case .error(nil, let error):
                logger.warning("plugin reported an error without id: \(error)")
            case .request(let id, let method, _):
                // Plugins do not call the host in protocol 1.0: say so rather than break the connection.
                outbox.append(
                    RPCMessage.error(id: id, error: RPCError(.methodNotFound, "the host offers no method \(method)")).encodedLine())
            case .notification:
                logger.debug("ignoring a notification from the plugin")
            }
        }
        if !answers.isEmpty {
            let waiting = calls.withLock { calls in answers.map { calls.pending.removeValue(forKey: $0.0)?.continuation } }
            for (continuation, answer) in zip(waiting, answers) {
                guard let continuation else { continue }  // late: after its deadline or a cancellation
                switch answer.1 {
                case .success(let result): continuation.resume(returning: result)
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        }
        return problem
    }

    private func finish(_ reason: String) {
        let ending = calls.withLock { calls -> (waiting: [Int64: Waiting], requested: Bool)? in
            guard calls.ended == nil else { return nil }
            calls.ended = reason
            defer { calls.pending.removeAll() }
            return (calls.pending, calls.endRequested)
        }
        guard let ending else { return }
        outbox.finish()
        killInput.finish()
        // The process has exited and its stderr is read: these are its last words.
        let lastWords = ending.requested ? [] : self.stderrTail.snapshot
        for request in ending.waiting.values {
            let error =
                ending.requested
                ? PluginCallError.processEnded(plugin: definition.id, reason: "\(reason) (during \(request.method))")
                : PluginCallError.crashed(plugin: definition.id, method: request.method, reason: reason, stderrTail: lastWords)
            request.continuation.resume(throwing: error)
        }
    }

    private func started(pid: Int32) {
        calls.withLock { $0.pid = pid }
    }

    // MARK: - The process

    /// Starts the process and serves it until it exits. Never throws: how it ended is the result.
    func run() async -> Ending {
        let definition = self.definition
        let environment = PluginDefinition.environmentEntries(definition.launchEnvironment())
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))]
        let ending = Mutex<Ending?>(nil)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(definition.executable.path)),
                arguments: Arguments(definition.arguments),
                environment: .custom(environment),
                workingDirectory: FilePath(definition.directory.path),
                platformOptions: options,
                input: .inputWriter,
                output: .sequence,
                error: .sequence
            ) { execution in
                self.started(pid: execution.processIdentifier.value)
                let reason = await self.serve(execution)
                ending.withLock { $0 = reason }
            }
            let status = "\(result.terminationStatus)"
            let reason = ending.withLock { $0 } ?? .exited(status)
            let final: Ending
            switch reason {
            case .protocolError(let message): final = .protocolError(message)
            default: final = .exited("exited (\(status))")
            }
            finish(Self.describe(final))
            return final
        } catch {
            let final = Ending.spawnFailed("could not start \(definition.executable.path): \(error)")
            finish(Self.describe(final))
            return final
        }
    }

    static func describe(_ ending: Ending) -> String {
        switch ending {
        case .exited(let text), .protocolError(let text), .spawnFailed(let text): text
        }
    }

    private func serve(_ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>) async -> Ending {
        await withTaskGroup(of: Ending?.self) { group in
            group.addTask {
                do {
                    // Everything queued since the last write goes out in one write: under load
                    // many requests share a system call.
                    for await _ in self.outbox.wakeUps {
                        let bytes = self.outbox.take()
                        if !bytes.isEmpty { _ = try await execution.standardInputWriter.write(bytes) }
                    }
                    let rest = self.outbox.take()
                    if !rest.isEmpty { _ = try await execution.standardInputWriter.write(rest) }
                } catch {
                    // A broken pipe: the reader sees the process go away and reports it.
                }
                try? await execution.standardInputWriter.finish()
                return nil
            }
            group.addTask {
                // Raw buffers split at newlines here: far cheaper than a per-character line reader,
                // and the callers of all the answers in one read are resumed together.
                var partial: [UInt8] = []
                do {
                    for try await buffer in execution.standardOutput {
                        let bytes = buffer.withUnsafeBytes { Array($0) }
                        var lines: [ArraySlice<UInt8>] = []
                        var start = 0
                        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
                            if partial.isEmpty {
                                lines.append(bytes[start..<newline])
                            } else {
                                partial += bytes[start..<newline]
                                lines.append(partial[...])
                                partial = []
                            }
                            start = newline + 1
                        }
                        partial += bytes[start...]
                        if partial.count >= PluginProtocol.maxMessageBytes {
                            try? execution.send(signal: .kill)
                            return .protocolError("wrote a line longer than the protocol's 16 MiB limit")
                        }
                        if !lines.isEmpty, let problem = self.deliver(lines: lines) {
                            try? execution.send(signal: .kill)
                            return .protocolError(problem)
                        }
                    }
                    return .exited("closed its stdout")
                } catch {
                    try? execution.send(signal: .kill)
                    return .protocolError("its output could not be read (\(error))")
                }
            }
            group.addTask {
                await self.forwardStandardError(execution.standardError)
                return nil
            }
            group.addTask {
                // Deadlines are checked every 50 ms: precise enough for timeouts of seconds.
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: .milliseconds(50))
                    } catch {
                        return nil
                    }
                    self.expireOverdue()
                }
                return nil
            }
            group.addTask {
                for await kill in self.kills {
                    switch kill {
                    case .now:
                        try? execution.send(signal: .kill)
                    case .afterGrace(let grace):
                        do {
                            try await Task.sleep(for: grace)
                        } catch {
                            return nil
                        }
                        await execution.teardown(using: [.gracefulShutDown(allowedDurationToNextStep: .seconds(2))])
                    }
                }
                return nil
            }
            var reason: Ending = .exited("exited")
            // The stdout reader decides: when it ends, the process is gone or being killed.
            while let next = await group.next() {
                if let ending = next {
                    reason = ending
                    break
                }
            }
            // A protocol error fails the requests now; a plain exit is reported by `run` with
            // the exit status (e.g. killed by a signal), which is the more useful cause.
            if case .protocolError = reason { self.finish(Self.describe(reason)) }
            self.outbox.finish()
            group.cancelAll()
            return reason
        }
    }

    /// Forwards stderr lines into the log (rate-limited, so a chatty plugin cannot flood it) and keeps the last ones.
    private func forwardStandardError(_ stream: SubprocessOutputSequence) async {
        var partial: [UInt8] = []
        var windowStart = ContinuousClock.now
        var forwarded = 0
        var dropped = 0
        let maxPerSecond = 100
        func emit(_ bytes: ArraySlice<UInt8>) {
            // Lines are cut at 8 KiB, as protocol §2 says; invalid UTF-8 becomes U+FFFD.
            let line = String(decoding: bytes.prefix(8192), as: UTF8.self)
            stderrTail.append(line)
            if ContinuousClock.now - windowStart > .seconds(1) {
                if dropped > 0 { logger.warning("plugin wrote \(dropped) more stderr lines than the log takes; dropped them") }
                windowStart = .now
                forwarded = 0
                dropped = 0
            }
            if forwarded < maxPerSecond {
                forwarded += 1
                logger.info("\(line)", metadata: ["stream": "stderr"])
            } else {
                dropped += 1
            }
        }
        do {
            for try await buffer in stream {
                let bytes = buffer.withUnsafeBytes { Array($0) }
                var start = bytes.startIndex
                for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
                    if partial.isEmpty {
                        emit(bytes[start..<index])
                    } else {
                        partial += bytes[start..<index]
                        emit(partial[...])
                        partial.removeAll(keepingCapacity: true)
                    }
                    start = index + 1
                }
                if start < bytes.endIndex {
                    partial += bytes[start...]
                    if partial.count > 65536 {
                        emit(partial[...])
                        partial.removeAll(keepingCapacity: true)
                    }
                }
            }
        } catch {
            // stderr closed with an error: nothing more to forward.
        }
        if !partial.isEmpty { emit(partial[...]) }
        // A plugin that went quiet (or exited) after a flood still gets its count in the log.
        if dropped > 0 { logger.warning("plugin wrote \(dropped) more stderr lines than the log takes; dropped them") }
    }
}

/// The last lines a plugin wrote to stderr, for `stipctl plugin list` after a crash.
final class StderrTail: Sendable {
    private let lines = Mutex<[String]>([])
    let capacity = 50

    func append(_ line: String) {
        lines.withLock {
            $0.append(line)
            if $0.count > capacity { $0.removeFirst($0.count - capacity) }
        }
    }

    var snapshot: [String] { lines.withLock { $0 } }
}

/// Lines waiting to be written to a plugin's stdin, handed to the writer in batches.
final class OutgoingLines: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var finished = false
    }

    private let state = Mutex(State())
    private let signal: AsyncStream<Void>
    private let signalInput: AsyncStream<Void>.Continuation

    init() {
        (signal, signalInput) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func append(_ line: [UInt8]) {
        // The writer takes everything at each wake-up, so only the first line after a take needs to wake it.
        let wake = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            let wasEmpty = state.pending.isEmpty
            state.pending += line
            return wasEmpty
        }
        if wake { signalInput.yield() }
    }

    func finish() {
        state.withLock { $0.finished = true }
        signalInput.finish()
    }

    /// Wakes up when bytes were appended (several appends may share one wake-up); ends after `finish`.
    var wakeUps: AsyncStream<Void> { signal }

    /// Everything appended since the last call.
    func take() -> [UInt8] {
        state.withLock { state in
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
    }
}
