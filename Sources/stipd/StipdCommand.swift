import ArgumentParser
import Foundation
import StipDaemon
import StipDomain

/// `stipd`: the Stip daemon.
@main
struct StipdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stipd",
        abstract: "The Stip daemon: participation trajectories for many municipalities, managed over a local Unix socket.",
        discussion:
            "Without --config, stipd runs on its embedded defaults (see etc/stipd.yaml). SIGTERM/SIGINT stop it cleanly; SIGHUP reloads the configuration.",
        version: StipVersion.current)

    @Option(name: .long, help: ArgumentHelp("Configuration file (YAML).", valueName: "file"))
    var config: String?

    @Option(name: .customLong("data-dir"), help: ArgumentHelp("Override data_dir.", valueName: "dir"))
    var dataDir: String?

    @Option(name: .long, help: ArgumentHelp("Override admin.socket.", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Override public.listen.", valueName: "host:port"))
    var listen: String?

    @Option(
        name: .customLong("log-level"),
        help: ArgumentHelp("Override log.level (trace|debug|info|notice|warning|error|critical).", valueName: "level"))
    var logLevel: String?

    @Flag(name: .long, help: "Validate the configuration, print every problem, and exit (0 when valid, 1 otherwise).")
    var check = false

    func run() async throws {
        let overrides = CommandLineOverrides(dataDir: dataDir, socket: socket, listen: listen, logLevel: logLevel)
        let file = config.map {
            URL(filePath: $0, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
                .standardizedFileURL
        }
        let settings: DaemonSettings
        do {
            settings = try DaemonSettings.load(file: file, overrides: overrides)
        } catch {
            Self.printError(check ? error.description : "stipd: the configuration has errors:\n\(error.description)")
            throw ExitCode(1)
        }
        if check {
            print("configuration OK: \(file?.path ?? "embedded defaults")")
            print("  data_dir: \(settings.dataDirectory.path)\n  admin.socket: \(settings.socketPath)\n  public.listen: \(settings.listen)")
            return
        }
        StipLogHandler.bootstrap(format: settings.logFormat, level: settings.logLevel)
        do {
            try await Daemon.run(settings: settings, overrides: overrides)
        } catch let error as StartupError {
            Self.printError("stipd: cannot start: \(error.message)")
            throw ExitCode(1)
        }
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
