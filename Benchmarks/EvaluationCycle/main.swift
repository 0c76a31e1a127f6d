import BenchmarkSupport
import Foundation
import Logging
import StipDomain
import StipJSON
import StipParticipation
import StipPluginDefinition
import StipPluginHost
import StipStorage
import StipVocabulary
import Synchronization

// Evaluation cycles under load, each against a baseline measured in the same run:
//
// 1. One workspace with N poll responses with profiles (default 1 000 000). Baseline: the same aggregates as the
//    host metrics (counted contributions, distinct participants, participants per profile, per activity and age
//    band, report-backs) run by the `sqlite3` shell over the same database file. Then: the host metrics alone
//    (`standing`), a whole cycle (streaming every response to the poll plugin), and a second cycle after 1 000
//    more responses, with the process's memory before and after.
// 2. W workspaces (default 342) with 3 active trajectories each, all due at the same minute ("0 7 * * MON"):
//    the time until the last cycle is done, and the largest lag (due → started).
//
// Usage: evaluation-cycle PATH/TO/stip-plugin-poll [responses] [workspaces]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: evaluation-cycle PATH/TO/stip-plugin-poll [responses] [workspaces]")
    exit(2)
}
let pollExecutable = URL(filePath: arguments[1]).standardizedFileURL
let responseCount = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
let workspaceCount = arguments.count > 3 ? Int(arguments[3]) ?? 342 : 342

/// A clock the benchmark sets.
final class SetClock: Sendable {
    let value = Mutex(Date())
    var now: Date { value.withLock { $0 } }
}

var logger = Logger(label: "bench")
logger.logLevel = .critical
let root = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-cycle-bench-\(getpid())", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: root) }

let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root.appending(path: "data")), maxOpenWorkspaces: 64)
let plugins = try pollHost(executable: pollExecutable, under: root, logger: logger)
// The host's supervisors run as a service, as in the daemon.
let pluginService = Task { try await plugins.run() }
let clock = SetClock()
let participation = Participation(
    store: store, plugins: plugins, maxConcurrentCycles: 2, schedulerInterval: .seconds(3600), clock: { clock.now }, logger: logger)
let admin = AuditActor(uid: 0, pid: getpid())

func plan(_ slug: String, id: String) -> String {
    """
    kind: Trajectory
    workspace: \(slug)
    id: \(id)
    title: Stationsplein
    why: Het plein moet veiliger.
    result_description: Een gekozen variant.
    participation_level: consult
    decision_maker: council
    legal_basis: voluntary
    owner: Team Openbare Ruimte
    area: [BU99990101, BU99990102, BU99990103]
    goals:
      - {id: reach, metric: participants.unique, target: ">= 300"}
      - {id: youth, metric: representation.age.15-25, target: ">= 0.8"}
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
    evaluation:
      schedule: "0 7 * * MON"
      catch_up: latest
    """
}

func workspace(_ slug: String, trajectories: [String]) async throws -> ResolvedWorkspace {
    _ = try await participation.workspaces.create(
        try WorkspaceDraft(slug: slug, name: "Gemeente \(slug)", cbsCode: "GM9999", timeZone: nil, locale: "nl"), by: admin)
    let resolved = try await participation.resolver.resolve(slug)
    _ = try await participation.methods.enable("poll", in: resolved, by: admin)
    let population = try String(
        contentsOf: URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "etc/examples/population-voorbeeldstad.csv"), encoding: .utf8)
    _ = try await participation.population.importCSV(resolved, year: 2024, csv: population, source: "bench", by: admin)
    for id in trajectories {
        _ = try await participation.trajectories.apply(plan(slug, id: id), file: nil, options: .init(), by: admin)
        _ = try await participation.trajectories.setStatus(resolved, id, .active, by: admin)
    }
    return resolved
}

