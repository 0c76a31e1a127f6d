import AsyncHTTPClient
import BenchmarkSupport
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import StipDomain
import StipJSON
import StipParticipation
import StipPluginDefinition
import StipPluginHost
import StipResidentSite
import StipStorage

// Two hostile loads from the hardening issue, each against a baseline measured in the same run:
//
// 1. 100 000 requests for trajectory ids that do not exist: the process's resident memory before and after,
//    and the latency of a real form page before and after (the baseline is the page before the flood).
// 2. A population import of 300 000 rows (about 40 MB, streamed and written in chunks) while residents send
//    poll responses to the same workspace, 50 a second (a very busy poll): the slowest response during the
//    import against the slowest before it, the import's time against the same import with nobody responding,
//    and the memory before, at the end of, and a while after the import.
//
// Usage: hostile-load PATH/TO/stip-plugin-poll [unknown-ids] [population-rows]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: hostile-load PATH/TO/stip-plugin-poll [unknown-ids] [population-rows]")
    exit(2)
}
let pollExecutable = URL(filePath: arguments[1]).standardizedFileURL
let unknownCount = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let populationRows = arguments.count > 3 ? Int(arguments[3]) ?? 300_000 : 300_000

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

var logger = Logger(label: "bench")
logger.logLevel = .critical

let root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-hostile-bench-\(getpid())", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root.appending(path: "data")), maxOpenWorkspaces: 16)
let plugins = try pollHost(executable: pollExecutable, under: root, logger: logger)
let participation = Participation(store: store, plugins: plugins, logger: logger)
let signer = try PublicSigner.loadOrCreate(at: root.appending(path: "public.key"))
let slug = "gemeente"
let plan = """
    kind: Trajectory
    workspace: \(slug)
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
    """

let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: .init(redirectConfiguration: .disallow))

func get(_ port: Int, _ path: String) async throws -> (Int, Duration) {
    let clock = ContinuousClock()
    let started = clock.now
    let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(30))
    _ = try await response.body.collect(upTo: 1 << 20)
    return (Int(response.status.code), clock.now - started)
}

