import Hummingbird
import Logging
import ServiceLifecycle

/// `GET /metrics` alone on `metrics.listen` (loopback), for a Prometheus scraper that cannot reach the admin
/// socket. Nothing else is served there: the admin API stays on the socket.
struct MetricsServerService: Service {
    let listen: ListenAddress
    let scrape: MetricsScrape
    let gate: StartupGate
    let logger: Logger

    func run() async throws {
        await gate.waitUntilOpen()
        let router = Router()
        let scrape = self.scrape
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: MetricsScrape.contentType],
                body: .init(byteBuffer: ByteBuffer(string: await scrape.text())))
        }
        let listen = self.listen
        let logger = self.logger
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(30))),
            configuration: .init(
                address: .hostname(listen.host, port: listen.port), serverName: "stipd",
                availableConnectionsDelegate: .maximum(16, logger: logger)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                logger.notice("metrics listening on http://\(ListenAddress(host: listen.host, port: port))/metrics")
            },
            logger: logger)
        try await app.run()
    }
}
