import ArgumentParser
import Foundation
import NIOHTTP1
import StipAdminClient
import StipDomain
import StipConformance
import StipConfig
import StipJSON

struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "Participation-method plugins: list, reload, restart, check.",
        subcommands: [ListPlugins.self, ReloadPlugins.self, RestartPlugin.self, ValidatePluginConfig.self, CheckPlugin.self])
}

struct ListPlugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Show every plugin, its state and its last error; and manifests that were skipped.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/plugins")
        try output.print(reply) { body in
            let rows = (body["plugins"]?.elements ?? []).map { p in
                ["id", "version", "protocol", "state", "pid", "restarts", "in_flight", "last_error"].map { p[$0]?.cellText ?? "-" }
            }
            var text =
                rows.isEmpty
                ? "no plugins found in the configured plugins.directories"
                : TextTable(headers: ["ID", "VERSION", "PROTOCOL", "STATE", "PID", "RESTARTS", "IN-FLIGHT", "LAST ERROR"], rows: rows)
                    .render()
            for plugin in body["plugins"]?.elements ?? [] {
                text += Self.crashAndQuarantine(plugin)
            }
            let rejected = body["rejected"]?.elements ?? []
            if !rejected.isEmpty {
                text +=
                    "\n\nskipped manifests:\n"
                    + rejected.map { "  \($0["manifest"]?.cellText ?? "?"): \($0["reason"]?.cellText ?? "?")" }.joined(separator: "\n")
            }
            return text
        }
    }
}

extension ListPlugins {
    /// Under the table, per plugin: contributions set aside, and the last crash with the crashed process's last
    /// stderr lines (the last 10 here; `--output json` has all 50 that are kept).
    static func crashAndQuarantine(_ plugin: JSONValue) -> String {
        let id = plugin["id"]?.cellText ?? "?"
        var text = ""
        let quarantined = plugin["quarantined"]?.elements ?? []
        if !quarantined.isEmpty {
            let names = quarantined.map { "\($0["workspace"]?.cellText ?? "?")/\($0["id"]?.cellText ?? "?")" }
            text +=
                "\n\n\(id): \(quarantined.count) contribution(s) quarantined (their validation crashed the plugin twice): "
                + names.joined(separator: ", ")
                + "\n  look at one with `stipctl contributions show WORKSPACE/ID`, then `stipctl contributions retry` or `reject` it"
        }
        if let crash = plugin["last_crash"], crash != .null {
            text += "\n\n\(id): last crash at \(crash["at"]?.cellText ?? "?"): \(crash["reason"]?.cellText ?? "?")"
            let lines = crash["stderr_tail"]?.elements.map(\.cellText) ?? []
            text += lines.isEmpty ? "\n  (it wrote nothing to stderr)" : "\n" + lines.suffix(10).map { "  | \($0)" }.joined(separator: "\n")
        }
        return text
    }
}

struct ReloadPlugins: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Rescan the plugin directories: add new plugins, stop removed ones, restart changed or failed ones.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let reply = try await connection.client().send(.POST, "/v1/plugins/reload")
        try output.print(reply) { body in
            ["added", "removed", "restarted", "unchanged"].map { key in
                "\(key + ":")".padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (body[key]?.elements.map(\.cellText).joined(separator: ", ").nonEmpty ?? "-")
            }.joined(separator: "\n")
                + ((body["rejected"]?.elements.isEmpty ?? true)
                    ? ""
                    : "\nskipped:   "
                        + (body["rejected"]?.elements ?? []).map { "\($0["manifest"]?.cellText ?? "?") (\($0["reason"]?.cellText ?? "?"))" }
                        .joined(separator: "; "))
        }
    }
}

struct RestartPlugin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Stop and start one plugin; closes an open circuit.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var id: String

    func run() async throws {
        let reply = try await connection.client().send(.POST, "/v1/plugins/\(pathSegment(id))/restart")
        try output.print(reply) { "plugin \(id) restarted: \($0["state"]?.cellText ?? "?")" }
    }
}

struct CheckPlugin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run a plugin through the whole protocol (no daemon needed) and print a conformance report.")

    @Argument(help: ArgumentHelp("The plugin's manifest.", valueName: "path/plugin.yaml")) var manifest: String
    @OptionGroup var output: OutputOptions
    @Option(
        name: .customLong("activity-config"),
        help: ArgumentHelp("A valid activity config (YAML or JSON), so every step runs the plugin's own code.", valueName: "file"))
    var activityConfig: String?

    func run() async throws {
        var config: JSONValue?
        if let activityConfig {
            do {
                config = try YAMLDecoder().decode(
                    JSONValue.self, from: String(contentsOfFile: activityConfig, encoding: .utf8), file: activityConfig)
            } catch {
                throw AdminClientError.usage("cannot read \(activityConfig): \(error)")
            }
        }
        let url = URL(filePath: manifest, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
            .standardizedFileURL
        let steps = await ConformanceCheck.run(manifestFile: url, config: config)
        switch output.output {
        case .json, .yaml:
            let value = try JSONValue(encoding: [
                "manifest": JSONValue.string(url.path), "passed": .bool(!steps.contains(where: \.failed)),
                "steps": try JSONValue(encoding: steps),
            ])
            let data = value.jsonData()
            try output.print(AdminClient.Reply(status: 200, contentType: "application/json", body: data)) { _ in "" }
        case .table:
            print(ConformanceReportText(steps).text, terminator: "")
        }
        if steps.contains(where: \.failed) { throw ExitCode(1) }
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

struct ValidatePluginConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check an activity config (YAML or JSON file) against a method plugin, through the daemon.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The plugin id.") var id: String
    @Option(name: [.short, .customLong("file")], help: ArgumentHelp("The config, as YAML or JSON.", valueName: "file")) var file: String

    func run() async throws {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw AdminClientError.usage("cannot read \(file): \(error.localizedDescription)")
        }
        let config: JSONValue
        do {
            config = try YAMLDecoder().decode(JSONValue.self, from: text, file: file)
        } catch {
            throw AdminClientError.usage(error.description)
        }
        let reply: AdminClient.Reply
        do {
            reply = try await connection.client().send(.POST, "/v1/plugins/\(pathSegment(id))/validate", json: ["config": config])
        } catch AdminClientError.daemon(let problem) where problem.code == "invalid_config" {
            // Point at the lines of the file, not only at JSON Pointers.
            let root = try? YAMLLoader.load(text, file: file).first
            var lines = ["error (invalid_config): \(problem.detail)"]
            for error in problem.fieldErrors {
                let mark = root?.nearestMark(atJSONPointer: error.field)
                lines.append("\(file):\(mark.map { "\($0.line):\($0.column)" } ?? "?"): \(error.field): \(error.message)")
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
        try output.print(reply) { _ in "the config is valid for \(id)" }
    }
}
