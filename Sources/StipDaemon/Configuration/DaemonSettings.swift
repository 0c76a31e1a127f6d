public import Foundation
public import Logging
import StipConfig

/// Values given on the command line that win over the file.
public struct CommandLineOverrides: Sendable, Equatable {
    public var dataDir: String?
    public var socket: String?
    public var listen: String?
    public var logLevel: String?

    public init(dataDir: String? = nil, socket: String? = nil, listen: String? = nil, logLevel: String? = nil) {
        self.dataDir = dataDir
        self.socket = socket
        self.listen = listen
        self.logLevel = logLevel
    }
}

/// The configuration resolved into typed values with absolute paths: what the daemon runs with.
public struct DaemonSettings: Sendable, Equatable {
    public var configFile: URL?
    public var dataDirectory: URL
    public var socketPath: String
    public var socketMode: UInt16
    public var maxBodyBytes: Int
    public var maxImportBytes: Int
    /// The admin socket's connection limits.
    public var adminConnections: ConnectionSettings
    public var listen: ListenAddress
    /// The resident pages' limits.
    public var publicPages: PublicPagesSettings
    public var pluginDirectories: [URL]
    public var maxOpenWorkspaces: Int
    public var trashRetentionDays: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var demoEnabled: Bool
    /// Evaluation cycles running at once, and how often due runs are looked for.
    public var maxConcurrentCycles = 2
    public var schedulerInterval: Duration = .seconds(20)
    /// The demo's plan and population files, absolute.
    public var demoPlan: URL?
    public var demoPopulation: URL?
    public var demoPopulationYear: Int?
    /// Where the metrics-only TCP listener is, if any; whether contribution counters carry the workspace.
    public var metricsListen: ListenAddress?
    public var metricsWorkspaceLabels = true
    /// How long a contribution may wait for validation before the node is degraded.
    public var pendingValidationLimit: Duration = .seconds(3600)

    /// Reads, validates and resolves a configuration.
    /// - Parameters:
    ///   - file: the YAML file, or `nil` for the embedded defaults.
    ///   - overrides: command-line values (relative paths resolve against the working directory).
    /// - Throws: ``ConfigurationError`` listing every problem with file, line and column.
    public static func load(file: URL?, overrides: CommandLineOverrides = .init()) throws(ConfigurationError) -> DaemonSettings {
        var configuration = DaemonConfiguration()
        if let file {
            let text: String
            do {
                text = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw ConfigurationError(lines: ["\(file.path): cannot read the configuration file: \(error.localizedDescription)"])
            }
            do {
                configuration = try YAMLDecoder().decode(DaemonConfiguration.self, from: text, file: file.path)
            } catch {
                throw ConfigurationError(lines: error.problems.map(\.description))
            }
        }
        let base = file?.deletingLastPathComponent() ?? URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
        return try resolve(configuration, base: base, file: file, overrides: overrides)
    }

    /// Turns a validated configuration into settings, applying overrides.
    static func resolve(_ c: DaemonConfiguration, base: URL, file: URL?, overrides: CommandLineOverrides) throws(ConfigurationError)
        -> DaemonSettings
    {
        let cwd = URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
        var problems: [String] = []
        func value<T>(_ result: Result<T, SettingProblem>, _ name: String) -> T? {
            switch result {
            case .success(let value): return value
            case .failure(let problem):
                problems.append("\(name): \(problem.message)")
                return nil
            }
        }
        let listen = value(
            SettingParsers.listenAddress(overrides.listen ?? c.public.listen), overrides.listen != nil ? "--listen" : "public.listen")
        let level = value(
            SettingParsers.logLevel(overrides.logLevel ?? c.log.level), overrides.logLevel != nil ? "--log-level" : "log.level")
        let format = value(SettingParsers.logFormat(c.log.format), "log.format")
        let mode = value(SettingParsers.socketMode(c.admin.socketMode), "admin.socket_mode")
        let metricsListen = value(SettingParsers.metricsListen(c.metrics.listen), "metrics.listen")
        let socketPath = overrides.socket.map { absolute($0, base: cwd) } ?? absolute(c.admin.socket, base: base)
        // sun_path holds 108 bytes including the terminating NUL.
        if socketPath.utf8.count > 107 {
            // From the file: named with it, as every problem in the file is.
            let source = overrides.socket != nil ? "--socket" : "\(file.map { "\($0.path): " } ?? "")admin.socket"
            problems.append(
                "\(source): the path \(socketPath) is longer than the 107 bytes a Unix socket path may have; choose a shorter one"
            )
        }
        guard problems.isEmpty, let listen, let level, let format, let mode, let metricsListen else {
            throw ConfigurationError(lines: problems)
        }
        let dataDir = overrides.dataDir.map { absolute($0, base: cwd) } ?? absolute(c.dataDir, base: base)
        var settings = DaemonSettings(
            configFile: file, dataDirectory: URL(filePath: dataDir, directoryHint: .isDirectory), socketPath: socketPath,
            socketMode: mode, maxBodyBytes: c.admin.maxBodyBytes, maxImportBytes: c.admin.maxImportBytes,
            adminConnections: ConnectionSettings(idleTimeoutSeconds: c.admin.idleTimeoutSeconds, maxConnections: c.admin.maxConnections),
            listen: listen,
            publicPages: PublicPagesSettings(
                rateLimitPerMinute: max(0, c.public.rateLimitPerMinute), rateLimitBurst: max(1, c.public.rateLimitBurst),
                secureCookies: c.public.secureCookies, maxBodyBytes: max(1024, c.public.maxBodyBytes),
                pageRateLimitPerMinute: max(0, c.public.pageRateLimitPerMinute), pageRateLimitBurst: max(1, c.public.pageRateLimitBurst),
                connections: ConnectionSettings(idleTimeoutSeconds: c.public.idleTimeoutSeconds, maxConnections: c.public.maxConnections),
                rootRedirect: c.public.rootRedirect.isEmpty ? nil : c.public.rootRedirect,
                validationWait: .milliseconds(max(100, c.public.validationWaitMs))),
            pluginDirectories: c.plugins.directories.map { URL(filePath: absolute($0, base: base), directoryHint: .isDirectory) },
            maxOpenWorkspaces: c.workspaces.maxOpen, trashRetentionDays: c.workspaces.trashRetentionDays,
            logLevel: level, logFormat: format, demoEnabled: c.demo.enabled,
            demoPlan: c.demo.plan.map { URL(filePath: absolute($0, base: base)) },
            demoPopulation: c.demo.population.map { URL(filePath: absolute($0, base: base)) }, demoPopulationYear: c.demo.populationYear)
        settings.maxConcurrentCycles = max(1, c.scheduler.maxConcurrentCycles)
        settings.schedulerInterval = .seconds(max(1, c.scheduler.intervalSeconds))
        settings.metricsListen = metricsListen
        settings.metricsWorkspaceLabels = c.metrics.workspaceLabels
        settings.pendingValidationLimit = .seconds(max(1, c.health.pendingValidationLimitSeconds))
        return settings
    }

