import Foundation

/// Instruction counts of the measured runs, when a benchmark runs under callgrind: `Benchmarks/instructions.py`
/// starts it with `STIP_CALLGRIND` set to the number of calls or requests each run makes. The counters of this
/// process and of the plugin are zeroed when a run starts and dumped, labelled, when it ends. An instruction
/// count does not move with the neighbours' load the way time does, so a regression shows at once.
public enum InstructionCounter {
    /// The calls or requests each measured run makes under callgrind; nil when the benchmark runs as usual.
    public static let runLength: Int? = ProcessInfo.processInfo.environment["STIP_CALLGRIND"].flatMap { Int($0) }

    /// `plugin.yaml` lines that hand a plugin this process's `LD_PRELOAD` under callgrind (the host starts plugins
    /// with a minimal environment, and valgrind needs its shim in every process it runs; see instructions.py).
    public static var pluginManifestLines: String {
        guard runLength != nil, let preload = ProcessInfo.processInfo.environment["LD_PRELOAD"] else { return "" }
        return "env:\n  LD_PRELOAD: \"\(preload)\"\n"
    }

    /// Zeroes the counters of these processes (this one and the plugin's).
    public static func zero(_ processes: [Int32?]) async {
        await control("--zero", processes)
    }

    /// Writes the counts of these processes since `zero` to a dump labelled `label`.
    public static func dump(_ label: String, _ processes: [Int32?]) async {
        await control("--dump=\(label)", processes)
    }

    private static func control(_ action: String, _ processes: [Int32?]) async {
        guard runLength != nil else { return }
        for case let pid? in processes {
            do {
                _ = try await runToEnd("callgrind_control", [action, String(pid)])
            } catch {
                progress("callgrind_control \(action) \(pid): \(error)")
            }
        }
    }
}
