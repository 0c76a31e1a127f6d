import Foundation

/// Lays out plugin directories for a test daemon, with absolute executable paths and short timeouts.
enum PluginFixtures {
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let testPlugins = repository.appending(path: "Tests/Plugins", directoryHint: .isDirectory)

    static let fastTimeouts = """
        timeouts:
          initialize_ms: 3000
          request_ms: 1500
          shutdown_grace_ms: 1000
          ping_interval_ms: 300
        """

    /// Writes `<directory>/<id>/plugin.yaml`.
    static func install(
        id: String, version: String = "1.0.0", executable: URL, args: [String] = [], extra: String = fastTimeouts, into directory: URL
    ) throws {
        let folder = directory.appending(path: id, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let argsLine = args.isEmpty ? "" : "args: [\(args.map { "\"\($0)\"" }.joined(separator: ", "))]\n"
        try """
        id: \(id)
        version: \(version)
        protocol: "1.0"
        executable: \(executable.path)
        \(argsLine)\(extra)
        """.write(to: folder.appending(path: "plugin.yaml"), atomically: true, encoding: .utf8)
    }

    static func installPythonEcho(into directory: URL) throws {
        try install(id: "python-echo", executable: testPlugins.appending(path: "python-echo/plugin.py"), into: directory)
    }

    static func installSwiftSuggestionBox(into directory: URL) throws {
        try install(id: "swift-suggestion-box", executable: Binaries.directory.appending(path: "swift-suggestion-box"), into: directory)
    }

    static func installMisbehaving(_ mode: String, into directory: URL, extra: String = fastTimeouts) throws {
        try install(
            id: "misbehave-\(mode)", executable: testPlugins.appending(path: "misbehaving/misbehave.py"),
            args: ["--mode", mode, "--id", "misbehave-\(mode)"], extra: extra, into: directory)
    }
}
