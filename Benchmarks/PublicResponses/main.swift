import StipPluginDefinition
import BenchmarkSupport
import Foundation
import Hummingbird
import Logging
import StipDomain
@_spi(Benchmark) import StipParticipation
import StipPluginHost
import StipResidentSite
import StipStorage
import StipJSON
import StipVocabulary
import Synchronization

// Durable poll responses per second through the resident pages' JSON route — plugin validation, one response
// per browser, group commit with synchronous=FULL — from wrk on loopback (its own process) across several
// workspaces, against a Hummingbird hello-world route measured the same way in the same run. Two more runs
// show where the floor of any durable response lies on this machine: a POST route that only collects the body,
// and one that group-commits the body as a contribution (same store, same FULL sync), with no plugin and no
// checks.
// Usage: public-responses PATH/TO/stip-plugin-poll [seconds] [workspaces]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: public-responses PATH/TO/stip-plugin-poll [seconds] [workspaces]")
    exit(2)
}
guard let wrk = WrkLoad.find() else {
    print("public-responses needs wrk (the HTTP load generator); install it with:  sudo apt-get install -y wrk")
    exit(2)
}
let pollExecutable = URL(filePath: arguments[1]).standardizedFileURL
let duration = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
/// Under callgrind (Benchmarks/instructions.py), each run stops after this many responses instead of after `duration`.
let countedRequests = InstructionCounter.runLength
let workspaceCount = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
let connections = 64

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()

// Cancelling the servers at the end is not an error worth printing.
let serverLogger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .critical
    return logger
}()

/// The responses a server has given so far: under callgrind, a run's instructions are divided by the requests the
/// server answered, which includes those still in flight when wrk stopped.
final class Answered: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// A router's responder that counts what it answers.
struct CountingResponder<Inner: HTTPResponder>: HTTPResponder {
    let inner: Inner
    let answered: Answered

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        let response = try await inner.respond(to: request, context: context)
        answered.add()
        return response
    }
}

/// A Hummingbird application on a free loopback port, the count of its responses, and a stream that yields the
/// port once it listens.
func application<Context: RequestContext>(_ router: Router<Context>) -> (
    Application<CountingResponder<RouterResponder<Context>>>, Answered, AsyncStream<Int>
)
where Context.Source == ApplicationRequestContextSource {
    let (ports, portInput) = AsyncStream.makeStream(of: Int.self)
    let answered = Answered()
    let app = Application(
        responder: CountingResponder(inner: router.buildResponder(), answered: answered),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in portInput.yield(channel.localAddress?.port ?? 0) }, logger: serverLogger)
    return (app, answered, ports)
}

func firstPort(_ ports: AsyncStream<Int>) async -> Int {
    for await port in ports { return port }
    return 0
}

let root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-public-bench-\(getpid())", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root.appending(path: "data")), maxOpenWorkspaces: 16)
let plugins = try pollHost(
    executable: pollExecutable, under: root, extra: "max_concurrent_requests: 1024\n" + InstructionCounter.pluginManifestLines,
    logger: logger)
