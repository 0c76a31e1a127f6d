import StipPluginDefinition
import Foundation
import Logging
import CoreMetrics
import Metrics
import StipDomain
import StipPluginProtocol
import Synchronization
import StipJSON

/// Keeps one plugin running: starts it (lazily or eagerly), handshakes, pings it, restarts it
/// with backoff after a crash, and opens the circuit when it keeps crashing.
actor PluginSupervisor {
    private(set) var definition: PluginDefinition {
        didSet { traffic.withLock { $0.definition = definition } }
    }
    private let logger: Logger
    private let spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void
    private var state: PluginStatus.State = .stopped {
        didSet {
            publishReady()
            if state != oldValue { metrics.record(state: state) }
        }
    }
    private var process: PluginProcess? {
        didSet { publishReady() }
    }
    private var manifest: PluginManifest? {
        didSet { publishReady() }
    }
    private var protocolVersion: String?
    private var readyWaiters: [CheckedContinuation<PluginProcess, any Error>] = []
    private var endWaiters: [CheckedContinuation<Void, Never>] = []
    private var restarts = 0
    private var attempt = 0
    private var readySince: ContinuousClock.Instant?
    private var crashWindow = CrashWindow()
    private var lastError: String?
    private var lastStderr: [String] = []
    private var lastCrash: PluginCrash?
    /// Why the host is killing the process (a hang), so that its end is reported as that, not as a signal.
    private var killReason: String?
    private var stopping = false
    private let backoff = Backoff()

    /// What every call needs, behind a lock rather than on the actor: a call to a ready plugin
    /// goes straight to its process without hopping onto the supervisor and back.
    private struct Traffic {
        var definition: PluginDefinition
        /// The process while the state is `ready`.
        var ready: PluginProcess?
        /// Its manifest while the state is `ready` (the resident pages ask for it on every response).
        var readyManifest: PluginManifest?
        var activeCalls = 0
        var waitingCalls: [CheckedContinuation<Void, Never>] = []
        var requests = 0
        var errors = 0
        var latencyTotal: Duration = .zero
        var latencyMax: Duration = .zero
    }

    private nonisolated let traffic: Mutex<Traffic>
    private nonisolated let metrics: PluginMetrics

    init(definition: PluginDefinition, logger: Logger, spawn: @escaping @Sendable (@escaping @Sendable () async -> Void) -> Void) {
        self.definition = definition
        self.logger = logger
        self.spawn = spawn
        traffic = Mutex(Traffic(definition: definition))
        metrics = PluginMetrics(plugin: definition.id)
        metrics.record(state: .stopped)
    }

    private func publishReady() {
        let ready = state == .ready ? process : nil
        let readyManifest = state == .ready ? manifest : nil
        traffic.withLock {
            $0.ready = ready
            $0.readyManifest = readyManifest
        }
    }

    // MARK: - Calls

    /// Calls `method` on the plugin, starting it first when needed. Beyond `max_concurrent_requests`
    /// calls wait in line; the deadline counts from the call, waiting included.
    nonisolated func call(_ method: String, _ params: JSONValue, timeout: Duration? = nil) async throws -> JSONValue {
        let clock = ContinuousClock()
        let started = clock.now
        let (id, timeouts) = traffic.withLock { ($0.definition.id, $0.definition.timeouts) }
        let deadline = timeout ?? (method.hasPrefix("evaluate") ? timeouts.evaluate : timeouts.request)
        let bypassesQueue = method == PluginProtocol.Method.ping || method == PluginProtocol.Method.shutdown
        if !bypassesQueue { await acquireSlot() }
        defer { if !bypassesQueue { releaseSlot() } }
        let process = try await readyProcess()
        let remaining = deadline - (clock.now - started)
        guard remaining > .zero else {
            throw PluginCallError.timeout(plugin: id, method: method, after: deadline)
        }
        traffic.withLock { $0.requests += 1 }
        metrics.requests.increment()
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        do {
            let result = try await process.request(method, params, timeout: remaining)
            record(latency: clock.now - started, failed: false)
            return result
        } catch {
            record(latency: clock.now - started, failed: true)
            throw error
        }
    }

    // MARK: - Queue and figures

    private nonisolated func acquireSlot() async {
        let admitted = traffic.withLock { traffic -> Bool in
            guard traffic.activeCalls < traffic.definition.maxConcurrentRequests else { return false }
            traffic.activeCalls += 1
            return true
        }
        if admitted { return }
        // The releasing call hands its slot over, so `activeCalls` stays as it is.
        await withCheckedContinuation { continuation in
            let admitted = traffic.withLock { traffic -> Bool in
                // A slot may have come free since the first look.
                if traffic.activeCalls < traffic.definition.maxConcurrentRequests {
                    traffic.activeCalls += 1
                    return true
                }
                traffic.waitingCalls.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    private nonisolated func releaseSlot() {
        let next = traffic.withLock { traffic -> CheckedContinuation<Void, Never>? in
            if traffic.waitingCalls.isEmpty {
                traffic.activeCalls -= 1
                return nil
            }
            return traffic.waitingCalls.removeFirst()
        }
        next?.resume()
    }

    private nonisolated func record(latency: Duration, failed: Bool) {
        metrics.latency.record(duration: latency)
        if failed { metrics.errors.increment() }
        traffic.withLock { traffic in
            if failed { traffic.errors += 1 }
            traffic.latencyTotal += latency
            if latency > traffic.latencyMax { traffic.latencyMax = latency }
        }
    }

    /// The manifest, starting the plugin when needed.
    nonisolated func currentManifest() async throws -> PluginManifest {
        if let manifest = traffic.withLock({ $0.readyManifest }) { return manifest }
        return try await startedManifest()
    }

    private func startedManifest() async throws -> PluginManifest {
        _ = try await readyProcess()
        guard let manifest else { throw PluginCallError.unavailable(plugin: definition.id, reason: "no manifest") }
        return manifest
    }

    /// The process when ready (also for raw access by the conformance check).
    nonisolated func readyProcess() async throws -> PluginProcess {
        if let process = traffic.withLock({ $0.ready }) { return process }
        return try await startedProcess()
    }

    /// The process once ready, starting it when needed.
    private func startedProcess() async throws -> PluginProcess {
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
            var manifest: PluginManifest
            do {
                manifest = try (fields["manifest"] ?? .null).decode(PluginManifest.self)
            } catch {
                throw HandshakeRefusal("its manifest is not valid: \(error)")
            }
            // A capability counts only when the protocol version that brought it was chosen.
            if !PluginProtocol.version(chosen, includes: 1, 1) { manifest.capabilities.validateBatch = false }
            if !PluginProtocol.version(chosen, includes: 1, 2) { manifest.capabilities.exportFormats = [] }
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
            process.kill()
        }
    }

    /// A refusal that restarting cannot fix: open the circuit right away.
    private func refuse(_ process: PluginProcess, _ reason: String) {
        logger.error("plugin \(definition.id) refused: \(reason)")
        lastError = reason
        state = .failed
        failWaiters(PluginCallError.unavailable(plugin: definition.id, reason: reason))
        spawn { process.terminate(grace: .seconds(1)) }
    }

    /// Pings on a fixed beat, busy or not (protocol §10.4): a ping still unanswered when the next one is due is
    /// missed, and the third missed ping in a row means the process hangs. Each ping waits at most one interval,
    /// so a hang is found 30 to 40 s after it began with the default 10 s interval, not after twice that.
    private func pingLoop(_ process: PluginProcess) async {
        let interval = definition.timeouts.pingInterval
        let answered = Mutex(true)  // nothing is outstanding before the first ping
        var beat = PingBeat()
        while self.process === process, state == .ready, !stopping {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            guard self.process === process, state == .ready, !stopping else { return }
            if beat.isHung(afterPreviousPingAnswered: answered.withLock { $0 }) {
                killReason = "missed \(beat.missed) pings in a row; killed it as hung"
                logger.warning("plugin \(definition.id) missed \(beat.missed) pings; restarting it")
                process.kill()
                return
            }
            answered.withLock { $0 = false }
            spawn {
                if (try? await process.request(PluginProtocol.Method.ping, .object([:]), timeout: interval)) != nil {
                    answered.withLock { $0 = true }
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
        let ended = PluginProcess.describe(ending)
        let reason = killReason.map { "\($0) (\(ended))" } ?? ended
        killReason = nil
        if lastError == nil || state == .ready || state == .starting { lastError = reason }
        lastCrash = PluginCrash(at: Date(), reason: reason, stderrTail: lastStderr)
        restarts += 1
        metrics.restarts.increment()
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
            process.notify(PluginProtocol.Method.exit)
        }
        process.terminate(grace: definition.timeouts.shutdownGrace)
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
        let lastCrash = self.lastCrash
        var inFlight = 0
        if let process {
            stderr = process.stderrTail.snapshot
            pid = process.pid
            inFlight = process.inFlight
        }
        let traffic = traffic.withLock { $0 }
        return PluginStatus(
            id: definition.id, version: manifest?.version ?? definition.version,
            protocolVersion: protocolVersion ?? definition.protocolVersion,
            state: state, pid: state == .ready || state == .starting ? pid : nil, restarts: restarts, inFlight: inFlight,
            lastError: lastError, stderrTail: stderr, lastCrash: lastCrash, manifest: definition.manifestFile.path,
            displayName: manifest.map { ["nl": $0.displayName.nl, "en": $0.displayName.en] }, requests: traffic.requests,
            errors: traffic.errors, queued: traffic.waitingCalls.count, latencyMsTotal: Self.milliseconds(traffic.latencyTotal),
            latencyMsMax: Self.milliseconds(traffic.latencyMax), exportFormats: manifest?.capabilities.exportFormats.map(\.id) ?? [])
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}

struct HandshakeRefusal: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// The count behind health pings (protocol §10.4): at each beat, a ping still unanswered since the previous
/// beat is missed; an answered one resets the count; the third missed ping in a row means the process hangs.
struct PingBeat {
    private(set) var missed = 0
    let limit = 3

    /// - Returns: whether the process is to be taken for hung.
    mutating func isHung(afterPreviousPingAnswered answered: Bool) -> Bool {
        missed = answered ? 0 : missed + 1
        return missed >= limit
    }
}
