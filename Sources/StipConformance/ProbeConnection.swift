import Foundation
import StipJSON
import StipPluginDefinition
import StipPluginProtocol
import Subprocess
import Synchronization
#if canImport(SystemPackage)
    import SystemPackage
#endif

/// One plugin process under test, spoken to line by line. Unlike the host, it sends whatever a probe asks for
/// (a ping before `initialize`, a line over the size limit, a notification that must stay unanswered) and
/// records everything that comes back, so each probe can say what was sent and what was received.
final class ProbeConnection: Sendable {
    /// What came back for a request.
    enum Reply: Sendable, CustomStringConvertible {
        case result(JSONValue)
        case error(RPCError)
        case timeout
        case ended(String)

        var description: String {
            switch self {
            case .result(let value): "result \(value.jsonText.clipped(300))"
            case .error(let error): "error \(error.summary)"
            case .timeout: "no answer in time"
            case .ended(let reason): "no answer: the process \(reason)"
            }
        }

        var result: JSONValue? {
            if case .result(let value) = self { return value }
            return nil
        }

        var error: RPCError? {
            if case .error(let error) = self { return error }
            return nil
        }
    }

    /// A line on stdout that answered no request of ours.
    struct UnexpectedLine: Sendable, CustomStringConvertible {
        enum Kind: Sendable, Equatable {
            /// Not a JSON-RPC message at all: a log line, a debug print, garbage.
            case notProtocol
            /// An error with id `null`: the plugin could not read a line.
            case nullIDError(RPCError)
            /// A response for an id that is not waiting (never sent, answered already, or timed out).
            case unknownID(Int64)
            /// A request or a notification from the plugin.
            case fromPlugin(String)
        }
        var kind: Kind
        var text: String
        var description: String { text }
    }

    private struct State {
        var nextID: Int64 = 1
        /// Ids whose answers are awaited: written, or about to be.
        var expected: Set<Int64> = []
        /// Answers that came before their waiter was in place.
        var arrived: [Int64: Reply] = [:]
        var waiting: [Int64: CheckedContinuation<Reply, Never>] = [:]
        var unexpected: [UnexpectedLine] = []
        var ended: String?
        var exitWaiters: [CheckedContinuation<String, Never>] = []
        var stderr: [String] = []
    }

    private let state = Mutex(State())
    private let outgoing: AsyncStream<[UInt8]>
    private let outgoingInput: AsyncStream<[UInt8]>.Continuation

    private init() {
        (outgoing, outgoingInput) = AsyncStream.makeStream(of: [UInt8].self)
    }

    /// How a run of the plugin under test went.
    struct Run<T: Sendable>: Sendable {
        /// What the probes returned; `nil` when the process could not be started.
        var value: T?
        /// Why the process could not be started.
        var startFailure: String?
        /// The exit status, e.g. `exited(0)` or `signaled(9)`.
        var termination: String
        /// Whether it exited by itself within the grace period after its stdin was closed.
        var exitedInTime: Bool
    }

