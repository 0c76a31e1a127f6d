public import Foundation
import Logging
public import ServiceLifecycle
import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON

/// Validates contributions that were stored while their plugin was unavailable, as soon as it is back.
///
/// It runs on a timer and when woken (a plugin reload or restart, a new pending contribution), and only
/// looks at workspaces known to hold pending contributions: found by one scan at start, then kept up to date.
///
/// It validates one contribution per request, so that a crash names its cause: a contribution whose validation
/// was in flight at two crashes of its plugin is quarantined (kept, with the crash's stderr, for an admin to
/// retry or reject) instead of crashing the method for every municipality every ten seconds.
public actor PendingValidator: Service {
    let workspaces: any WorkspaceStore
    let store: any ParticipationStore
    let plugins: PluginHost
    let interval: Duration
    let logger: Logger
    private var slugs: Set<WorkspaceSlug> = []
    /// What is quarantined, on the whole node: shown with its plugin in `stipctl plugin list`.
    private var quarantined: Set<QuarantinedContribution> = []
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(
        workspaces: any WorkspaceStore, store: any ParticipationStore, plugins: PluginHost, interval: Duration = .seconds(10),
        logger: Logger
    ) {
        self.workspaces = workspaces
        self.store = store
        self.plugins = plugins
        self.interval = interval
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Remembers that `slug` holds a pending contribution, and asks for a pass: a plugin that crashed is usually
    /// back within a second, and the contribution need not wait for the timer. Passes do not pile up: wake-ups
    /// that come during a pass make one more pass.
    func note(_ slug: WorkspaceSlug) {
        slugs.insert(slug)
        wake.yield()
    }

    /// The quarantined contributions of `method`, oldest workspace first.
    func quarantined(of method: String) -> [QuarantinedContribution] {
        quarantined.filter { $0.method == method }.sorted { ($0.workspace.rawValue, $0.id) < ($1.workspace.rawValue, $1.id) }
    }

    /// An admin retried or rejected a quarantined contribution.
    func released(_ slug: WorkspaceSlug, _ id: String) {
        quarantined = quarantined.filter { !($0.workspace == slug && $0.id == id) }
    }

    /// A workspace went away: forget what it held.
    func forget(_ slug: WorkspaceSlug) {
        slugs.remove(slug)
        quarantined = quarantined.filter { $0.workspace != slug }
    }

    /// What waits for validation on the whole node: a reason for a degraded health, and a metric.
    public struct Backlog: Sendable {
        /// Contributions waiting, and (of those) since when the oldest has waited.
        public var count: Int
        public var oldest: Date?
        /// Contributions quarantined: they wait for an admin.
        public var quarantined: Int
    }

    /// Counts what waits, reading only the workspaces known to hold pending contributions.
    public func backlog() async -> Backlog {
        var result = Backlog(count: 0, oldest: nil, quarantined: quarantined.count)
        for slug in slugs {
            guard let found = try? await store.pendingBacklog(slug) else { continue }
            result.count += found.count
            if let oldest = found.oldest, result.oldest.map({ oldest < $0 }) ?? true { result.oldest = oldest }
        }
        return result
    }

    /// Asks for a pass now (after a plugin reload or restart).
    public nonisolated func wakeUp() {
        wake.yield()
    }

    public func run() async throws {
        await scan()
        let interval = self.interval
        let wake = self.wake
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                wake.yield()
            }
        }
        defer { ticker.cancel() }
        for await _ in wakeups.cancelOnGracefulShutdown() {
            await pass()
        }
    }

    /// Finds the workspaces with pending contributions (once, at start).
    func scan() async {
        do {
            for workspace in try await workspaces.workspaces(in: [.active, .suspended]) {
                if let found = try? await store.pendingContributions(workspace.slug, limit: 1), !found.isEmpty {
                    slugs.insert(workspace.slug)
                }
                if let set = try? await store.quarantinedContributions(workspace.slug) { quarantined.formUnion(set) }
            }
        } catch {
            logger.error("pending validation: cannot list workspaces: \(error)")
        }
        if !slugs.isEmpty { logger.notice("pending validation: \(slugs.count) workspace(s) hold contributions waiting for their plugin") }
        if !quarantined.isEmpty {
            logger.warning(
                "pending validation: \(quarantined.count) contribution(s) are quarantined; see `stipctl contributions list WORKSPACE --state quarantined`"
            )
        }
    }

    /// One pass over every workspace with pending contributions.
    func pass() async {
        for slug in slugs.sorted() {
            do {
                if try await validate(slug) { slugs.remove(slug) }
            } catch {
                logger.warning("pending validation in \(slug): \(error)")
            }
        }
    }

    /// Counts a crash against the contribution that was in flight; the second one quarantines it.
    private func recordCrash(_ slug: WorkspaceSlug, _ item: PendingContribution, _ crash: ValidationCrash) async throws {
        guard try await store.recordValidationCrash(slug, item.id, crash) else {
            logger.warning("pending validation: \(crash.method) failed while validating \(slug)/\(item.id): \(crash.reason)")
            return
        }
        quarantined.insert(QuarantinedContribution(workspace: slug, id: item.id, method: crash.method))
        logger.error(
            "pending validation: contribution \(slug)/\(item.id) quarantined: validating it crashed \(crash.method) twice (last: \(crash.reason)); the method stays up for everyone else. Look at it with `stipctl contributions show \(slug)/\(item.id)`, then `stipctl contributions retry` or `reject` it"
        )
    }

    /// Validates what it can; returns true when nothing is pending any more.
    private func validate(_ slug: WorkspaceSlug) async throws -> Bool {
        var unavailable: Set<String> = []
        while true {
            let batch = try await store.pendingContributions(slug, limit: 200).filter { !unavailable.contains($0.method) }
            if batch.isEmpty { return unavailable.isEmpty }
            for item in batch where !unavailable.contains(item.method) {
                do {
                    let result = try await plugins.call(
                        item.method, PluginProtocol.Method.validateContribution,
                        .object([
                            "workspace": .string(slug.rawValue), "activity_id": .string(item.activity), "config": item.config,
                            "submission": item.payload, "channel": .string(item.channel.rawValue),
                        ]))
                    try await store.resolvePending(
                        slug, item.id,
                        .accepted(
                            normalised: result["contribution"] ?? item.payload,
                            themes: ThemeNames.found(in: result)))
                    logger.info("pending validation: contribution \(slug)/\(item.id) accepted")
                } catch let PluginCallError.rpc(error) where error.knownCode == .invalidContribution {
                    let problems = error.fieldErrors.map { FieldIssue(field: $0.pointer, message: $0.message) }
                    try await store.resolvePending(slug, item.id, .rejected(problems: problems))
                    logger.notice("pending validation: contribution \(slug)/\(item.id) refused by \(item.method), kept for review")
                } catch let PluginCallError.crashed(plugin, _, reason, stderrTail) {
                    try await recordCrash(slug, item, ValidationCrash(at: Date(), method: plugin, reason: reason, stderrTail: stderrTail))
                    unavailable.insert(item.method)  // it restarts; the rest waits for the next pass
                } catch let PluginCallError.timeout(plugin, method, after) {
                    // Alone in its request, a validation that never ends is as telling as a crash.
                    let hang = ValidationCrash(
                        at: Date(), method: plugin, reason: "no answer to \(method) within \(after)", stderrTail: [])
                    try await recordCrash(slug, item, hang)
                    unavailable.insert(item.method)
                } catch {
                    unavailable.insert(item.method)
                }
            }
        }
    }
}
