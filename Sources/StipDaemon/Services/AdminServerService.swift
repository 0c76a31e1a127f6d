import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StipAdminAPI
import StipParticipation

/// The admin API on the Unix socket; removes the socket file when it has drained.
struct AdminServerService: Service {
    let settings: DaemonSettings
    let participation: Participation
    let scrape: MetricsScrape
    let gate: StartupGate
    let logger: Logger

    func run() async throws {
        // The socket appears only when start-up is done: a request sent as soon as it exists sees a ready daemon.
        await gate.waitUntilOpen()
        let api = AdminAPI(
            participation: participation,
            settings: AdminAPISettings(
                maxBodyBytes: settings.maxBodyBytes, maxImportBytes: settings.maxImportBytes,
                metrics: { [scrape] in (await scrape.text(), MetricsScrape.contentType) }))
        let router = api.buildRouter(logger: logger)
        let path = settings.socketPath
        let mode = settings.socketMode
        let logger = self.logger
        let connections = settings.adminConnections
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(connections.idleTimeoutSeconds)))),
            configuration: .init(
                address: .unixDomainSocket(path: path), serverName: "stipd",
                availableConnectionsDelegate: .maximum(connections.maxConnections, logger: logger)),
            onServerRunning: { _ in
                do {
                    try AdminSocketPreparation.applyMode(mode, to: path)
                    logger.notice("admin API listening on \(path) (mode \(String(mode, radix: 8)))")
                } catch {
                    logger.critical("\(error)")
                }
            },
            logger: logger
        )
        defer { unlink(path) }
        try await app.run()
    }
}