    /// Starts the plugin of `definition` with the host's environment and runs `body` with the connection; then
    /// closes stdin and gives the process `grace` to exit before it is killed.
    static func run<T: Sendable>(
        _ definition: PluginDefinition, grace: Duration, _ body: @Sendable @escaping (ProbeConnection) async -> T
    ) async -> Run<T> {
        let connection = ProbeConnection()
        let outcome = Mutex<(T?, Bool)>((nil, false))
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(1))]
        do {
            let run = try await Subprocess.run(
                .path(FilePath(definition.executable.path)), arguments: Arguments(definition.arguments),
                environment: .custom(PluginDefinition.environmentEntries(definition.launchEnvironment())),
                workingDirectory: FilePath(definition.directory.path), platformOptions: options,
                input: .inputWriter, output: .sequence, error: .sequence
            ) { execution in
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await bytes in connection.outgoing {
                            do { _ = try await execution.standardInputWriter.write(bytes) } catch { break }
                        }
                        try? await execution.standardInputWriter.finish()
                    }
                    group.addTask { await connection.read(execution.standardOutput) }
                    group.addTask { await connection.readErrors(execution.standardError) }
                    let result = await body(connection)
                    connection.outgoingInput.finish()
                    // Whatever the probes left running, the process gets `grace` to exit, then it is killed.
                    let exited = await connection.waitForExit(within: grace) != nil
                    if !exited { try? execution.send(signal: .kill) }
                    outcome.withLock { $0 = (result, exited) }
                    await group.waitForAll()
                }
            }
            let (value, exited) = outcome.withLock { $0 }
            return Run(value: value, startFailure: nil, termination: "\(run.terminationStatus)", exitedInTime: exited)
        } catch {
            return Run(
                value: nil, startFailure: "could not start \(definition.executable.path): \(error)", termination: "", exitedInTime: false)
        }
    }

    // MARK: - Sending

    /// Sends a request and waits for its answer, at most `timeout`.
    func request(_ method: String, _ params: JSONValue = .object([:]), timeout: Duration = .seconds(10)) async -> Reply {
        let id = reserveID()
        return await send(RPCMessage.request(id: id, method: method, params: params).encodedLine(), awaiting: id, timeout: timeout)
    }

    /// An id no request has used yet, for probes that write their own lines.
    func reserveID() -> Int64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Writes `bytes` as they are (one or several lines, in one write) and waits for the answer to `id`, at most
    /// `timeout`. The probes use it where the order of lines matters: a request and its `$/cancel`, three pings.
    func send(_ bytes: [UInt8], awaiting id: Int64, timeout: Duration = .seconds(10)) async -> Reply {
        await send(bytes, awaiting: [id], timeout: timeout)[0]
    }

    /// Writes `bytes` in one write and waits for the answers to all of `ids`, at most `timeout` in all. The ids
    /// are expected before the bytes go out, so an answer that comes back at once is not taken for a stray.
    func send(_ bytes: [UInt8], awaiting ids: [Int64], timeout: Duration) async -> [Reply] {
        let ended = state.withLock { state -> String? in
            if let ended = state.ended { return ended }
            state.expected.formUnion(ids)
            return nil
        }
        if let ended { return ids.map { _ in .ended(ended) } }
        outgoingInput.yield(bytes)
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var replies: [Reply] = []
        for id in ids { replies.append(await answer(to: id, until: deadline)) }
        return replies
    }

    private func answer(to id: Int64, until deadline: ContinuousClock.Instant) async -> Reply {
        await withTaskGroup(of: Reply?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> Reply? in
                        if let reply = state.arrived.removeValue(forKey: id) {
                            state.expected.remove(id)
                            return reply
                        }
                        guard state.expected.contains(id) else { return .timeout }  // given up on already
                        if let ended = state.ended { return .ended(ended) }
                        state.waiting[id] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            if let first {
                group.cancelAll()
                state.withLock { _ = $0.expected.remove(id) }
                return first
            }
            // Timed out: stop expecting the id (a late answer is then a stray) and release the waiter, if any.
            let waiter = state.withLock { state in
                state.expected.remove(id)
                return state.waiting.removeValue(forKey: id)
            }
            waiter?.resume(returning: .timeout)
            let late = await group.next() ?? nil
            return late ?? .timeout
        }
    }

    /// Sends a notification (no answer expected).
    func notify(_ method: String, _ params: JSONValue = .object([:])) {
        outgoingInput.yield(RPCMessage.notification(method: method, params: params).encodedLine())
    }

    /// Sends bytes as they are (malformed or oversized lines).
    func sendRaw(_ bytes: [UInt8]) {
        outgoingInput.yield(bytes)
    }

    /// Closes the plugin's stdin: no more messages.
    func closeInput() {
        outgoingInput.finish()
    }

    // MARK: - What came back

    /// Lines that answered no request of ours, oldest first.
    var unexpected: [UnexpectedLine] { state.withLock { $0.unexpected } }

    /// How many unexpected lines there are so far: pass it to ``unexpected(since:)`` later.
    var unexpectedMark: Int { state.withLock { $0.unexpected.count } }

    /// The unexpected lines that came after `mark`.
    func unexpected(since mark: Int) -> [UnexpectedLine] {
        state.withLock { Array($0.unexpected.dropFirst(mark)) }
    }

    /// Waits until an unexpected line after `mark` satisfies `match`, at most `timeout`.
    func waitForUnexpected(since mark: Int, within timeout: Duration, _ match: (UnexpectedLine) -> Bool) async -> UnexpectedLine? {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: timeout)
        while true {
            if let found = unexpected(since: mark).first(where: match) { return found }
            if clock.now >= end || ending != nil { return unexpected(since: mark).first(where: match) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// How the process ended, once it has.
    var ending: String? { state.withLock { $0.ended } }

    /// The last lines the plugin wrote to stderr.
    var standardErrorTail: [String] { state.withLock { Array($0.stderr.suffix(10)) } }

    /// Waits until the process has exited, at most `timeout`; returns how it ended, or `nil` when it still runs.
    func waitForExit(within timeout: Duration) async -> String? {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ended = self.state.withLock { state -> String? in
                        if let ended = state.ended { return ended }
                        state.exitWaiters.append(continuation)
                        return nil
                    }
                    if let ended { continuation.resume(returning: ended) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil {
                // Still running: release the waiter so the group can end.
                let waiters = state.withLock { state in
                    defer { state.exitWaiters.removeAll() }
                    return state.exitWaiters
                }
                for waiter in waiters { waiter.resume(returning: "") }
            }
            group.cancelAll()
            if let first { return first }
            let late = await group.next() ?? nil
            return late.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    // MARK: - Reading

    private func read(_ output: SubprocessOutputSequence) async {
        var partial: [UInt8] = []
        do {
            for try await buffer in output {
                partial += buffer.withUnsafeBytes { Array($0) }
                while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                    deliver(Array(partial[..<newline]))
                    partial.removeSubrange(...newline)
                }
            }
        } catch {}
        if !partial.isEmpty { deliver(partial) }
        ended("closed its stdout")
    }

    private func deliver(_ line: [UInt8]) {
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return }  // blank lines are allowed
        let text = String(decoding: line.prefix(2000), as: UTF8.self)
        let id: Int64
        let reply: Reply
        switch try? RPCMessage.decode(line: line[...]) {
        case .result(let answered, let result)?:
            (id, reply) = (answered, .result(result))
        case .error(let answered?, let error)?:
            (id, reply) = (answered, .error(error))
        case .error(nil, let error)?:
            state.withLock { $0.unexpected.append(UnexpectedLine(kind: .nullIDError(error), text: text)) }
            return
        case .request(_, let method, _)?, .notification(let method, _)?:
            state.withLock { $0.unexpected.append(UnexpectedLine(kind: .fromPlugin(method), text: text)) }
            return
        case nil:
            state.withLock { $0.unexpected.append(UnexpectedLine(kind: .notProtocol, text: text)) }
            return
        }
        let waiter = state.withLock { state -> CheckedContinuation<Reply, Never>? in
            if let waiter = state.waiting.removeValue(forKey: id) {
                state.expected.remove(id)  // a second answer to it is a stray
                return waiter
            }
            if state.expected.contains(id), state.arrived[id] == nil {
                state.arrived[id] = reply
            } else {
                state.unexpected.append(UnexpectedLine(kind: .unknownID(id), text: text))
            }
            return nil
        }
        waiter?.resume(returning: reply)
    }

    private func readErrors(_ output: SubprocessOutputSequence) async {
        var partial: [UInt8] = []
        do {
            for try await buffer in output {
                partial += buffer.withUnsafeBytes { Array($0) }
                while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: partial[..<newline].prefix(500), as: UTF8.self)
                    partial.removeSubrange(...newline)
                    state.withLock { state in
                        state.stderr.append(line)
                        if state.stderr.count > 50 { state.stderr.removeFirst() }
                    }
                }
            }
        } catch {}
    }

    private func ended(_ reason: String) {
        let (waiting, exitWaiters) = state.withLock { state in
            if state.ended == nil { state.ended = reason }
            defer {
                state.waiting.removeAll()
                state.exitWaiters.removeAll()
            }
            return (Array(state.waiting.values), state.exitWaiters)
        }
        for waiter in waiting { waiter.resume(returning: .ended(reason)) }
        for waiter in exitWaiters { waiter.resume(returning: reason) }
    }
}
