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
            case .result(let value): "result \(value.jsonText.prefix(300))"
            case .error(let error): "error \(error.code) \(error.message)"
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

    private struct State {
        var nextID: Int64 = 1
        var waiting: [Int64: CheckedContinuation<Reply, Never>] = [:]
        /// Lines that answered no request of ours: answers to notifications, garbage, messages for ids never used.
        var unexpected: [String] = []
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
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return await request(id: id, method, params, timeout: timeout)
    }

    /// The `id` the next request will get, for probes that must name it (`$/cancel`).
    var nextID: Int64 { state.withLock { $0.nextID } }

    private func request(id: Int64, _ method: String, _ params: JSONValue, timeout: Duration) async -> Reply {
        let line = RPCMessage.request(id: id, method: method, params: params).encodedLine()
        return await withTaskGroup(of: Reply?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ended = self.state.withLock { state -> String? in
                        if let ended = state.ended { return ended }
                        state.waiting[id] = continuation
                        return nil
                    }
                    if let ended { continuation.resume(returning: .ended(ended)) } else { self.outgoingInput.yield(line) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if let first {
                group.cancelAll()
                return first
            }
            // Timed out: the waiter is resumed here, so the first task ends too.
            state.withLock { $0.waiting.removeValue(forKey: id) }?.resume(returning: .timeout)
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
    var unexpected: [String] { state.withLock { $0.unexpected } }

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
        let text = String(decoding: line.prefix(2000), as: UTF8.self)
        guard let message = try? RPCMessage.decode(line: line[...]) else {
            state.withLock { $0.unexpected.append(text) }
            return
        }
        let id: Int64?
        let reply: Reply
        switch message {
        case .result(let answered, let result):
            id = answered
            reply = .result(result)
        case .error(let answered, let error):
            id = answered
            reply = .error(error)
        default:
            id = nil
            reply = .timeout
        }
        let waiter = state.withLock { state -> CheckedContinuation<Reply, Never>? in
            guard let id, let waiter = state.waiting.removeValue(forKey: id) else {
                state.unexpected.append(text)
                return nil
            }
            return waiter
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
