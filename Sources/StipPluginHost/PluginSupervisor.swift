import Foundation
import Logging
import StipDomain
import StipPluginProtocol

/// Keeps one plugin running: starts it (lazily or eagerly), handshakes, pings it, restarts it
/// with backoff after a crash, and opens the circuit when it keeps crashing.
actor PluginSupervisor {
    private(set) var definition: PluginDefinition
    private let logger: Logger
    private let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void
    private var state: PluginStatus.State = .stopped
    private var process: PluginProcess?
    private var manifest: PluginManifest?
    private var protocolVersion: String?
    private var readyWaiters: [CheckedContinuation<PluginProcess, any Error>] = []
    private var endWaiters: [CheckedContinuation<Void, Never>] = []
    private var restarts = 0
    private var attempt = 0
    private var readySince: ContinuousClock.Instant?
    private var crashWindow = CrashWindow()
    private var lastError: String?
    private var lastStderr: [String] = []
    private var stopping = false
    private var requests = 0
    private var errors = 0
    private let backoff = Backoff()

    init(definition: PluginDefinition, logger: Logger, spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Void) {
        self.definition = definition
        self.logger = logger
        self.spawn = spawn
    }

    // MARK: - Calls

    /// Calls `method` on the plugin, starting it first when needed. Beyond `max_concurrent_requests`
    /// calls wait in line; the deadline counts from the call, waiting included.
    func call(_ method: String, _ params: JSONValue, timeout: Duration? = nil) async throws -> JSONValue {
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = timeout ?? (method.hasPrefix("evaluate") ? definition.timeouts.evaluate : definition.timeouts.request)
        let bypassesQueue = method == PluginProtocol.Method.ping || method == PluginProtocol.Method.shutdown
        if !bypassesQueue { await acquireSlot() }
        defer { if !bypassesQueue { releaseSlot() } }
        let process = try await readyProcess()
        let remaining = deadline - (clock.now - started)
        guard remaining > .zero else {
            throw PluginCallError.timeout(plugin: definition.id, method: method, after: deadline)
        }
        requests += 1
        do {
            let result = try await process.request(method, params, timeout: remaining)
            record(latency: clock.now - started)
            return result
        } catch {
            errors += 1
            record(latency: clock.now - started)
            throw error
        }
    }

    // MARK: - Queue and figures

    private var activeCalls = 0
    private var waitingCalls: [CheckedContinuation<Void, Never>] = []
    private var latencyTotal: Duration = .zero
    private var latencyMax: Duration = .zero

    private func acquireSlot() async {
        if activeCalls < definition.maxConcurrentRequests {
            activeCalls += 1
            return
        }
        // The releasing call hands its slot over, so `activeCalls` stays as it is.
        await withCheckedContinuation { waitingCalls.append($0) }
    }

    private func releaseSlot() {
        if waitingCalls.isEmpty {
            activeCalls -= 1
        } else {
            waitingCalls.removeFirst().resume()
        }
    }

    private func record(latency: Duration) {
        latencyTotal += latency
        if latency > latencyMax { latencyMax = latency }
    }

    /// The manifest, starting the plugin when needed.
    func currentManifest() async throws -> PluginManifest {
        _ = try await readyProcess()
        guard let manifest else { throw PluginCallError.unavailable(plugin: definition.id, reason: "no manifest") }
        return manifest
    }

    /// The process when ready, for raw access (conformance check).
    func readyProcess() async throws -> PluginProcess {
        switch state {
        case .ready:
            if let process { return process }
        case .failed:
            throw PluginCallError.unavailable(
                plugin: definition.id,
                reason:
                    "it crashed repeatedly and was stopped (\(lastError ?? "no details")); fix it and run `stipctl plugin reload` or `stipctl plugin restart \(definition.id)`"
            )
        case .disabled:
            throw PluginCallError.unavailable(plugin: definition.id, reason: "it is disabled")
        case .stopped:
            if stopping { throw PluginCallError.unavailable(plugin: definition.id, reason: "it is shutting down") }
            start()
        case .starting, .restarting:
            break
        }
        return try await withCheckedThrowingContinuation { readyWaiters.append($0) }
    }

    // MARK: - Lifecycle

    /// Starts the process if it is not running (eager start, restart).
    func start() {
        guard process == nil, !stopping else { return }
        state = .starting
        let process = PluginProcess(definition: definition, logger: logger)
        self.process = process
        spawn {
            let ending = await process.run()
            await self.processEnded(process, ending)
        }
        spawn { await self.handshake(process) }
    }

    private func handshake(_ process: PluginProcess) async {
        let params: JSONValue = .object([
            "protocol_versions": .array(PluginProtocol.supportedVersions.map { .string($0) }),
            "host": .object(["name": .string("stipd"), "version": .string(StipVersion.current)]),
        ])
        do {
            let result = try await process.request(PluginProtocol.Method.initialize, params, timeout: definition.timeouts.initialize)
            guard case .object(let fields) = result, let chosen = fields["protocol_version"]?.stringValue else {
                throw HandshakeRefusal("its initialize answer has no protocol_version")
            }
            guard PluginProtocol.supportedVersions.contains(chosen) else {
                throw HandshakeRefusal(
                    "it chose protocol \(chosen), which stipd did not offer (stipd speaks \(PluginProtocol.supportedVersions.joined(separator: ", ")))"
                )
            }
            let manifest: PluginManifest
            do {
                manifest = try (fields["manifest"] ?? .null).decode(PluginManifest.self)
            } catch {
                throw HandshakeRefusal("its manifest is not valid: \(error)")
            }
            var problems = manifest.problems(expectedID: definition.id)
            if manifest.version != definition.version {
                problems.append("the plugin says version \(manifest.version) but plugin.yaml says \(definition.version)")
            }
            guard problems.isEmpty else { throw HandshakeRefusal("its manifest is not valid: \(problems.joined(separator: "; "))") }
            guard self.process === process else { return }
            self.manifest = manifest
            protocolVersion = chosen
            state = .ready
            readySince = .now
            logger.notice("plugin \(definition.id) \(manifest.version) ready (protocol \(chosen))")
            for waiter in readyWaiters { waiter.resume(returning: process) }
            readyWaiters.removeAll()
            spawn { await self.pingLoop(process) }
        } catch let refusal as HandshakeRefusal {
            refuse(process, refusal.message)
        } catch PluginCallError.rpc(let error) where error.knownCode == .unsupportedProtocol {
            let supported = error.data?["supported"]?.elements.compactMap(\.stringValue).joined(separator: ", ") ?? "?"
            refuse(
                process,
                "no shared protocol version: stipd speaks \(PluginProtocol.supportedVersions.joined(separator: ", ")), the plugin speaks \(supported) (\(error.message))"
            )
        } catch {
            lastError = "handshake failed: \(error)"
            await process.kill()
        }
    }

    /// A refusal that restarting cannot fix: open the circuit right away.
    private func refuse(_ process: PluginProcess, _ reason: String) {
        logger.error("plugin \(definition.id) refused: \(reason)")
        lastError = reason
        state = .failed
        failWaiters(PluginCallError.unavailable(plugin: definition.id, reason: reason))
        spawn { await process.terminate(grace: .seconds(1)) }
    }

    private func pingLoop(_ process: PluginProcess) async {
        var missed = 0
        while self.process === process, state == .ready, !stopping {
            do {
                try await Task.sleep(for: definition.timeouts.pingInterval)
            } catch {
                return
            }
            guard self.process === process, state == .ready else { return }
            do {
                _ = try await process.request(PluginProtocol.Method.ping, .object([:]), timeout: definition.timeouts.pingInterval)
                missed = 0
            } catch PluginCallError.processEnded {
                return
            } catch {
                missed += 1
                if missed >= 3 {
                    lastError = "missed \(missed) pings in a row; killed it"
                    logger.warning("plugin \(definition.id) missed \(missed) pings; restarting it")
                    await process.kill()
                    return
                }
            }
        }
    }

    private func processEnded(_ process: PluginProcess, _ ending: PluginProcess.Ending) async {
        lastStderr = process.stderrTail.snapshot
        guard self.process === process else { return }
        self.process = nil
        for waiter in endWaiters { waiter.resume() }
        endWaiters.removeAll()
        if stopping {
            state = .stopped
            failWaiters(PluginCallError.unavailable(plugin: definition.id, reason: "it was stopped"))
            return
        }
        if state == .failed { return }
        let reason = PluginProcess.describe(ending)
        if lastError == nil || state == .ready || state == .starting { lastError = reason }
        restarts += 1
        // The backoff starts over only after a minute of healthy running.
        if let since = readySince, ContinuousClock.now - since > .seconds(60) { attempt = 0 }
        readySince = nil
        attempt += 1
        if crashWindow.record() {
            state = .failed
            lastError = "crashed \(crashWindow.limit) times within \(crashWindow.window); stopped restarting (last: \(reason))"
            logger.error("plugin \(definition.id): \(lastError!); fix it and run `stipctl plugin reload`")
            failWaiters(PluginCallError.unavailable(plugin: definition.id, reason: lastError!))
            return
        }
        state = .restarting
        let delay = backoff.delay(attempt: attempt)
        logger.warning("plugin \(definition.id) \(reason); restarting in \(delay)")
        spawn {
            try? await Task.sleep(for: delay)
            await self.restartAfterBackoff()
        }
    }

    private func restartAfterBackoff() {
        guard state == .restarting, !stopping else { return }
        start()
    }

    private func failWaiters(_ error: any Error) {
        for waiter in readyWaiters { waiter.resume(throwing: error) }
        readyWaiters.removeAll()
    }

    /// Stops the plugin politely (shutdown, exit, grace, SIGTERM, SIGKILL) and waits until it is gone.
    func stop() async {
        stopping = true
        guard let process else {
            state = .stopped
            failWaiters(PluginCallError.unavailable(plugin: definition.id, reason: "it was stopped"))
            return
        }
        if state == .ready {
            _ = try? await process.request(PluginProtocol.Method.shutdown, .object([:]), timeout: .seconds(2))
            await process.notify(PluginProtocol.Method.exit)
        }
        await process.terminate(grace: definition.timeouts.shutdownGrace)
        if self.process != nil {
            await withCheckedContinuation { endWaiters.append($0) }
        }
        state = .stopped
    }

    /// Clears a failed state and starts again (admin `restart`/`reload`).
    func reset(with definition: PluginDefinition) async {
        await stop()
        self.definition = definition
        manifest = nil
        protocolVersion = nil
        stopping = false
        crashWindow.reset()
        attempt = 0
        lastError = nil
        state = .stopped
        if definition.eagerStart { start() }
    }

    func status() async -> PluginStatus {
        var stderr = lastStderr
        var pid: Int32?
        var inFlight = 0
        if let process {
            stderr = process.stderrTail.snapshot
            pid = await process.pid
            inFlight = await process.inFlight
        }
        return PluginStatus(
            id: definition.id, version: manifest?.version ?? definition.version,
            protocolVersion: protocolVersion ?? definition.protocolVersion,
            state: state, pid: state == .ready || state == .starting ? pid : nil, restarts: restarts, inFlight: inFlight,
            lastError: lastError, stderrTail: stderr, manifest: definition.manifestFile.path,
            displayName: manifest.map { ["nl": $0.displayName.nl, "en": $0.displayName.en] }, requests: requests, errors: errors,
            queued: waitingCalls.count, latencyMsTotal: Self.milliseconds(latencyTotal), latencyMsMax: Self.milliseconds(latencyMax))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

struct HandshakeRefusal: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
