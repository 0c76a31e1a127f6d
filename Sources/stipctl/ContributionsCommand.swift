import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipConfig
import StipDomain
import StipJSON

struct ContributionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contributions", abstract: "Enter, import, list, amend and export contributions.",
        subcommands: [
            AddContribution.self, ImportContributions.self, ListContributions.self, ShowContribution.self, RejectContribution.self,
            RetryContribution.self, AmendContribution.self, ExportContributions.self,
        ])
}

/// `workspace/activity` or `workspace/trajectory/activity` → the pieces and a query naming the trajectory.
func activityReference(_ text: String) throws -> (ref: Reference, activity: String, trajectory: String?) {
    let ref = try Reference.parse(text, "workspace/activity or workspace/trajectory/activity", minimum: 1, maximum: 2)
    return ref.parts.count == 2 ? (ref, ref.parts[1], ref.parts[0]) : (ref, ref.parts[0], nil)
}

struct AddContribution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Enter one contribution; it is validated by the method plugin (or kept as pending when the plugin is down).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Option(help: "The contribution as JSON, e.g. '{\"type\": \"idea\", \"text\": \"Meer bankjes\"}'.") var json: String?
    @Option(name: .customLong("file"), help: "The contribution in a JSON or YAML file.") var file: String?
    @Option(help: "The participant's pseudonymous id.") var participant: String?
    @Option(name: .customLong("theme"), help: "A theme tag; repeat for more.") var themes: [String] = []
    @Option(help: "online or offline (default offline: entered by a consultant).") var channel: String = "offline"
    @Option(
        name: .customLong("occurred-on"),
        help: ArgumentHelp(
            "The day it was made (default: the method's, e.g. the walk's date; else today).", valueName: "YYYY-MM-DD"))
    var occurredOn: String?

    func validate() throws {
        if (json == nil) == (file == nil) { throw ValidationError("give the contribution with --json or --file (one of them)") }
        try validateDay(occurredOn, option: "--occurred-on")
    }

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let submission: JSONValue
        if let json {
            do { submission = try JSONValue.parse(Data(json.utf8)) } catch {
                throw AdminClientError.usage("--json is not valid JSON: \(error)")
            }
        } else {
            let (data, name) = try readInput(file!)
            do {
                submission = try YAMLDecoder().decode(JSONValue.self, from: String(decoding: data, as: UTF8.self), file: name)
            } catch {
                throw AdminClientError.usage(error.description)
            }
        }
        let body: [String: (any JSONRepresentable)?] = [
            "activity": activity, "trajectory": trajectory, "participant": participant, "channel": channel, "themes": themes,
            "submission": submission, "occurred_on": occurredOn,
        ]
        let reply = try await connection.client().send(.POST, "\(ref.base)/contributions", json: body)
        try output.print(reply) { c in
            let id = c["id"]?.cellText ?? "?"
            return c["state"]?.stringValue == "pending_validation"
                ? "stored contribution \(id) as pending validation: the method plugin is unavailable; it is validated when the plugin is back"
                : "stored contribution \(id)"
        }
    }
}

struct ImportContributions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import offline contributions (a workshop's sheet, walk notes) from CSV or YAML; all rows or none.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Argument(help: "The file: .csv (header row, ; or , separated) or .yaml (a list of rows).") var file: String
    @Option(help: "csv or yaml (default: from the file name).") var format: String?
    @Flag(name: .customLong("skip-invalid"), help: "Store the valid rows and report the others, instead of importing nothing.")
    var skipInvalid = false
    @Flag(name: .customLong("dry-run"), help: "Check every row and column, and say what would be imported; store nothing.")
    var dryRun = false
    @Option(
        name: .customLong("ignore-column"),
        help: ArgumentHelp("A column the method does not read, left out on purpose; repeat for more.", valueName: "name"))
    var ignoreColumns: [String] = []
    @Option(
        name: .customLong("occurred-on"),
        help: ArgumentHelp(
            "The day the rows were made, for rows without a date column (default: the method's, e.g. the walk's date).",
            valueName: "YYYY-MM-DD"))
    var occurredOn: String?

    func validate() throws {
        try validateDay(occurredOn, option: "--occurred-on")
    }

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let (data, name) = try readInput(file)
        let chosen =
            format
            ?? (name.lowercased().hasSuffix(".csv")
                ? "csv" : name.lowercased().hasSuffix(".yaml") || name.lowercased().hasSuffix(".yml") ? "yaml" : nil)
        guard let chosen else { throw AdminClientError.usage("cannot tell the format of \(name); say --format csv or --format yaml") }
        var path = "\(ref.base)/activities/\(pathSegment(activity))/imports?format=\(queryValue(chosen))&file=\(queryValue(name))"
        if let trajectory { path += "&trajectory=\(queryValue(trajectory))" }
        if skipInvalid { path += "&skip_invalid=true" }
        if dryRun { path += "&dry_run=true" }
        for column in ignoreColumns { path += "&ignore_column=\(queryValue(column))" }
        if let occurredOn { path += "&occurred_on=\(queryValue(occurredOn))" }
        let reply = try await connection.client().send(
            .POST, path, body: Data(data), contentType: chosen == "csv" ? "text/csv" : "application/yaml")
        try output.print(reply) { report in
            let verb = report["dry_run"] == .bool(true) ? "would import" : "imported"
            var lines = [
                "\(verb) \(report["imported"]?.cellText ?? "0") of \(report["rows"]?.cellText ?? "0") rows into \(report["trajectory"]?.cellText ?? "?")/\(activity)"
            ]
            if case .object(let days)? = report["occurred_on"], !days.isEmpty {
                let listed = days.keys.sorted().map { "\($0) (\(days[$0]?.cellText ?? "?"))" }.joined(separator: ", ")
                lines.append("  dated: \(listed)")
            }
            let ignored = report["ignored_columns"]?.elements.compactMap(\.stringValue) ?? []
            if !ignored.isEmpty { lines.append("  left out on purpose: \(ignored.joined(separator: ", "))") }
            for warning in report["warnings"]?.elements.compactMap(\.stringValue) ?? [] { lines.append("  warning: \(warning)") }
            for error in report["skipped"]?.elements ?? [] {
                let column = error["column"]?.stringValue.map { " (column \($0))" } ?? ""
                let rows = error["rows"]?.elements.map(\.cellText).joined(separator: ", ")
                let which = rows.map { "rows \($0)" } ?? "row \(error["row"]?.cellText ?? "?")"
                let pointer = error["pointer"]?.stringValue.flatMap { $0.isEmpty ? nil : "\($0): " } ?? ""
                lines.append("  skipped \(which)\(column): \(pointer)\(error["message"]?.cellText ?? "")")
            }
            return lines.joined(separator: "\n")
        }
    }
}

