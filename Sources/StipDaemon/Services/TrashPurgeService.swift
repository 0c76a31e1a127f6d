import Foundation
import Logging
import ServiceLifecycle
import StipStorage

/// Once a day (and once at start), removes deleted workspaces older than the retention period from the trash.
struct TrashPurgeService<C: Clock>: Service where C.Duration == Duration {
    let store: any WorkspaceStore
    let runtime: RuntimeState
    let clock: C
    let logger: Logger
    var interval: Duration = .seconds(24 * 60 * 60)

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await purgeOnce()
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    func purgeOnce() async {
        let days = runtime.settings.trashRetentionDays
        let cutoff = Date().addingTimeInterval(-Double(days) * 24 * 60 * 60)
        do {
            let removed = try await store.purgeTrash(olderThan: cutoff)
            if !removed.isEmpty {
                logger.info(
                    "purged \(removed.count) file(s) older than \(days) days from the trash",
                    metadata: ["files": "\(removed.joined(separator: ","))"])
            }
        } catch {
            logger.error("trash purge failed: \(error)")
        }
    }
}
