import CoreMetrics
public import Foundation
import Logging
public import ServiceLifecycle
import StipDomain
import StipStorage

/// Applies each workspace's retention period once a day: contact details of participants of trajectories
/// closed longer ago are deleted and the participants anonymised (AVG storage limitation). Logged and audited.
public struct RetentionService: Service {
    let workspaces: any WorkspaceStore
    let store: any ParticipationStore
    let every: Duration
    let firstAfter: Duration
    let logger: Logger

    init(
        workspaces: any WorkspaceStore, store: any ParticipationStore, every: Duration = .seconds(86_400),
        firstAfter: Duration = .seconds(60),
        logger: Logger
    ) {
        self.workspaces = workspaces
        self.store = store
        self.every = every
        self.firstAfter = firstAfter
        self.logger = logger
    }

    public func run() async throws {
        var wait = firstAfter
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let pause = wait
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            } catch {
                return
            }
            await sweepAll(now: Date())
            wait = every
        }
    }

    /// Sweeps every workspace that is not deleted.
    public func sweepAll(now: Date) async {
        let all: [Workspace]
        do {
            all = try await workspaces.workspaces(in: [.active, .suspended])
        } catch {
            logger.error("retention: cannot list workspaces: \(error)")
            return
        }
        for workspace in all {
            do {
                let report = try await store.sweepRetention(workspace.slug, now: now, by: .daemon)
                ParticipationMetrics.retentionSweep(failed: false, anonymised: report.participantsAnonymised)
                if report.participantsAnonymised > 0 {
                    logger.notice(
                        "retention: \(workspace.slug): anonymised \(report.participantsAnonymised) participant(s), deleted \(report.contactsDeleted) contact(s) of trajectories closed over \(report.retentionMonths) months ago"
                    )
                }
            } catch {
                ParticipationMetrics.retentionSweep(failed: true, anonymised: 0)
                logger.error("retention: \(workspace.slug): \(error)")
            }
        }
    }
}