let participation = Participation(store: store, plugins: plugins, logger: logger)
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
    var floorCreated: [WorkspaceSlug] = []
    for index in 0..<(2 * workspaceCount) {
        let floor = index >= workspaceCount
        let slug = floor ? "floor-\(index - workspaceCount)" : "gemeente-\(index)"
        _ = try await store.createWorkspace(
            try WorkspaceDraft(slug: slug, name: slug, cbsCode: nil, timeZone: nil, locale: "nl"), by: .daemon)
        _ = try await participation.methods.enable("poll", in: try await participation.resolver.resolve(slug), by: .daemon)
        _ = try await participation.trajectories.apply(
            plan.replacingOccurrences(of: "WORKSPACE", with: slug), file: nil, options: .init(), by: .daemon)
        _ = try await participation.trajectories.setStatus(
            try await participation.resolver.resolve(slug), "stationsplein", .active, by: .daemon)
        if floor { floorCreated.append(try WorkspaceSlug(validating: slug)) } else { created.append(slug) }
    }
    let slugs = created
    let floorSlugs = floorCreated

    let api = ResidentSite(participation: participation, signer: signer, settings: ResidentSiteSettings(rateLimitPerMinute: 0))
    let (publicApp, publicAnswered, publicPorts) = application(api.buildRouter())
    group.addTask { try await publicApp.runService() }
    let publicPort = await firstPort(publicPorts)
    let hello = Router()
    hello.get("/hello") { _, _ in "hello" }
    hello.post("/collect") { request, _ in
        _ = try await request.body.collect(upTo: 64 << 10)
        return Response(status: .created)
    }
    let committer = ResponseCommitter(store: store)
    hello.post("/floor/:index") { request, context in
        let slug = floorSlugs[context.parameters.get("index", as: Int.self) ?? 0]
        let body = try await request.body.collect(upTo: 64 << 10)
        _ = try await committer.commit(
            slug,
            NewContribution(
                trajectory: "stationsplein", activity: "variant-poll", participant: nil, channel: .online,
                payload: .object(["body": .string(String(buffer: body))]), themes: [], state: .accepted,
                occurredOn: LocalDate(Date(), in: .current), needsResponse: false),
            proof: .none)
        return Response(status: .created)
    }
    let (helloApp, helloAnswered, helloPorts) = application(hello)
    group.addTask { try await helloApp.runService() }
    let helloPort = await firstPort(helloPorts)

    let load = WrkLoad(executable: wrk, connections: connections, duration: duration, stopAfter: countedRequests, directory: root)
    let paths = slugs.map { "/api/v1/\($0)/stationsplein/variant-poll/responses" }
    let base = "http://127.0.0.1:\(publicPort)"
    // Every variant with every safety mark, as residents would answer (15 bodies; 15 is prime to 4 workspaces).
    let bodies = ["a", "b", "c"].flatMap { variant in
        (1...5).map { safety in #"{"answers": {"variant": "\#(variant)", "safety": \#(safety)}}"# }
    }
    // Every request is a new browser: a cookie the form would have handed out, signed by the server's key.
    func cookies(_ name: String, count: Int) throws -> URL {
        let file = root.appending(path: "\(name).cookies")
        try (0..<count).map { _ in signer.newBrowserCookie().value }.joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        return file
    }
    let perRun = countedRequests.map { $0 + 1000 } ?? 60_000 * duration
    let warmUpCookies = try cookies("warm-up", count: perRun)
    let measuredCookies = try cookies("measured", count: perRun)

    // Warm up: start the plugin, fill the look-up caches, open the databases, let wrk connect.
    let warmUpLoad = WrkLoad(
        executable: wrk, connections: connections, duration: 2, stopAfter: countedRequests.map { _ in 200 }, directory: root)
    let warmUp = try await warmUpLoad.post(base: base, paths: paths, cookieFile: warmUpCookies, bodies: bodies)
    _ = try await warmUpLoad.get("http://127.0.0.1:\(helloPort)/hello")

    let processes = [getpid(), await plugins.statuses().plugins.first?.pid]
    /// One measured run: what wrk saw and the CPU time it cost. Under callgrind, also its instructions (dumped as
    /// `label`) and the number of requests the server answered (printed as `counted LABEL: N`).
    func measure(_ label: String, _ what: String, _ answered: Answered, _ run: @Sendable () async throws -> WrkLoad.Result) async throws
        -> (
            WrkLoad.Result, CPUTime
        )
    {
        progress("measuring \(what)" + (countedRequests.map { " (\($0) requests)" } ?? " for \(duration) s"))
        let answeredBefore = answered.value
        // CPUTime reads /proc: outside the counted instructions.
        let before = CPUTime.now()
        await InstructionCounter.zero(processes)
        let result = try await run()
        if countedRequests != nil {
            // Requests in flight when wrk stopped are still answered: wait for them before the counters are read.
            var last = answered.value
            while true {
                try await Task.sleep(for: .seconds(2))
                if answered.value == last { break }
                last = answered.value
            }
            await InstructionCounter.dump(label, processes)
            print("counted \(label): \(last - answeredBefore)")
        }
        return (result, CPUTime.now() - before)
    }
    let (baseline, baselineCPU) = try await measure("hello", "the hello-world route", helloAnswered) {
        try await load.get("http://127.0.0.1:\(helloPort)/hello")
    }
    let (responses, responsesCPU) = try await measure("poll", "poll responses", publicAnswered) {
        try await load.post(base: base, paths: paths, cookieFile: measuredCookies, bodies: bodies)
    }
    let (collect, collectCPU) = try await measure("collect", "POST without storing", helloAnswered) {
        try await load.post(base: "http://127.0.0.1:\(helloPort)", paths: ["/collect"], cookieFile: measuredCookies, bodies: bodies)
    }
    let (floor, floorCPU) = try await measure("floor", "the floor", helloAnswered) {
        try await load.post(
            base: "http://127.0.0.1:\(helloPort)", paths: floorSlugs.indices.map { "/floor/\($0)" }, cookieFile: measuredCookies,
            bodies: bodies)
    }

    var stored = 0
    var validated = 0
    for slug in slugs {
        let all = try await store.contributions(try WorkspaceSlug(validating: slug), ContributionFilter(limit: .max))
        stored += all.count
        validated += all.filter { $0.state == .accepted }.count
    }
    func line(_ name: String, _ r: WrkLoad.Result, _ cpu: CPUTime) -> String {
        let perRequest = { (seconds: Double) in seconds / Double(max(r.requests, 1)) * 1e6 }
        return name.padding(toLength: 48, withPad: " ", startingAt: 0)
            + String(
                format: "%9.0f/s   p50 %6.2f ms   p99 %6.2f ms   CPU/request: server %5.1f µs, plugin %5.1f µs   failures %d",
                r.perSecond, r.p50, r.p99, perRequest(cpu.server), perRequest(cpu.plugins), r.failures)
    }
    print("wrk -t1 -c\(connections) -d\(duration)s on loopback; \(workspaceCount) workspaces; server in this process")
    print(line("hello-world route (baseline)", baseline, baselineCPU))
    print(line("durable poll responses (validated, FULL sync)", responses, responsesCPU))
    print(line("POST, body collected, nothing stored", collect, collectCPU))
    print(line("floor: body group-committed only", floor, floorCPU))
    print(
        String(
            format: "ratio: %.2f× of the baseline; the floor is %.2f× of the baseline; responses are %.2f× of the floor",
            responses.perSecond / baseline.perSecond, floor.perSecond / baseline.perSecond, responses.perSecond / floor.perSecond))
    let acknowledged = warmUp.requests + responses.requests - warmUp.failures - responses.failures
    // wrk counts only the responses it read before its time was up; those still in flight may be stored too.
    print("stored: \(stored) (\(validated) validated by the plugin); acknowledged: \(acknowledged) (warm-up included)")
    if stored < acknowledged || responses.failures > 0 || floor.failures > 0 || collect.failures > 0 {
        print("FAILED: an acknowledged response is missing or a request failed")
        exit(1)
    }
    group.cancelAll()
}