struct ListContributions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List contributions.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace, workspace/trajectory or workspace/trajectory/activity.") var reference: String
    @Option(help: "Only this state: accepted, pending_validation, rejected_after_review or quarantined.") var state: String?
    @Option(help: "Only this participant's.") var participant: String?
    @Flag(help: "Only those without a response yet.") var unanswered = false
    @Flag(name: .customLong("include-archived"), help: "Also those of removed (archived) activities.") var includeArchived = false
    @Option(help: "At most this many (default 1000, up to 100000).") var limit: Int?

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace[/trajectory[/activity]]", minimum: 0, maximum: 2)
        var query: [String] = []
        if ref.parts.count >= 1 { query.append("trajectory=\(queryValue(ref.parts[0]))") }
        if ref.parts.count == 2 { query.append("activity=\(queryValue(ref.parts[1]))") }
        if let state { query.append("state=\(queryValue(state))") }
        if let participant { query.append("participant=\(queryValue(participant))") }
        if unanswered { query.append("unanswered=true") }
        if includeArchived { query.append("include_archived=true") }
        if let limit { query.append("limit=\(limit)") }
        let reply = try await connection.client().send(
            .GET, "\(ref.base)/contributions" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
        try output.print(reply) { body in
            let rows = (body["contributions"]?.elements ?? []).map { c -> [String] in
                [
                    c["id"]?.cellText ?? "-", "\(c["trajectory"]?.cellText ?? "-")/\(c["activity"]?.cellText ?? "-")",
                    c["channel"]?.cellText ?? "-", c["payload"]?.excerpt(limit: 40) ?? "-",
                    c["state"]?.cellText ?? "-", (c["themes"]?.elements.compactMap(\.stringValue) ?? []).joined(separator: ","),
                    c["response"]?["status"]?.cellText ?? "-", c["occurred_on"]?.cellText ?? "-", c["created_at"]?.cellText ?? "-",
                ]
            }
            return rows.isEmpty
                ? "no contributions"
                : TextTable(
                    headers: ["ID", "ACTIVITY", "CHANNEL", "TEXT", "STATE", "THEMES", "RESPONSE", "MADE ON", "RECEIVED"], rows: rows
                ).render()
        }
    }
}

struct ShowContribution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one contribution with its payload and response.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/contribution-id")
        let reply = try await connection.client().send(.GET, "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))")
        try output.print(reply) { c in
            (try? YAMLEncoder().encode(c)) ?? "\(c)"
        }
    }
}

struct RejectContribution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Refuse a contribution after review (offensive, off-topic, duplicate); it is kept with the reason, not counted.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id.") var reference: String
    @Option(help: "Why; kept with the contribution.") var reason: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/contribution-id")
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))/reject", json: ["reason": reason])
        try output.print(reply) { c in "contribution \(c["id"]?.cellText ?? "?") is \(c["state"]?.cellText ?? "?")" }
    }
}

struct RetryContribution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract:
            "Put a quarantined contribution back in line for validation (after the plugin was fixed); two more crashes set it aside again.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/contribution-id")
        let reply = try await connection.client().send(.POST, "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))/retry")
        try output.print(reply) { c in "contribution \(c["id"]?.cellText ?? "?") is \(c["state"]?.cellText ?? "?") again" }
    }
}
