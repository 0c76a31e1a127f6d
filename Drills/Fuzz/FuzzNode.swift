import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import StipAdminAPI
import StipDomain
import StipParticipation
import StipPluginDefinition
import StipPluginHost
import StipResidentSite
import StipStorage

/// A node in this process with the real participation services, the real method plugins, the admin API on a
/// Unix socket and the resident pages on loopback: what the HTTP and plan readers are fed to.
final class FuzzNode: Sendable {
    static let slug = "fuzz"
    let root: URL
    let participation: Participation
    let plugins: PluginHost
    let signer: PublicSigner
    let adminSocket: String
    let publicPort: Int

    /// A poll open for years, so that residents' answers reach the plugin.
    static let plan = """
        kind: Trajectory
        workspace: fuzz
        id: stationsplein
        title: Stationsplein
        why: Het plein moet veiliger.
        result_description: Een gekozen variant.
        participation_level: consult
        decision_maker: council
        legal_basis: voluntary
        owner: Team Openbare Ruimte
        phases:
          - {id: choose, title: Kiezen, starts: 2026-01-01, ends: 2099-12-31}
        activities:
          - id: variant-poll
            method: poll
            phase: choose
            config:
              opens: 2026-01-01T00:00
              closes: 2099-12-31T23:59
              one_response_per: browser
              questions:
                - {id: variant, type: single_choice, text: Welke variant?, options: [{id: a, label: A}, {id: b, label: B}]}
                - {id: safety, type: scale, text: Hoe veilig?, min: 1, max: 5}
                - {id: why, type: text, text: Waarom?, optional: true}

        """

    private init(
        root: URL, participation: Participation, plugins: PluginHost, signer: PublicSigner, adminSocket: String, publicPort: Int
    ) {
        self.root = root
        self.participation = participation
        self.plugins = plugins
        self.signer = signer
        self.adminSocket = adminSocket
        self.publicPort = publicPort
    }

    /// Starts everything in tasks of its own, which live as long as the process; returns once both servers listen.
    static func start(binaries: URL) async throws -> FuzzNode {
        var logger = Logger(label: "stip-fuzz")
        logger.logLevel = .critical
        let root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-fuzz-\(getpid())", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root.appending(path: "data")), maxOpenWorkspaces: 16)
        let plugins = PluginHost(directories: [], logger: logger)
        for method in ["poll", "workshop", "neighbourhood-walk"] {
            let manifest = root.appending(path: "plugins/\(method)/plugin.yaml")
            try FileManager.default.createDirectory(at: manifest.deletingLastPathComponent(), withIntermediateDirectories: true)
            try
                "id: \(method)\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: \(binaries.appending(path: "stip-plugin-\(method)").path)\nmax_concurrent_requests: 64\n"
                .write(to: manifest, atomically: true, encoding: .utf8)
            plugins.install(try PluginDefinition.load(manifest))
        }
        Task { try await plugins.run() }
        let participation = Participation(store: store, plugins: plugins, logger: logger)
        _ = try await store.createWorkspace(
            try WorkspaceDraft(slug: slug, name: "Gemeente Fuzz", cbsCode: nil, timeZone: nil, locale: "nl"), by: .daemon)
        for method in ["poll", "workshop", "neighbourhood-walk"] {
            _ = try await participation.methods.enable(method, in: try await participation.resolver.resolve(slug), by: .daemon)
        }
        do {
            _ = try await participation.trajectories.apply(plan, file: "fuzz-plan.yaml", options: .init(), by: .daemon)
        } catch {
            throw FuzzFailure(
                "the fuzz node's plan was refused: \(error.message) \(error.fieldIssues.map { "\($0.field): \($0.message)" })")
        }
        _ = try await participation.trajectories.setStatus(
            try await participation.resolver.resolve(slug), "stationsplein", .active, by: .daemon)
        let signer = try PublicSigner.loadOrCreate(at: root.appending(path: "public.key"))

        let adminSocket = root.appending(path: "admin.sock").path
        let admin = AdminAPI(participation: participation, settings: AdminAPISettings()).buildRouter(logger: logger)
        let adminUp = AsyncStream<Void>.makeStream()
        let adminApp = Application(
            router: admin, configuration: .init(address: .unixDomainSocket(path: adminSocket)),
            onServerRunning: { _ in adminUp.continuation.yield() }, logger: logger)
        Task { try await adminApp.run() }
        let site = ResidentSite(
            participation: participation, signer: signer,
            settings: ResidentSiteSettings(rateLimitPerMinute: 0, pageRateLimitPerMinute: 0))
        let ports = AsyncStream<Int>.makeStream()
        let publicApp = Application(
            router: site.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        Task { try await publicApp.run() }
        for await _ in adminUp.stream { break }
        var port = 0
        for await value in ports.stream {
            port = value
            break
        }
        return FuzzNode(
            root: root, participation: participation, plugins: plugins, signer: signer, adminSocket: adminSocket, publicPort: port)
    }
}
