import BenchmarkSupport
import Foundation

/// Drives a server with `wrk` (one client thread, `connections` kept-alive loopback connections) in its own
/// process, so the load generator does not share the server's threads; the figures are the ones `wrk` measures.
struct WrkLoad {
    let executable: String
    let connections: Int
    let duration: Int
    /// Stop after this many responses instead of after `duration` seconds (runs under callgrind).
    var stopAfter: Int? = nil
    let directory: URL

    /// What one run measured.
    struct Result {
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        /// Responses with a status of 400 or more, plus socket errors and time-outs.
        var failures: Int

        var perSecond: Double { Double(requests) / seconds }
    }

    /// `wrk` on PATH, or nil.
    static func find() -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(directory)/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// GETs `url` over and over: wrk's static request, its fastest path.
    func get(_ url: String) async throws -> Result {
        try await run(url: url, script: Self.report + stop, name: "get")
    }

    /// POSTs JSON bodies, cycling over `paths` and `bodies` (a count prime to the paths', so every workspace
    /// gets every body) and giving each request its own line of `cookieFile` as cookie.
    func post(base: String, paths: [String], cookieFile: URL, bodies: [String]) async throws -> Result {
        let quotedPaths = paths.map { "\"\($0)\"" }.joined(separator: ", ")
        let quotedBodies = bodies.map { "'\($0)'" }.joined(separator: ", ")
        let script = """
            local cookies = {}
            for line in io.lines("\(cookieFile.path)") do cookies[#cookies + 1] = line end
            local paths = {\(quotedPaths)}
            local bodies = {\(quotedBodies)}
            local index = 0
            request = function()
              index = index + 1
              local headers = {["Content-Type"] = "application/json", ["Cookie"] = "stip_b=" .. cookies[(index - 1) % #cookies + 1]}
              return wrk.format("POST", paths[index % #paths + 1], headers, bodies[index % #bodies + 1])
            end
            \(Self.report)
            \(stop)
            """
        return try await run(url: base, script: script, name: "post")
    }

    /// Prints one machine-readable line at the end. (A `response` callback would count statuses exactly, but
    /// it runs in the client thread's Lua state and slows every request; wrk counts statuses ≥ 400 itself.)
    private static let report = """
        done = function(summary, latency, requests)
          local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
            + summary.errors.status
          io.write(string.format("STIP %d %d %d %d %d\\n", summary.requests, summary.duration,
            latency:percentile(50), latency:percentile(99), errors))
        end
        """

    /// With `stopAfter`, a `response` callback that ends wrk after that many responses, with the same result
    /// line (latencies are not measured then: the run is for counting instructions, not for timing).
    /// `wrk.thread:stop()` would stop sending but still wait for the whole duration.
    private var stop: String {
        guard let stopAfter else { return "" }
        return """

            local answered, failed, started = 0, 0, os.time()
            response = function(status, headers, body)
              answered = answered + 1
              if status >= 400 then failed = failed + 1 end
              if answered >= \(stopAfter) then
                io.write(string.format("STIP %d %d 0 0 %d\\n", answered, math.max(os.time() - started, 1) * 1000000, failed))
                io.flush()
                os.exit(0)
              end
            end
            """
    }

    private func run(url: String, script: String, name: String) async throws -> Result {
        let scriptFile = directory.appending(path: "\(name).lua")
        try script.write(to: scriptFile, atomically: true, encoding: .utf8)
        let text = try await runToEnd(
            executable,
            ["-t1", "-c\(connections)", "-d\(stopAfter == nil ? duration : 3600)s", "--timeout", "10s", "-s", scriptFile.path, url])
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("STIP ") }) else {
            throw WrkFailure(output: text)
        }
        let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard numbers.count == 5 else { throw WrkFailure(output: text) }
        return Result(
            requests: Int(numbers[0]), seconds: numbers[1] / 1e6, p50: numbers[2] / 1000, p99: numbers[3] / 1000,
            failures: Int(numbers[4]))
    }
}

struct WrkFailure: Error, CustomStringConvertible {
    var output: String
    var description: String { "wrk gave no result:\n\(output)" }
}

/// CPU time (user + system) used so far by this process and by its child processes (the plugin), read
/// from the kernel: on a shared machine the CPU a response costs is steadier than responses per second.
struct CPUTime {
    var server: Double
    var plugins: Double

    static func now() -> CPUTime {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let server = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return CPUTime(server: server, plugins: childrenSeconds())
    }

    /// Sums `utime + stime` of the live processes whose parent is this one (`/proc/PID/stat`, fields 14 and 15).
    private static func childrenSeconds() -> Double {
        let me = getpid()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var total = 0.0
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(entry) != nil {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state is field 3, ppid 4, utime 14, stime 15.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, Int32(fields[1]) == me, let user = Double(fields[11]), let system = Double(fields[12]) else {
                continue
            }
            total += (user + system) / ticks
        }
        return total
    }

    static func - (a: CPUTime, b: CPUTime) -> CPUTime {
        CPUTime(server: a.server - b.server, plugins: a.plugins - b.plugins)
    }
}
