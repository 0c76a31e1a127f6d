import BenchmarkSupport
import StipPluginDefinition
import Foundation
import Logging
import StipDomain
import StipPluginHost
import StipPluginProtocol
import Subprocess
import StipJSON
#if canImport(SystemPackage)
    import SystemPackage
#endif

// Validate-request round trips through the plugin host to a Swift plugin, serial and with 64
// in flight, against a baseline measured in the same run: the same JSON lines echoed by `cat`
// over a pipe. Usage: plugin-roundtrip PATH/TO/swift-suggestion-box [calls]

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: plugin-roundtrip PATH/TO/swift-suggestion-box [calls]")
    exit(2)
}
let pluginExecutable = URL(filePath: arguments[1]).standardizedFileURL
let calls = InstructionCounter.runLength ?? (arguments.count > 2 ? Int(arguments[2]) ?? 20000 : 20000)
let inFlight = 64

func rate(_ count: Int, _ elapsed: Duration) -> Double {
    Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

let requestLine = RPCMessage.request(
    id: 1, method: PluginProtocol.Method.validateActivity,
    params: .object([
        "workspace": .string("utrecht"), "activity_id": .string("a"),
        "config": .object(["question": .string("Wat vindt u van het plein?")]),
    ])
).encodedLine()

/// Baseline: the same request lines echoed by `cat` over a pipe, `window` lines per write
/// (a strong baseline: one system call per batch, no JSON work at all).
func echoBaseline(window: Int) async throws -> Double {
    let clock = ContinuousClock()
    let batch = Array(repeating: requestLine, count: window).flatMap { $0 }
    let rounds = calls / window
    let result = try await Subprocess.run(.path(FilePath("/bin/cat")), input: .inputWriter, output: .sequence, error: .discarded) {
        execution in
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (turns, turnInput) = AsyncStream.makeStream(of: Void.self)
            turnInput.yield()
            group.addTask {
                var sent = 0
                for await _ in turns {
                    _ = try await execution.standardInputWriter.write(batch)
                    sent += 1
                    if sent == rounds { break }
                }
                try await execution.standardInputWriter.finish()
            }
            var received = 0
            reading: for try await buffer in execution.standardOutput {
                let newlines = buffer.withUnsafeBytes { $0.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
                for _ in 0..<newlines {
                    received += 1
                    if received % window == 0 { turnInput.yield() }
                    if received == rounds * window { break reading }
                }
            }
            turnInput.finish()
            try await group.waitForAll()
        }
        return clock.now - start
    }
    return rate(rounds * window, result.closureResult)
}

/// CPU time used so far, in seconds: this process (the host) and the plugin process.
func cpuSeconds(plugin pid: Int32?) -> (host: Double, plugin: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let host =
        Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    var plugin = 0.0
    if let pid, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")")
    {
        // Fields after the command name: state is field 3, utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
            plugin = (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
    }
    return (host, plugin)
}

/// CPU per call in the last `hostRoundTrips`, in microseconds.
nonisolated(unsafe) var lastCPU: (host: Double, plugin: Double) = (0, 0)

/// Through the host: `validate_activity` calls answered by the Swift plugin.
func hostRoundTrips(host: PluginHost, window: Int) async throws -> Double {
    let pid = await host.statuses().plugins.first?.pid
    let cpuBefore = cpuSeconds(plugin: pid)
    defer {
        let cpuAfter = cpuSeconds(plugin: pid)
        lastCPU = ((cpuAfter.host - cpuBefore.host) * 1e6 / Double(calls), (cpuAfter.plugin - cpuBefore.plugin) * 1e6 / Double(calls))
    }
    let clock = ContinuousClock()
    let params: JSONValue = .object([
        "workspace": .string("utrecht"), "activity_id": .string("a"),
        "config": .object(["question": .string("Wat vindt u van het plein?")]),
    ])
    let start = clock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<window {
            group.addTask {
                var index = worker
                while index < calls {
                    _ = try await host.call("swift-suggestion-box", PluginProtocol.Method.validateActivity, params)
                    index += window
                }
            }
        }
        try await group.waitForAll()
    }
    return rate(calls, clock.now - start)
}

let directory = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-bench-\(getpid())", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let manifest = directory.appending(path: "plugin.yaml")
try """
id: swift-suggestion-box
version: 1.0.0
protocol: "1.0"
executable: \(pluginExecutable.path)
max_concurrent_requests: 1024
\(InstructionCounter.pluginManifestLines)
""".write(to: manifest, atomically: true, encoding: .utf8)

var logger = Logger(label: "bench")
logger.logLevel = .error
let host = PluginHost(directories: [], logger: logger)
host.install(try PluginDefinition.load(manifest))

try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await host.run() }
    _ = try await host.manifest(of: "swift-suggestion-box")  // start and handshake outside the timing
    _ = try await hostRoundTrips(host: host, window: inFlight)  // warm-up
    if InstructionCounter.runLength != nil {
        // Under callgrind (Benchmarks/instructions.py): one counted run with 64 in flight, both processes.
        let processes = [getpid(), await host.statuses().plugins.first?.pid]
        await InstructionCounter.zero(processes)
        _ = try await hostRoundTrips(host: host, window: inFlight)
        await InstructionCounter.dump("roundtrip", processes)
        print("counted calls: \(calls)")
        await host.stopAll()
        group.cancelAll()
        return
    }

    let echoSerial = try await echoBaseline(window: 1)
    let echoPipelined = try await echoBaseline(window: inFlight)
    let hostSerial = try await hostRoundTrips(host: host, window: 1)
    let serialCPU = lastCPU
    let hostPipelined = try await hostRoundTrips(host: host, window: inFlight)
    let pipelinedCPU = lastCPU

    func line(_ name: String, _ value: Double, _ baseline: Double) -> String {
        "\(name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", value)) calls/s   \(String(format: "%5.2f", value / baseline))× of baseline"
    }
    print("plugin round trips, \(calls) calls each, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print(line("baseline: raw echo over a pipe, serial", echoSerial, echoSerial))
    print(line("host → Swift plugin, serial", hostSerial, echoSerial))
    print(line("baseline: raw echo, \(inFlight) in flight", echoPipelined, echoPipelined))
    print(line("host → Swift plugin, \(inFlight) in flight", hostPipelined, echoPipelined))
    func cpu(_ name: String, _ value: (host: Double, plugin: Double)) -> String {
        "CPU per call, \(name.padding(toLength: 27, withPad: " ", startingAt: 0)) host \(String(format: "%5.1f", value.host)) µs, plugin \(String(format: "%5.1f", value.plugin)) µs"
    }
    print(cpu("serial", serialCPU))
    print(cpu("\(inFlight) in flight", pipelinedCPU))
    await host.stopAll()
    group.cancelAll()
}