func respond(_ slug: String, trajectory: String, count: Int, from start: Int) async throws {
    let bands = ["0-15", "15-25", "25-45", "45-65", "65+"]
    let areas = ["BU99990101", "BU99990102", "BU99990103"]
    let day = LocalDate("2026-12-07")!
    var done = 0
    while done < count {
        let size = min(5000, count - done)
        let batch = (0..<size).map { offset -> (NewContribution, ResponseProof) in
            let n = start + done + offset
            let payload: JSONValue = .object([
                "answers": .object(["variant": .string(n % 3 == 0 ? "b" : "a")]),
                "profile": .object([
                    "age_band": .string(bands[n % 5 == 1 && n % 2 == 0 ? 0 : n % 5]), "area": .string(areas[n % 3]),
                    "role": .string("resident"),
                ]),
            ])
            return (
                NewContribution(
                    trajectory: trajectory, activity: "variant-poll", participant: nil, channel: .online, payload: payload, themes: [],
                    state: .accepted, occurredOn: day, needsResponse: false), .browser("b-\(n)")
            )
        }
        _ = try await store.recordPublicResponses(try WorkspaceSlug(validating: slug), batch)
        done += size
    }
}

// MARK: 1. One workspace, many responses

progress("seeding \(responseCount) poll responses…")
let big = try await workspace("groot", trajectories: ["stationsplein"])
let seeding = try await seconds { try await respond("groot", trajectory: "stationsplein", count: responseCount, from: 0) }
progress(String(format: "seeded in %.1f s", seeding))
let file = root.appending(path: "data/workspaces/groot.sqlite").path
let aggregates = """
    SELECT COUNT(*), COUNT(participant_key), COUNT(DISTINCT participant_key) FROM contribution
      WHERE trajectory_id = 'stationsplein' AND state = 'accepted' AND NOT archived;
    SELECT p.age_band, p.area, p.role, COUNT(*) FROM participant p WHERE p.id IN (SELECT DISTINCT participant_id FROM contribution
      WHERE trajectory_id = 'stationsplein' AND state = 'accepted' AND NOT archived AND participant_id IS NOT NULL)
      GROUP BY p.age_band, p.area, p.role;
    SELECT c.activity_id, p.age_band, COUNT(DISTINCT p.id) FROM contribution c JOIN participant p ON p.id = c.participant_id
      WHERE c.trajectory_id = 'stationsplein' AND c.state = 'accepted' AND NOT c.archived GROUP BY c.activity_id, p.age_band;
    SELECT COUNT(*) FROM report_back WHERE trajectory_id = 'stationsplein' AND state = 'sent';
    """
func sqliteShell() throws -> Double {
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/sqlite3")
    process.arguments = ["-readonly", file, aggregates]
    process.standardOutput = FileHandle.nullDevice
    let start = Date()
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw NSError(domain: "sqlite3 failed", code: Int(process.terminationStatus)) }
    return Date().timeIntervalSince(start)
}
_ = try sqliteShell()  // warm the page cache for both sides
let floor = try sqliteShell()
var standing: Standing?
let hostMetrics = try await seconds { standing = try await participation.evaluations.standing(big, trajectory: "stationsplein") }
let memoryBefore = residentMiB()
var snapshot: CycleSnapshot?
clock.value.withLock { $0 = Date() }
let fullCycle = try await seconds {
    snapshot = try await participation.cycles.run(big, trajectory: "stationsplein", trigger: .manual, plannedAt: Date(), by: admin)
}
let memoryAfter = residentMiB()
try await respond("groot", trajectory: "stationsplein", count: 1000, from: responseCount)
var next: CycleSnapshot?
let secondCycle = try await seconds {
    next = try await participation.cycles.run(
        big, trajectory: "stationsplein", trigger: .manual, plannedAt: Date().addingTimeInterval(1), by: admin)
}
// The next cycle's own parts: the host metrics again (over every response) and the plugin's share.
let secondStanding = try await seconds { _ = try await participation.evaluations.standing(big, trajectory: "stationsplein") }
let streamed = snapshot?.activities.first?.contributions ?? 0
print(
    "evaluation cycle, \(responseCount) poll responses with profiles (participants: \(Int(standing?.metrics["participants.unique"]?.value ?? 0)))"
)
print(String(format: "  sqlite3 shell, the same aggregates (floor):  %7.2f s", floor))
print(
    String(
        format: "  host metrics (standing):                    %7.2f s  = %.2f× the floor (goal ≤ 1.5×)", hostMetrics, hostMetrics / floor))
