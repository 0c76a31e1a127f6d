public import Foundation

/// The plugins the tests run: the Python ones in `Tests/Plugins/` and the Swift one SwiftPM builds
/// (`swift-suggestion-box`), with `plugin.yaml` files written where a test wants them.
public enum TestPlugins {
    /// `Tests/Plugins/`.
    public static let directory = OpenAPIOperations.repositoryRoot.appending(path: "Tests/Plugins", directoryHint: .isDirectory)

    /// `misbehave.py`, which misbehaves in the one way its `--mode` names.
    public static let misbehave = directory.appending(path: "misbehaving/misbehave.py")

    /// Where SwiftPM put the built executables: `STIP_BIN_DIR` (set by `make test`), else next to the test bundle,
    /// else `.build/debug` of the checkout.
    public static let binDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["STIP_BIN_DIR"], !dir.isEmpty {
            return URL(filePath: dir, directoryHint: .isDirectory)
        }
        var candidate = URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: candidate.appending(path: "swift-suggestion-box").path) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        return OpenAPIOperations.repositoryRoot.appending(path: ".build/debug", directoryHint: .isDirectory)
    }()

    /// The Swift plugin built with the SDK.
    public static var suggestionBox: URL { binDirectory.appending(path: "swift-suggestion-box") }

    /// Timeouts short enough for tests, generous enough for a busy machine.
    public static let fastTimeouts = """
        timeouts:
          initialize_ms: 5000
          request_ms: 5000
          shutdown_grace_ms: 1000
          ping_interval_ms: 1000
        """

    /// Timeouts for tests that need a plugin's answers however busy the machine (the whole suite runs at once).
    public static let patientTimeouts = """
        timeouts:
          initialize_ms: 30000
          request_ms: 30000
          shutdown_grace_ms: 1000
          ping_interval_ms: 10000
        """

    /// Writes `<directory>/<id>/plugin.yaml` for `executable` and returns the file.
    /// - Parameters:
    ///   - extra: more lines of YAML (timeouts, `instances`, `start`).
    @discardableResult
    public static func writeManifest(
        id: String, executable: URL, args: [String] = [], version: String = "1.0.0", protocolVersion: String = "1.0",
        extra: String = fastTimeouts, into directory: URL
    ) throws -> URL {
        let folder = directory.appending(path: id, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let argsLine = args.isEmpty ? "" : "args: [\(args.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        let file = folder.appending(path: "plugin.yaml")
        try """
        id: \(id)
        version: \(version)
        protocol: "\(protocolVersion)"
        executable: \(executable.path)
        \(argsLine)\(extra)

        """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes the `plugin.yaml` of `misbehave.py` in `mode` (id `misbehave-<mode>`) and returns the file.
    @discardableResult
    public static func writeMisbehaving(_ mode: String, extra: String = fastTimeouts, into directory: URL) throws -> URL {
        try writeManifest(
            id: "misbehave-\(mode)", executable: misbehave, args: ["--mode", mode, "--id", "misbehave-\(mode)"], extra: extra,
            into: directory)
    }

    /// Writes the `plugin.yaml` of `swift-suggestion-box` and returns the file. Patient by default: these tests
    /// are about answers, and the whole suite starts dozens of processes at once on two cores.
    @discardableResult
    public static func writeSuggestionBox(extra: String = patientTimeouts, into directory: URL) throws -> URL {
        try writeManifest(id: "swift-suggestion-box", executable: suggestionBox, extra: extra, into: directory)
    }
}
