import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or update trajectories from a plan (YAML, kind: Trajectory; several documents per file with ---).",
        discussion: """
            Every document is checked first — its rules and each activity's config by the method plugin — and every \
            problem is reported with file, line and column. Nothing is written unless all of it is valid. Applying the \
            same plan again changes nothing.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(
        name: [.short, .customLong("filename")],
        help: ArgumentHelp("The plan file; - reads standard input. Repeat for several files.", valueName: "file"))
    var files: [String]
    @Flag(name: .customLong("dry-run"), help: "Show what would change without writing anything.") var dryRun = false
    @Flag(help: "Archive activities that were removed from the plan even when they hold contributions (kept, not deleted).")
    var prune = false
    @Flag(
        help:
            "Apply a config that no longer accepts some contributions already made (a removed option or question); the current config is archived with them."
    )
    var force = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("name the plan with -f FILE") }
    }

    func run() async throws {
        let client = try connection.client()
        for file in files {
            let (data, name) = try readInput(file)
            var path = "/v1/apply?file=\(queryValue(name))"
            if dryRun { path += "&dry_run=true" }
            if prune { path += "&prune=true" }
            if force { path += "&force=true" }
            let reply = try await client.send(.POST, path, body: Data(data), contentType: "application/yaml")
            try output.print(reply) { body in
                let rows = (body["results"]?.elements ?? []).map { result -> [String] in
                    let changes = result["changes"]?.elements.compactMap(\.stringValue) ?? []
                    let action = result["action"]?.stringValue ?? "?"
                    return [
                        (result["kind"]?.stringValue ?? "").lowercased(),
                        "\(result["workspace"]?.stringValue ?? "")/\(result["id"]?.stringValue ?? "")",
                        changes.isEmpty ? action : "\(action) (\(changes.joined(separator: ", ")))",
                    ]
                }
                var text = TextTable(headers: ["KIND", "NAME", "RESULT"], rows: rows).render()
                if dryRun { text += "\n(dry run: nothing was written)" }
                for warning in body["warnings"]?.elements ?? [] {
                    let position = [warning["file"], warning["line"], warning["column"]].compactMap { $0?.cellText }.filter {
                        !$0.isEmpty && $0 != "-"
                    }
                    let field = warning["field"]?.stringValue ?? ""
                    text +=
                        "\nwarning: " + (position.isEmpty ? "" : position.joined(separator: ":") + ": ")
                        + (field.isEmpty ? "" : field + ": ") + (warning["message"]?.stringValue ?? "")
                }
                for note in body["notes"]?.elements ?? [] {
                    text += "\nnote: " + (note.stringValue ?? "")
                }
                return text
            }
        }
    }
}
