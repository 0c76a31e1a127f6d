import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import StipParticipation
import StipResidentSite

/// The resident pages on `public.listen` (loopback by default, behind the municipality's reverse proxy).
struct PublicServerService: Service {
    let settings: DaemonSettings
    let participation: Participation
    let signer: PublicSigner
    let gate: StartupGate
    let logger: Logger

    func run() async throws {
        let pages = settings.publicPages
        let site = ResidentSite(
            participation: participation, signer: signer,
            settings: ResidentSiteSettings(
                maxBodyBytes: pages.maxBodyBytes, rateLimitPerMinute: pages.rateLimitPerMinute, rateLimitBurst: pages.rateLimitBurst,
                secureCookies: pages.secureCookies, rootRedirect: pages.rootRedirect,
                pageRateLimitPerMinute: pages.pageRateLimitPerMinute, pageRateLimitBurst: pages.pageRateLimitBurst))
        let listen = settings.listen
        let logger = self.logger
        await gate.waitUntilOpen()
        let app = Application(
            router: site.buildRouter(),
            // A connection that sends nothing, or half a request, is closed after the idle timeout; beyond
            // max_connections new ones wait in the listen queue.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(pages.connections.idleTimeoutSeconds)))),
            configuration: .init(
                address: .hostname(listen.host, port: listen.port), serverName: "stipd",
                availableConnectionsDelegate: .maximum(pages.connections.maxConnections, logger: logger)),
            onServerRunning: { channel in
                // With port 0 the system picks one: log the real address.
                let port = channel.localAddress?.port ?? listen.port
                logger.notice("resident pages listening on http://\(ListenAddress(host: listen.host, port: port))")
            },
            logger: logger
        )
        try await app.run()
    }
}