/// Latencies of `count` sequential GETs of `path`, in ms.
func latencies(_ port: Int, _ path: String, count: Int) async throws -> [Double] {
    var values: [Double] = []
    for _ in 0..<count { values.append(milliseconds(try await get(port, path).1)) }
    return values
}

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await plugins.run() }
    _ = try await store.createWorkspace(
        try WorkspaceDraft(slug: slug, name: "Gemeente", cbsCode: nil, timeZone: nil, locale: "nl"), by: .daemon)
    let workspace = try await participation.resolver.resolve(slug)
    _ = try await participation.methods.enable("poll", in: workspace, by: .daemon)
    _ = try await participation.trajectories.apply(plan, file: nil, options: .init(), by: .daemon)
    _ = try await participation.trajectories.setStatus(
        try await participation.resolver.resolve(slug), "stationsplein", .active, by: .daemon)

    let site = ResidentSite(
        participation: participation, signer: signer, settings: ResidentSiteSettings(rateLimitPerMinute: 0, pageRateLimitPerMinute: 0))
    let (ports, portInput) = AsyncStream.makeStream(of: Int.self)
    let app = Application(
        router: site.buildRouter(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { portInput.yield($0.localAddress?.port ?? 0) }, logger: logger)
    group.addTask { try await app.runService() }
    var port = 0
    for await value in ports {
        port = value
        break
    }
    let formPath = "/\(slug)/stationsplein/variant-poll"

    // 1. Unknown trajectory ids.
    progress("warming up the form page")
    _ = try await latencies(port, formPath, count: 200)
    let before = try await latencies(port, formPath, count: 1000)
    let memoryBefore = residentMiB()
    progress("asking for \(unknownCount) unknown trajectory ids")
    let notFound = try await askForUnknownIDs(port: port, workspace: slug, count: unknownCount)
    if notFound != unknownCount { print("warning: \(unknownCount - notFound) unknown ids did not answer 404") }
    let memoryAfter = residentMiB()
    let after = try await latencies(port, formPath, count: 1000)
    print("1. \(unknownCount) requests for unknown trajectory ids, in process")
    print(
        String(
            format: "   resident memory        before %7.1f MiB   after %7.1f MiB   grew %+6.1f MiB", memoryBefore, memoryAfter,
            memoryAfter - memoryBefore))
    print(
        String(
            format: "   form page p50 (baseline) %6.2f ms   after %6.2f ms   ratio %.2f×", percentile(before, 0.5), percentile(after, 0.5),
            percentile(after, 0.5) / percentile(before, 0.5)))
    print(
        String(
            format: "   form page p99 (baseline) %6.2f ms   after %6.2f ms   ratio %.2f×", percentile(before, 0.99),
            percentile(after, 0.99), percentile(after, 0.99) / percentile(before, 0.99)))

    // 2. A large population import while a resident responds.
    progress("writing a CBS export of \(populationRows) rows")
    let csvFile = root.appending(path: "kwb.csv")
    _ = FileManager.default.createFile(atPath: csvFile.path, contents: nil)
    let out = try FileHandle(forWritingTo: csvFile)
    try out.write(
        contentsOf: Data(
            "\"Codering_3\";\"WijkenEnBuurten\";\"AantalInwoners_5\";\"k_0Tot15Jaar_8\";\"k_15Tot25Jaar_9\";\"k_25Tot45Jaar_10\";\"k_45Tot65Jaar_11\";\"k_65JaarOfOuder_12\";\"HuishoudensTotaal_28\"\n"
                .utf8))
    var chunk = ""
    for index in 0..<populationRows {
        chunk +=
            "\"BU\(String(format: "%08d", index))\";\"Buurt \(index) met een wat langere naam om de regel te vullen\";\"\(1000 + index % 500)\";\"150\";\"120\";\"300\";\"280\";\"150\";\"480\"\n"
        if index % 10_000 == 9_999 {
            try out.write(contentsOf: Data(chunk.utf8))
            chunk = ""
        }
    }
    try out.write(contentsOf: Data(chunk.utf8))
    try out.close()
    let size = (try FileManager.default.attributesOfItem(atPath: csvFile.path)[.size] as? Int) ?? 0

    /// Sends poll responses, one every 20 ms (or as soon as the previous one is acknowledged, when that takes
    /// longer), until `stop` says so; returns their latencies in ms.
    func respond(until stop: @escaping @Sendable () -> Bool) async throws -> [Double] {
        let clock = ContinuousClock()
        let resolved = try await participation.resolver.resolve(slug)
        guard let trajectory = try await participation.residents.trajectory(resolved, "stationsplein"),
            let activity = await participation.residents.activity(resolved, in: trajectory, "variant-poll")
        else { throw CancellationError() }
        var values: [Double] = []
        repeat {
            let started = clock.now
            _ = try await participation.residents.submit(
                resolved, to: activity, answers: .object(["answers": .object(["variant": .string("a")])]), proof: .none, language: "nl")
            values.append(milliseconds(clock.now - started))
            try await Task.sleep(until: started + .milliseconds(20))
        } while !stop()
        return values
    }

    progress("resident responses with no import")
    let deadline = ContinuousClock.now + .seconds(3)
    let idle = try await respond { ContinuousClock.now > deadline }
    let memoryBeforeImport = residentMiB()
    progress("importing \(size / 1_000_000) MB with nobody responding (the baseline)")
    let aloneClock = ContinuousClock()
    let aloneStarted = aloneClock.now
    _ = try await participation.population.importCSV(
        workspace, year: 2024, bytes: FileChunks(handle: try FileHandle(forReadingFrom: csvFile)), source: "kwb.csv", by: .daemon)
    let aloneTime = aloneClock.now - aloneStarted
    progress("importing \(size / 1_000_000) MB while residents respond")
    let done = ManagedFlag()
    let importClock = ContinuousClock()
    let importStarted = importClock.now
    async let during = respond { done.isSet }
    let handle = try FileHandle(forReadingFrom: csvFile)
    let report = try await participation.population.importCSV(
        workspace, year: 2025, bytes: FileChunks(handle: handle), source: "kwb.csv", by: .daemon)
    let importTime = importClock.now - importStarted
    let memoryAtEnd = residentMiB()
    done.set()
    let busy = try await during
    try await Task.sleep(for: .seconds(2))
    let memoryLater = residentMiB()
    print("2. a population import of \(report.stored) regions (\(size / 1_000_000) MB), streamed, while a resident responds")
    print(
        String(
            format: "   import took %.1f s   alone (baseline) %.1f s   ratio %.2f×", milliseconds(importTime) / 1000,
            milliseconds(aloneTime) / 1000, milliseconds(importTime) / milliseconds(aloneTime)))
    print(
        String(
            format: "   resident response  no import: max %6.1f ms (p99 %6.1f)   during: max %6.1f ms (p99 %6.1f)   %d responses",
            idle.max() ?? .nan, percentile(idle, 0.99), busy.max() ?? .nan, percentile(busy, 0.99), busy.count))
    print(
        String(
            format: "   resident memory    before %7.1f MiB   at the end %7.1f MiB   2 s later %7.1f MiB", memoryBeforeImport, memoryAtEnd,
            memoryLater))
    try await client.shutdown()
    group.cancelAll()
}

/// `count` GETs of made-up trajectory ids from 32 clients at once; returns how many were 404.
func askForUnknownIDs(port: Int, workspace: String, count: Int) async throws -> Int {
    let workers = 32
    return try await withThrowingTaskGroup(of: Int.self) { flood in
        for worker in 0..<workers {
            flood.addTask {
                var notFound = 0
                for index in stride(from: worker, to: count, by: workers) {
                    if try await get(port, "/\(workspace)/onbekend-\(index)/").0 == 404 { notFound += 1 }
                }
                return notFound
            }
        }
        return try await flood.reduce(0, +)
    }
}

/// A flag set once, read from other tasks.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

/// A file read in 64 KiB pieces, as an async sequence (what a request body looks like to the import).
struct FileChunks: AsyncSequence, @unchecked Sendable {
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        mutating func next() async throws -> [UInt8]? {
            guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else { return nil }
            return Array(data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}
