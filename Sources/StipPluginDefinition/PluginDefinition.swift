public import Foundation
import StipConfig
import StipPluginProtocol

/// A plugin's `plugin.yaml`, resolved: where the executable is and how to run it.
public struct PluginDefinition: Sendable, Equatable {
    public var id: String
    public var version: String
    public var protocolVersion: String
    public var directory: URL
    public var manifestFile: URL
    public var executable: URL
    public var arguments: [String]
    public var environment: [String: String]
    public var eagerStart: Bool
    public var instances: Int
    public var maxConcurrentRequests: Int
    public var timeouts: Timeouts
    /// Changes when the manifest or the executable changes, so a reload knows to restart.
    public var fingerprint: String

    /// Deadlines and grace periods, in milliseconds in the file.
    public struct Timeouts: Sendable, Equatable {
        public var initialize: Duration = .seconds(5)
        public var request: Duration = .seconds(10)
        public var evaluate: Duration = .seconds(60)
        public var shutdownGrace: Duration = .seconds(5)
        public var pingInterval: Duration = .seconds(10)
        public init() {}
    }

    /// Reads and checks a `plugin.yaml`.
    /// - Throws: ``PluginDefinitionError`` with every problem, each with its line and column.
    public static func load(_ manifestFile: URL) throws(PluginDefinitionError) -> PluginDefinition {
        let text: String
        do {
            text = try String(contentsOf: manifestFile, encoding: .utf8)
        } catch {
            throw PluginDefinitionError(file: manifestFile.path, problems: ["cannot read: \(error.localizedDescription)"])
        }
        let file: PluginManifestFile
        do {
            file = try YAMLDecoder().decode(PluginManifestFile.self, from: text, file: manifestFile.path)
        } catch {
            throw PluginDefinitionError(file: manifestFile.path, problems: error.problems.map(\.description))
        }
        let directory = manifestFile.deletingLastPathComponent()
        let executable =
            file.executable.hasPrefix("/") ? URL(filePath: file.executable) : directory.appending(path: file.executable).standardizedFileURL
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw PluginDefinitionError(
                file: manifestFile.path,
                problems: ["executable \(executable.path) does not exist or is not executable; build it or fix `executable`"])
        }
        var timeouts = Timeouts()
        if let t = file.timeouts {
            if let v = t.initializeMs { timeouts.initialize = .milliseconds(v) }
            if let v = t.requestMs { timeouts.request = .milliseconds(v) }
            if let v = t.evaluateMs { timeouts.evaluate = .milliseconds(v) }
            if let v = t.shutdownGraceMs { timeouts.shutdownGrace = .milliseconds(v) }
            if let v = t.pingIntervalMs { timeouts.pingInterval = .milliseconds(v) }
        }
        return PluginDefinition(
            id: file.id, version: file.version, protocolVersion: file.protocol, directory: directory, manifestFile: manifestFile,
            executable: executable, arguments: file.args ?? [], environment: file.env ?? [:], eagerStart: file.start == .eager,
            instances: file.instances ?? 1, maxConcurrentRequests: file.maxConcurrentRequests ?? 64, timeouts: timeouts,
            fingerprint: fingerprint(of: [manifestFile, executable]))
    }

    static func fingerprint(of files: [URL]) -> String {
        files.map { url in
            let attributes = (try? FileManager.default.attributesOfItem(atPath: url.path)) ?? [:]
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\(size)@\(modified)"
        }.joined(separator: "|")
    }
}

/// A `plugin.yaml` that cannot be used.
public struct PluginDefinitionError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [String]
    public var description: String { problems.joined(separator: "; ") }
}

/// The file as written (snake_case keys; unknown keys are errors).
struct PluginManifestFile: Decodable, YAMLValidatable {
    enum Start: String, Decodable, CaseIterable { case lazy, eager }

    struct Timeouts: Decodable {
        var initializeMs: Int?
        var requestMs: Int?
        var evaluateMs: Int?
        var shutdownGraceMs: Int?
        var pingIntervalMs: Int?
        enum CodingKeys: String, CodingKey, CaseIterable {
            case initializeMs = "initialize_ms"
            case requestMs = "request_ms"
            case evaluateMs = "evaluate_ms"
            case shutdownGraceMs = "shutdown_grace_ms"
            case pingIntervalMs = "ping_interval_ms"
        }
    }

    var id: String
    var version: String
    var `protocol`: String
    var executable: String
    var args: [String]?
    var env: [String: String]?
    var start: Start?
    var instances: Int?
    var maxConcurrentRequests: Int?
    var timeouts: Timeouts?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, version, `protocol`, executable, args, env, start, instances
        case maxConcurrentRequests = "max_concurrent_requests"
        case timeouts
    }

    func validate() -> [YAMLValidationIssue] {
        var issues: [YAMLValidationIssue] = []
        if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            issues.append(.init(path: ["id"], message: "\"\(id)\" must match [a-z0-9-]+"))
        }
        // Not omitting empty pieces: an empty version (or one that starts with "-") must be refused, not crash.
        let semver = version.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)[0].split(separator: ".")
        if semver.count != 3 || !semver.allSatisfy({ Int($0) != nil }) {
            issues.append(.init(path: ["version"], message: "\"\(version)\" is not a semantic version such as 1.2.0"))
        }
        let parts = self.protocol.split(separator: ".")
        if parts.count != 2 || !parts.allSatisfy({ Int($0) != nil }) {
            issues.append(.init(path: ["protocol"], message: "\"\(self.protocol)\" is not MAJOR.MINOR, e.g. \"1.0\""))
        }
        if parts.count == 2, !PluginProtocol.supportedVersions.contains(where: { $0.split(separator: ".").first == parts[0] }) {
            issues.append(
                .init(
                    path: ["protocol"],
                    message:
                        "stipd speaks protocol \(PluginProtocol.supportedVersions.joined(separator: ", ")); a plugin for \(self.protocol) needs a newer stipd"
                ))
        }
        for key in (env ?? [:]).keys where key.hasPrefix("STIP_") {
            issues.append(.init(path: ["env", .key(key)], message: "STIP_* variables are set by the host and cannot be overridden"))
        }
        if let instances, !(1...8).contains(instances) {
            issues.append(.init(path: ["instances"], message: "must be from 1 to 8"))
        }
        if let max = maxConcurrentRequests, !(1...1024).contains(max) {
            issues.append(.init(path: ["max_concurrent_requests"], message: "must be from 1 to 1024"))
        }
        let timeoutValues: [(String, Int?)] = [
            ("initialize_ms", timeouts?.initializeMs), ("request_ms", timeouts?.requestMs), ("evaluate_ms", timeouts?.evaluateMs),
            ("shutdown_grace_ms", timeouts?.shutdownGraceMs), ("ping_interval_ms", timeouts?.pingIntervalMs),
        ]
        for (key, value) in timeoutValues {
            if let value, !(100...3_600_000).contains(value) {
                issues.append(.init(path: ["timeouts", .key(key)], message: "must be from 100 to 3600000 milliseconds"))
            }
        }
        return issues
    }
}
