import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "Create and manage municipalities (one workspace each).",
        subcommands: [
            CreateWorkspace.self, ListWorkspaces.self, ShowWorkspace.self, UpdateWorkspace.self,
            SuspendWorkspace.self, ResumeWorkspace.self, ExportWorkspace.self, ImportWorkspace.self, DeleteWorkspace.self,
            WorkspaceMethods.self, EnableMethod.self, DisableMethod.self, WorkspaceBranding.self,
        ])
}

/// One workspace as `key: value` lines.
func describeWorkspace(_ w: JSONValue) -> String {
    let fields = ["slug", "name", "cbs_code", "timezone", "locale", "state", "created_at", "updated_at"]
    return fields.map { "\(($0 + ":").padding(toLength: 12, withPad: " ", startingAt: 0)) \(w[$0]?.cellText ?? "-")" }.joined(
        separator: "\n")
}

struct CreateWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a workspace for a municipality.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Slug: 1–63 characters a-z, 0-9 and '-', e.g. utrecht.") var slug: String
    @Option(help: "Display name, e.g. \"Gemeente Utrecht\".") var name: String
    @Option(name: .customLong("cbs-code"), help: "CBS municipality code, e.g. GM0344.") var cbsCode: String?
    @Option(help: "IANA time zone (default Europe/Amsterdam).") var timezone: String?
    @Option(help: "Default language for residents: nl or en (default nl).") var locale: String?

    func run() async throws {
        let reply = try await connection.client().send(
            .POST, "/v1/workspaces",
            json: ["slug": slug, "name": name, "cbs_code": cbsCode, "timezone": timezone, "locale": locale])
        try output.print(reply) { "created workspace \(slug)\n" + describeWorkspace($0) }
    }
}

struct ListWorkspaces: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List workspaces (active and suspended unless --state is given).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only workspaces in this state: active, suspended or deleted.") var state: String?

    func run() async throws {
        let path = "/v1/workspaces" + (state.map { "?state=\(queryValue($0))" } ?? "")
        let reply = try await connection.client().send(.GET, path)
        try output.print(reply) { body in
            let rows = (body["workspaces"]?.elements ?? []).map { w in
                ["slug", "name", "cbs_code", "state", "timezone", "locale"].map { w[$0]?.cellText ?? "-" }
            }
            if rows.isEmpty { return "no workspaces" + (state.map { " in state \($0)" } ?? "") }
            return TextTable(headers: ["SLUG", "NAME", "CBS", "STATE", "TIMEZONE", "LOCALE"], rows: rows).render()
        }
    }
}

struct ShowWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one workspace.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/workspaces/\(pathSegment(slug))")
        try output.print(reply, human: describeWorkspace)
    }
}

struct UpdateWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change a workspace's name, CBS code, time zone or language.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String
    @Option var name: String?
    @Option(name: .customLong("cbs-code")) var cbsCode: String?
    @Flag(name: .customLong("clear-cbs-code"), help: "Remove the CBS code.") var clearCBSCode = false
    @Option var timezone: String?
    @Option var locale: String?

    func validate() throws {
        if cbsCode != nil && clearCBSCode { throw ValidationError("give either --cbs-code or --clear-cbs-code, not both") }
        if name == nil && cbsCode == nil && !clearCBSCode && timezone == nil && locale == nil {
            throw ValidationError("nothing to change: give --name, --cbs-code, --clear-cbs-code, --timezone or --locale")
        }
    }

    func run() async throws {
        var body: [String: (any JSONRepresentable)?] = [:]
        if let name { body["name"] = name }
        if let cbsCode { body["cbs_code"] = cbsCode }
        if clearCBSCode { body["cbs_code"] = JSONValue.null }
        if let timezone { body["timezone"] = timezone }
        if let locale { body["locale"] = locale }
        let reply = try await connection.client().send(.PATCH, "/v1/workspaces/\(pathSegment(slug))", json: body)
        try output.print(reply) { "updated workspace \(slug)\n" + describeWorkspace($0) }
    }
}