    static func absolute(_ path: String, base: URL) -> String {
        if path.hasPrefix("/") { return URL(filePath: path).standardizedFileURL.path }
        return base.appending(path: path).standardizedFileURL.path
    }

    /// The settings a SIGHUP cannot change, named as in the file, that differ between `self` and `other`.
    public func restartRequiredChanges(comparedTo other: DaemonSettings) -> [String] {
        var names: [String] = []
        if dataDirectory != other.dataDirectory { names.append("data_dir") }
        if socketPath != other.socketPath { names.append("admin.socket") }
        if socketMode != other.socketMode { names.append("admin.socket_mode") }
        if maxBodyBytes != other.maxBodyBytes { names.append("admin.max_body_bytes") }
        if maxImportBytes != other.maxImportBytes { names.append("admin.max_import_bytes") }
        if listen != other.listen { names.append("public.listen") }
        if publicPages.rateLimitPerMinute != other.publicPages.rateLimitPerMinute { names.append("public.rate_limit_per_minute") }
        if publicPages.rateLimitBurst != other.publicPages.rateLimitBurst { names.append("public.rate_limit_burst") }
        if publicPages.secureCookies != other.publicPages.secureCookies { names.append("public.secure_cookies") }
        if publicPages.maxBodyBytes != other.publicPages.maxBodyBytes { names.append("public.max_body_bytes") }
        if publicPages.pageRateLimitPerMinute != other.publicPages.pageRateLimitPerMinute {
            names.append("public.page_rate_limit_per_minute")
        }
        if publicPages.pageRateLimitBurst != other.publicPages.pageRateLimitBurst { names.append("public.page_rate_limit_burst") }
        if publicPages.connections.idleTimeoutSeconds != other.publicPages.connections.idleTimeoutSeconds {
            names.append("public.idle_timeout_seconds")
        }
        if publicPages.connections.maxConnections != other.publicPages.connections.maxConnections { names.append("public.max_connections") }
        if publicPages.rootRedirect != other.publicPages.rootRedirect { names.append("public.root_redirect") }
        if publicPages.validationWait != other.publicPages.validationWait { names.append("public.validation_wait_ms") }
        if adminConnections.idleTimeoutSeconds != other.adminConnections.idleTimeoutSeconds { names.append("admin.idle_timeout_seconds") }
        if adminConnections.maxConnections != other.adminConnections.maxConnections { names.append("admin.max_connections") }
        if logFormat != other.logFormat { names.append("log.format") }
        if demoEnabled != other.demoEnabled { names.append("demo.enabled") }
        if maxConcurrentCycles != other.maxConcurrentCycles { names.append("scheduler.max_concurrent_cycles") }
        if schedulerInterval != other.schedulerInterval { names.append("scheduler.interval_seconds") }
        if metricsListen != other.metricsListen { names.append("metrics.listen") }
        if metricsWorkspaceLabels != other.metricsWorkspaceLabels { names.append("metrics.workspace_labels") }
        if pendingValidationLimit != other.pendingValidationLimit { names.append("health.pending_validation_limit_seconds") }
        return names
    }
}

/// A configuration that cannot be used; one line per problem, each with its position.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// `file:line:column: path: message` lines.
    public var lines: [String]
    public var description: String { lines.joined(separator: "\n") }
}

/// `public.*` limits, resolved.
public struct PublicPagesSettings: Sendable, Equatable {
    public var rateLimitPerMinute: Int
    public var rateLimitBurst: Int
    public var secureCookies: Bool
    public var maxBodyBytes: Int
    public var pageRateLimitPerMinute: Int
    public var pageRateLimitBurst: Int
    public var connections: ConnectionSettings
    public var rootRedirect: String?
    public var validationWait: Duration
}

/// How long a server keeps a quiet connection, and how many it serves at once.
public struct ConnectionSettings: Sendable, Equatable {
    public var idleTimeoutSeconds: Int
    public var maxConnections: Int
}
