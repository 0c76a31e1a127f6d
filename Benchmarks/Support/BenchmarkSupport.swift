public import Foundation
public import Logging
public import StipPluginHost
import StipPluginDefinition

/// Progress on standard error, unbuffered, so that a profiler can be started when the measured run begins.
public func progress(_ text: String) {
    FileHandle.standardError.write(Data("\(text)\n".utf8))
}

/// The resident set size of this process now, in MiB (`VmRSS` in /proc/self/status).
public func residentMiB() -> Double {
    memoryMiB("VmRSS", of: "self")
}

/// The highest resident set size of process `pid` so far, in MiB (`VmHWM`).
public func peakMiB(of pid: Int32) -> Double {
    memoryMiB("VmHWM", of: String(pid))
}

private func memoryMiB(_ field: String, of process: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(field):") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

/// How long `body` took, in seconds.
public func seconds(_ body: () async throws -> Void) async rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try await body()
    let elapsed = clock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A plugin host with the real poll plugin installed from `executable`, its `plugin.yaml` written under `root`
/// (with `extra` manifest lines, e.g. `max_concurrent_requests: 1024`).
public func pollHost(executable: URL, under root: URL, extra: String = "", logger: Logger) throws -> PluginHost {
    let manifest = root.appending(path: "poll/plugin.yaml")
    try FileManager.default.createDirectory(at: manifest.deletingLastPathComponent(), withIntermediateDirectories: true)
    try "id: poll\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: \(executable.path)\n\(extra)".write(
        to: manifest, atomically: true, encoding: .utf8)
    let plugins = PluginHost(directories: [], logger: logger)
    plugins.install(try PluginDefinition.load(manifest))
    return plugins
}