struct SuspendWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Close a workspace to residents until it is resumed.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String

    func run() async throws {
        let reply = try await connection.client().send(.POST, "/v1/workspaces/\(pathSegment(slug))/suspend")
        try output.print(reply) { "workspace \(slug) is \($0["state"]?.cellText ?? "?")" }
    }
}

struct ResumeWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Open a suspended workspace again.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String

    func run() async throws {
        let reply = try await connection.client().send(.POST, "/v1/workspaces/\(pathSegment(slug))/resume")
        try output.print(reply) { "workspace \(slug) is \($0["state"]?.cellText ?? "?")" }
    }
}

struct ExportWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a consistent archive (.tar) of a workspace, taken while the daemon keeps running.")

    @OptionGroup var connection: ConnectionOptions
    @Argument var slug: String
    // `-o` is the output format everywhere in stipctl; a file to write is `--out` (or `-f`).
    @Option(name: [.customShort("f"), .customLong("out")], help: ArgumentHelp("Archive file to write.", valueName: "file"))
    var output: String

    func run() async throws {
        let destination = URL(
            filePath: output, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
        let bytes = try await connection.client().download("/v1/workspaces/\(pathSegment(slug))/export", to: destination)
        print("exported workspace \(slug) to \(output) (\(bytes) bytes)")
    }
}

struct ImportWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Restore a workspace from an archive written by `workspace export` (refuses an existing slug).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("Archive file (.tar).", valueName: "file")) var file: String

    func run() async throws {
        let url = URL(filePath: file, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
        let reply = try await connection.client().upload(.POST, "/v1/workspaces/import", file: url, contentType: "application/x-tar")
        try output.print(reply) { "imported workspace \($0["slug"]?.cellText ?? "?")\n" + describeWorkspace($0) }
    }
}

struct DeleteWorkspace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Move a workspace to the trash, with an export beside it (purged after the retention period).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String
    @Option(help: ArgumentHelp("The slug again, to confirm.", valueName: "slug")) var confirm: String?

    func run() async throws {
        let query = confirm.map { "?confirm=\(queryValue($0))" } ?? ""
        let reply = try await connection.client().send(.DELETE, "/v1/workspaces/\(pathSegment(slug))\(query)")
        try output.print(reply) { body in
            let trash = body["trash"]
            return
                "deleted workspace \(slug); in the trash: \(trash?["database"]?.cellText ?? "?") and \(trash?["export"]?.cellText ?? "?")"
        }
    }
}

struct WorkspaceMethods: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "methods", abstract: "List the participation methods enabled in a workspace.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/workspaces/\(pathSegment(slug))/methods")
        try output.print(reply) { body in
            let rows = (body["methods"]?.elements ?? []).map { m in ["id", "state", "version", "enabled_at"].map { m[$0]?.cellText ?? "-" }
            }
            return rows.isEmpty
                ? "no methods enabled in \(slug); enable one with `stipctl workspace enable-method \(slug) ID`"
                : TextTable(headers: ["METHOD", "STATE", "VERSION", "ENABLED AT"], rows: rows).render()
        }
    }
}

struct EnableMethod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable-method", abstract: "Allow a workspace to use a participation method (plugin id).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String
    @Argument var id: String

    func run() async throws {
        let reply = try await connection.client().send(.PUT, "/v1/workspaces/\(pathSegment(slug))/methods/\(pathSegment(id))")
        try output.print(reply) { _ in "method \(id) enabled in \(slug)" }
    }
}

struct DisableMethod: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable-method", abstract: "Stop a workspace from using a participation method.")

    @OptionGroup var connection: ConnectionOptions
    @Argument var slug: String
    @Argument var id: String

    func run() async throws {
        _ = try await connection.client().send(.DELETE, "/v1/workspaces/\(pathSegment(slug))/methods/\(pathSegment(id))")
        print("method \(id) disabled in \(slug)")
    }
}
