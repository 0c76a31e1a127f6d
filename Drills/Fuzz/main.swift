import Foundation
import StipDomain
import StipParticipation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// stip-fuzz: feeds one reader many generated inputs and prints one JSON line of what happened.
//
//   stip-fuzz --list
//   stip-fuzz --reader NAME [--count 100000] [--seed 1] [--bin DIR] [--findings DIR]
//
// A crash ends the process (the drills runner reports the signal); a hang — no input finished for 30 s —
// exits with 3 naming the input; an unclear rejection is counted and its input saved under --findings.

let readerNames = ["config-yaml", "plan-yaml", "admin-json", "resident-form", "cbs-csv", "archive", "plugin-protocol"]
var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--list" {
        print(readerNames.joined(separator: "\n"))
        exit(0)
    }
    guard argument.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(
            Data("usage: stip-fuzz --list | --reader NAME [--count N] [--seed S] [--bin DIR] [--findings DIR]\n".utf8))
        exit(2)
    }
    options[String(argument.dropFirst(2))] = value
}
guard let name = options["reader"], readerNames.contains(name) else {
    FileHandle.standardError.write(Data("stip-fuzz: --reader must be one of \(readerNames.joined(separator: ", "))\n".utf8))
    exit(2)
}
let count = Int(options["count"] ?? "") ?? 100_000
let seed = UInt64(options["seed"] ?? "") ?? 1
let binaries = URL(
    filePath: options["bin"] ?? URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent().path, directoryHint: .isDirectory)
let findings = URL(filePath: options["findings"] ?? NSTemporaryDirectory() + "stip-fuzz-findings", directoryHint: .isDirectory)
try FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)

/// Counts shared by the inputs in flight.
struct Tally: Sendable {
    var done = 0
    var accepted = 0
    var rejected = 0
    var unclear = 0
    var maxSeconds = 0.0
    var examples: [String] = []
}

let tally = Mutex(Tally())
let clock = ContinuousClock()
let started = clock.now

do {
    var node: FuzzNode?
    if ["plan-yaml", "admin-json", "resident-form", "archive"].contains(name) {
        node = try await FuzzNode.start(binaries: binaries)
    }
    let scratch = findings.appending(path: "scratch-\(getpid())", directoryHint: .isDirectory)
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer {
        try? FileManager.default.removeItem(at: scratch)
        if let node { try? FileManager.default.removeItem(at: node.root) }
    }
    let reader: FuzzReader
    switch name {
    case "config-yaml": reader = try .config(scratch: scratch)
    case "plan-yaml": reader = try .plan(node: node!)
    case "admin-json": reader = .adminJSON(node: node!)
    case "resident-form": reader = try await .residentForms(node: node!)
    case "cbs-csv": reader = try .cbs()
    case "archive":
        let workspace = try await node!.participation.resolver.resolve(FuzzNode.slug)
        let export = try await node!.participation.workspaces.export(workspace, by: .daemon)
        let bytes = try Data(contentsOf: export.file)
        try? FileManager.default.removeItem(at: export.file)
        // Deleted, so that the seed as it is imports once; later copies are refused as existing.
        _ = try await node!.participation.workspaces.delete(workspace, by: .daemon)
        reader = .archive(node: node!, seed: bytes)
    default: reader = .pluginProtocol()
    }

    // A watchdog: an input that does not finish is a hang.
    let watchdog = Task {
        var last = -1
        var quiet = 0
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            let done = tally.withLock { $0.done }
            quiet = done == last ? quiet + 1 : 0
            last = done
            if quiet >= 30 {
                FileHandle.standardError.write(
                    Data("stip-fuzz: \(name): no input finished for 30 s after \(done) (seed \(seed)): a hang\n".utf8))
                exit(3)
            }
        }
    }
    var mutator = Mutator(seed: seed, seeds: reader.seeds, tokens: reader.tokens)
    try await withThrowingTaskGroup(of: Void.self) { inputs in
        for index in 0..<count {
            let input = mutator.input(index)
            if index >= reader.concurrency { try await inputs.next() }
            inputs.addTask {
                let begun = clock.now
                let verdict = await reader.read(input)
                let took = clock.now - begun
                let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
                let save = tally.withLock { tally -> Bool in
                    tally.done += 1
                    tally.maxSeconds = max(tally.maxSeconds, seconds)
                    switch verdict {
                    case .accepted: tally.accepted += 1
                    case .rejected: tally.rejected += 1
                    case .unclear(let why):
                        tally.unclear += 1
                        if tally.examples.count < 5 { tally.examples.append(why); return true }
                    }
                    return false
                }
                if save { try? Data(input).write(to: findings.appending(path: "\(name)-\(seed)-\(index).input")) }
            }
        }
        try await inputs.waitForAll()
    }
    watchdog.cancel()
}

/// The process's peak resident memory (VmHWM), in MiB.
func peakMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}

let result = tally.withLock { $0 }
let elapsed = clock.now - started
let summary: [String: Any] = [
    "reader": name, "inputs": result.done, "seed": seed, "accepted": result.accepted, "rejected": result.rejected,
    "unclear_rejections": result.unclear, "unclear_examples": result.examples, "max_ms": Int(result.maxSeconds * 1000),
    "seconds": Double(elapsed.components.seconds), "peak_rss_mib": Int(peakMiB()), "findings": findings.path,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]), as: UTF8.self))
exit(result.unclear == 0 ? 0 : 1)
