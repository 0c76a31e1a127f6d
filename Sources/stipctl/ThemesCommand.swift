import NIOHTTP1
import ArgumentParser
import StipAdminClient
import StipJSON

/// A trajectory's themes: what each holds, and putting them in order (rename, merge).
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "A trajectory's themes: list them with their counts, rename one, merge several.",
        discussion: """
            A theme has a tag (inclusief-spelen) and a label people read ("Inclusief spelen"). Anywhere a theme is \
            named — respond --theme, --theme on contributions — its tag or label will do, in any case.
            """,
        subcommands: [ListThemes.self, RenameTheme.self, MergeThemes.self], defaultSubcommand: ListThemes.self)
}

/// The lines `stipctl themes` prints for one theme summary.
private func themeRows(_ themes: [JSONValue]) -> [[String]] {
    themes.map {
        [
            $0["tag"]?.cellText ?? "-", $0["label"]?.cellText ?? "-", $0["label_en"]?.cellText ?? "-", $0["contributions"]?.cellText ?? "0",
            $0["answered"] == .bool(true) ? "yes" : "no",
        ]
    }
}

private let themeHeaders = ["TAG", "LABEL", "LABEL (EN)", "CONTRIBUTIONS", "ANSWERED"]

struct ListThemes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The trajectory's themes, fullest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/themes")
        try output.print(reply) { body in
            let themes = body["themes"]?.elements ?? []
            return themes.isEmpty ? "no themes yet" : TextTable(headers: themeHeaders, rows: themeRows(themes)).render()
        }
    }
}

struct RenameTheme: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rename", abstract: "Give a theme another name; its contributions and responses follow.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Argument(help: "The theme now: its tag or label.") var theme: String
    @Argument(help: "The new name, as people should read it, e.g. \"Inclusief spelen\".") var name: String
    @Option(name: .customLong("label-en"), help: "The name in English.") var labelEn: String?

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let body: [String: (any JSONRepresentable)?] = ["to": name, "label_en": labelEn]
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/themes/\(pathSegment(theme))/rename", json: body)
        try output.print(reply) { t in
            "theme \(theme) is now \(t["tag"]?.cellText ?? "?") (\"\(t["label"]?.cellText ?? "")\"), \(t["contributions"]?.cellText ?? "0") contributions"
        }
    }
}

struct MergeThemes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Put the contributions and responses of several themes under one.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Argument(help: "The themes to merge: tags or labels.") var themes: [String]
    @Option(help: "The theme they become: an existing tag, or a new name.") var into: String
    @Option(name: .customLong("label-en"), help: "Its name in English.") var labelEn: String?

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let body: [String: (any JSONRepresentable)?] = ["themes": themes, "into": into, "label_en": labelEn]
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/themes/merge", json: body)
        try output.print(reply) { t in
            "merged \(themes.joined(separator: ", ")) into \(t["tag"]?.cellText ?? "?") (\"\(t["label"]?.cellText ?? "")\"), \(t["contributions"]?.cellText ?? "0") contributions"
        }
    }
}
