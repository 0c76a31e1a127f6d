import Foundation
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
public actor PendingValidator: Service {
    let workspaces: any WorkspaceStore
    let store: any ParticipationStore
    let plugins: PluginHost
    let interval: Duration
    let logger: Logger
    private var slugs: Set<WorkspaceSlug> = []
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

    /// Remembers that `slug` holds a pending contribution.
    func note(_ slug: WorkspaceSlug) {
        slugs.insert(slug)
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
            }
        } catch {
            logger.error("pending validation: cannot list workspaces: \(error)")
        }
        if !slugs.isEmpty { logger.notice("pending validation: \(slugs.count) workspace(s) hold contributions waiting for their plugin") }
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
                            themes: result["themes"]?.elements.compactMap(\.stringValue) ?? []))
                    logger.info("pending validation: contribution \(slug)/\(item.id) accepted")
                } catch let PluginCallError.rpc(error) where error.knownCode == .invalidContribution {
                    let problems = error.fieldErrors.map { FieldIssue(field: $0.pointer, message: $0.message) }
                    try await store.resolvePending(slug, item.id, .rejected(problems: problems))
                    logger.notice("pending validation: contribution \(slug)/\(item.id) refused by \(item.method), kept for review")
                } catch {
                    unavailable.insert(item.method)
                }
            }
        }
    }
}