print(
    String(
        format: "  whole cycle, %d streamed to the plugin:  %7.2f s  = %.2f× the floor (goal ≤ 5×)", streamed, fullCycle, fullCycle / floor)
)
print(
    String(
        format:
            "  next cycle after 1 000 more responses:      %7.2f s  = %.0f%% of the full cycle (goal ≤ 5%%), %d streamed (since cycle %d)",
        secondCycle, 100 * secondCycle / fullCycle, next?.activities.first?.contributions ?? -1, next?.activities.first?.sinceCycle ?? 0))
print(
    String(
        format:
            "    of which host metrics again (standing):   %7.2f s; the rest, the plugin's part: %.2f s = %.1f%% of the full cycle's %.2f s",
        secondStanding, max(0, secondCycle - secondStanding),
        100 * max(0, secondCycle - secondStanding) / max(fullCycle - hostMetrics, 0.001),
        fullCycle - hostMetrics))
print(
    String(
        format: "  memory: %.0f MiB before the cycle, %.0f MiB after (+%.0f MiB; goal < 100 MB)", memoryBefore, memoryAfter,
        memoryAfter - memoryBefore))
if let pid = await plugins.statuses().plugins.first(where: { $0.id == "poll" })?.pid {
    print(String(format: "  the poll plugin's peak memory: %.0f MiB (it keeps counts, not answers)", peakMiB(of: pid)))
}

// MARK: 2. Many workspaces due at the same minute

progress("creating \(workspaceCount) workspaces with 3 trajectories each…")
clock.value.withLock { $0 = try! Date("2026-12-07T06:59:00+01:00", strategy: .iso8601) }
for index in 0..<workspaceCount {
    _ = try await workspace("gemeente-\(index)", trajectories: ["plein", "park", "haven"])
}
await participation.scheduler.tick()  // first sight: nothing owed
let due = try! Date("2026-12-07T07:00:00+01:00", strategy: .iso8601)
clock.value.withLock { $0 = due }
let start = Date()
// The cycles' clock runs from the due instant, so their lag is what the queue made them wait.
let scheduler = Participation(
    store: store, plugins: plugins, maxConcurrentCycles: 2, schedulerInterval: .seconds(3600),
    clock: { due.addingTimeInterval(Date().timeIntervalSince(start)) }, logger: logger
).scheduler
let allDone = await seconds { await scheduler.tick() }
var lags: [Double] = []
var cycles = 0
for index in 0..<workspaceCount {
    let resolved = try await participation.resolver.resolve("gemeente-\(index)")
    for id in ["plein", "park", "haven"] {
        for summary in try await participation.cycles.list(resolved, trajectory: id) where summary.state == "finished" {
            cycles += 1
            lags.append(summary.startedAt.timeIntervalSince(summary.plannedAt))
        }
    }
}
print("\(workspaceCount) workspaces × 3 trajectories due at 07:00 (max_concurrent_cycles 2; part 1's workspace is due too)")
print(
    String(
        format: "  %d cycles finished in %.1f s (%.1f ms a cycle); largest lag %.1f s, median %.1f s", cycles, allDone,
        1000 * allDone / Double(max(cycles, 1)), lags.max() ?? 0, lags.sorted()[lags.count / 2]))

// MARK: 3. The consultancy's overview of all those workspaces

// Baseline: the schedule list over the same workspaces and trajectories (it reads each plan and its cycles too).
var scheduleEntries = 0
let schedules = try await seconds { scheduleEntries = try await participation.scheduler.entries(workspace: nil).count }
var overviewRows: [OverviewRow] = []
let overview = try await seconds { overviewRows = try await participation.overview.rows(workspace: nil) }
let overviewBytes = try JSONValue(encoding: ["trajectories": overviewRows]).jsonText.utf8.count
print("the overview of \(workspaceCount + 1) workspaces (\(overviewRows.count) trajectories)")
print(String(format: "  schedule list (baseline, %d entries):  %7.2f s", scheduleEntries, schedules))
print(
    String(
        format: "  overview:                            %7.2f s  = %.1f× the baseline, %d bytes of JSON", overview, overview / schedules,
        overviewBytes))
await plugins.stopAll()
pluginService.cancel()
