import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import StipDomain
import StipParticipation
import StipPluginHost
import StipServer
import StipStorage

// Durable poll responses per second through the resident pages' JSON route — plugin validation, one response
// per browser, group commit with synchronous=FULL — from a concurrent loopback client across several
// workspaces, against a Hummingbird hello-world route measured in the same run.
// Usage: public-responses PATH/TO/stip-plugin-poll [responses] [workspaces]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: public-responses PATH/TO/stip-plugin-poll [responses] [workspaces]")
    exit(2)
}
let pollExecutable = URL(filePath: arguments[1]).standardizedFileURL
let total = arguments.count > 2 ? Int(arguments[2]) ?? 20000 : 20000
let workspaceCount = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
let concurrency = 64

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()

/// A Hummingbird application on a free loopback port, and a stream that yields the port once it listens.
func application<Context: RequestContext>(_ router: Router<Context>) -> (Application<RouterResponder<Context>>, AsyncStream<Int>)
where Context.Source == ApplicationRequestContextSource {
    let (ports, portInput) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portInput.yield(channel.localAddress?.port ?? 0) }, logger: logger)
    return (app, ports)
}

func firstPort(_ ports: AsyncStream<Int>) async -> Int {
    for await port in ports { return port }
    return 0
}

let root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-public-bench-\(getpid())", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root.appending(path: "data")), maxOpenWorkspaces: 16)
let manifest = root.appending(path: "poll/plugin.yaml")
try FileManager.default.createDirectory(at: manifest.deletingLastPathComponent(), withIntermediateDirectories: true)
try "id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: \(pollExecutable.path)\nmax_concurrent_requests: 1024\n".write(
    to: manifest, atomically: true, encoding: .utf8)
let plugins = PluginHost(directories: [], logger: logger)
plugins.install(try PluginDefinition.load(manifest))
let participation = ParticipationServices(store: store, plugins: plugins, logger: logger)
let signer = try PublicSigner.loadOrCreate(at: root.appending(path: "public.key"))

let plan = """
    kind: Trajectory
    workspace: WORKSPACE
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
            - {id: variant, type: single_choice, text: Welke variant?, options: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]}
            - {id: safety, type: scale, text: Hoe veilig?, min: 1, max: 5}
    """

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await plugins.run() }
    var created: [String] = []
    for index in 0..<workspaceCount {
        let slug = "gemeente-\(index)"
        _ = try await store.createWorkspace(
            try WorkspaceDraft(slug: slug, name: slug, cbsCode: nil, timeZone: nil, locale: "nl"), by: .daemon)
        _ = try await store.enableMethod("poll", in: try WorkspaceSlug(validating: slug), by: .daemon)
        _ = try await participation.applier.apply(
            plan.replacingOccurrences(of: "WORKSPACE", with: slug), file: nil, options: .init(), by: .daemon)
        _ = try await store.setTrajectoryStatus(try WorkspaceSlug(validating: slug), "stationsplein", .active, by: .daemon)
        created.append(slug)
    }
    let slugs = created

    let api = PublicAPI(
        workspaces: store, participation: participation, plugins: plugins, signer: signer,
        settings: PublicAPISettings(rateLimitPerMinute: 0))
    let (publicApp, publicPorts) = application(api.buildRouter())
    group.addTask { try await publicApp.runService() }
    let publicPort = await firstPort(publicPorts)
    let hello = Router()
    hello.get("/hello") { _, _ in "hello" }
    let (helloApp, helloPorts) = application(hello)
    group.addTask { try await helloApp.runService() }
    let helloPort = await firstPort(helloPorts)

    let load = LoadClient(concurrency: concurrency)
    let body = #"{"answers": {"variant": "b", "safety": 4}}"#
    let cookies = (0..<(total * 2)).map { _ in signer.newBrowserCookie().value }
    let respond: @Sendable (Int) -> HTTPClientRequest = { index in
        var request = HTTPClientRequest(
            url: "http://127.0.0.1:\(publicPort)/api/v1/\(slugs[index % slugs.count])/stationsplein/variant-poll/responses")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Cookie", value: "stip_b=\(cookies[index])")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }
    // Warm up: start the plugin, fill the form cache, open the databases.
    _ = try await load.run(total: 256, { respond(total + $0) }, expect: .created)
    _ = try await load.run(total: 2000, { _ in HTTPClientRequest(url: "http://127.0.0.1:\(helloPort)/hello") }, expect: .ok)

    let baseline = try await load.run(total: total, { _ in HTTPClientRequest(url: "http://127.0.0.1:\(helloPort)/hello") }, expect: .ok)
    let responses = try await load.run(total: total, respond, expect: .created)
    try await load.shutdown()

    var stored = 0
    for slug in slugs {
        stored += try await store.contributions(try WorkspaceSlug(validating: slug), ContributionFilter(limit: .max)).count
    }
    func line(_ name: String, _ r: LoadClient.Result) -> String {
        name.padding(toLength: 48, withPad: " ", startingAt: 0)
            + String(
                format: "%9.0f/s   p50 %6.2f ms   p99 %6.2f ms   failures %d", r.perSecond, r.percentile(0.5), r.percentile(0.99),
                r.failures)
    }
    print("\(total) requests each, \(concurrency) concurrent connections, \(workspaceCount) workspaces, loopback, 1 process")
    print(line("hello-world route (baseline)", baseline))
    print(line("durable poll responses (validated, FULL sync)", responses))
    print(String(format: "ratio: %.2f× of the baseline", responses.perSecond / baseline.perSecond))
    print("stored: \(stored) of \(total + 256) responses acknowledged (warm-up included)")
    group.cancelAll()
}
