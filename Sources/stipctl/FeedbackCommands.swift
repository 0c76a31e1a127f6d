import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct RespondCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "respond",
        abstract: "Record what was done with a contribution, or with every contribution of a theme (--theme).",
        discussion: """
            stipctl respond voorbeeldstad/c-7k3m9x2qab --status adopted --reason "..." --decided-by "college"
            stipctl respond voorbeeldstad/herinrichting-stationsplein --theme verkeer --status partly_adopted --reason "..." --decided-by raad
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id, or workspace/trajectory with --theme.") var reference: String
    @Option(help: "A theme: the response applies to every contribution of the trajectory with this theme.") var theme: String?
    @Option(help: "received, under_consideration, adopted, partly_adopted or not_adopted.") var status: String
    @Option(help: "Why, in Dutch (required for every status but received).") var reason: String?
    @Option(name: .customLong("reason-en"), help: "Why, in English.") var reasonEn: String?
    @Option(name: .customLong("decided-by"), help: "Who decided: a person, the college, the council.") var decidedBy: String
    @Option(help: "When it was decided, YYYY-MM-DD (default today).") var date: String?

    func run() async throws {
        let ref = try Reference.parse(reference, theme == nil ? "workspace/contribution-id" : "workspace/trajectory")
        let path =
            theme == nil
            ? "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))/responses"
            : "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/responses"
        let body: [String: (any JSONRepresentable)?] = [
            "theme": theme, "status": status, "reason": reason, "reason_en": reasonEn, "decided_by": decidedBy, "decided_on": date,
        ]
        let reply = try await connection.client().send(.POST, path, json: body)
        try output.print(reply) { r in
            "recorded response \(r["id"]?.cellText ?? "?"): \(r["status"]?.cellText ?? status)" + (theme.map { " for theme \($0)" } ?? "")
        }
    }
}

struct FeedbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback", abstract: "Response coverage of a trajectory and what still has no response, longest waiting first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/feedback")
        try output.print(reply) { o in
            var lines = [
                "contributions:            \(o["contributions"]?.cellText ?? "0")",
                "answered:                 \(o["answered"]?.cellText ?? "0")",
                "responded share:          \(percent(o["responded_share"]))",
                "median days to response:  \(o["median_days_to_response"]?.cellText ?? "-")",
                "report-backs:             \(o["report_backs"]?.elements.count ?? 0)",
            ]
            let rows = (o["unanswered"]?.elements ?? []).map { u in
                [
                    u["id"]?.cellText ?? "-", u["activity"]?.cellText ?? "-", u["excerpt"]?.cellText ?? "-",
                    (u["themes"]?.elements.compactMap(\.stringValue) ?? []).joined(separator: ","),
                    u["waiting_days"]?.cellText ?? "-", u["acknowledged"] == .bool(true) ? "yes" : "no",
                ]
            }
            lines.append("")
            lines.append(
                rows.isEmpty
                    ? "every contribution has a response"
                    : TextTable(headers: ["WITHOUT RESPONSE", "ACTIVITY", "TEXT", "THEMES", "WAITING DAYS", "ACKNOWLEDGED"], rows: rows)
                        .render())
            return lines.joined(separator: "\n")
        }
    }
}

struct ReportBackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-back",
        abstract: "Record report-backs to participants; Stip keeps the e-mail outbox, it does not send e-mail.",
        subcommands: [RecordReportBack.self, ListReportBacks.self, ReportBackOutbox.self, MarkReportBackSent.self])
}

struct RecordReportBack: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a report-back. E-mail: the outbox is filled with consenting participants; mark it sent after sending.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Option(help: "email, letter, meeting or web.") var channel: String
    @Option(help: "What was done with the contributions, in Dutch.") var summary: String
    @Option(name: .customLong("summary-en"), help: "The same in English.") var summaryEn: String?
    @Option(help: "Only the participants of this activity.") var activity: String?
    @Option(help: "How many people a letter, meeting or web page reached.") var recipients: Int?
    @Option(name: .customLong("sent-on"), help: "When it was sent or held, YYYY-MM-DD.") var sentOn: String?

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let body: [String: (any JSONRepresentable)?] = [
            "channel": channel, "summary": summary, "summary_en": summaryEn, "activity": activity, "recipients": recipients,
            "sent_on": sentOn,
        ]
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/report-backs", json: body)
        try output.print(reply) { r in
            let id = r["id"]?.cellText ?? "?"
            return r["state"]?.stringValue == "outbox"
                ? "report-back \(id) is in the outbox for \(r["recipients"]?.cellText ?? "0") recipient(s); export it with `stipctl report-back outbox \(ref.workspace) \(id)`, then `stipctl report-back mark-sent \(ref.workspace) \(id)`"
                : "recorded report-back \(id), sent \(r["sent_on"]?.cellText ?? "-") to \(r["recipients"]?.cellText ?? "0")"
        }
    }
}

struct ListReportBacks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a trajectory's report-backs.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/report-backs")
        try output.print(reply) { body in
            let rows = (body["report_backs"]?.elements ?? []).map { r in
                [
                    r["id"]?.cellText ?? "-", r["channel"]?.cellText ?? "-", r["activity"]?.cellText ?? "-", r["state"]?.cellText ?? "-",
                    r["sent_on"]?.cellText ?? "-", r["recipients"]?.cellText ?? "-", r["summary"]?["nl"]?.cellText ?? "-",
                ]
            }
            return rows.isEmpty
                ? "no report-backs yet"
                : TextTable(headers: ["ID", "CHANNEL", "ACTIVITY", "STATE", "SENT", "RECIPIENTS", "SUMMARY"], rows: rows).render()
        }
    }
}

struct ReportBackOutbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox", abstract: "Export the addresses of an e-mail report-back (audited).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The report-back id.") var id: Int
    @Option(name: [.customLong("out"), .customLong("csv")], help: "Write participant,email CSV to this file instead.") var csv: String?

    func run() async throws {
        let path = "/v1/workspaces/\(pathSegment(workspace))/report-backs/\(id)/outbox"
        let client = try connection.client()
        if let csv {
            let written = try await client.download(path + "?format=csv", to: URL(filePath: csv))
            print("wrote \(csv) (\(written) bytes); it holds personal data: delete it after sending")
            return
        }
        let reply = try await client.send(.GET, path)
        try output.print(reply) { body in
            let rows = (body["recipients"]?.elements ?? []).map { [$0["participant"]?.cellText ?? "-", $0["email"]?.cellText ?? "-"] }
            return rows.isEmpty ? "the outbox is empty" : TextTable(headers: ["PARTICIPANT", "EMAIL"], rows: rows).render()
        }
    }
}

struct MarkReportBackSent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mark-sent", abstract: "Record that an e-mail report-back was sent.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String
    @Argument(help: "The report-back id.") var id: Int
    @Option(help: "When, YYYY-MM-DD (default today).") var on: String?

    func run() async throws {
        let body: [String: (any JSONRepresentable)?] = ["sent_on": on]
        let reply = try await connection.client().send(
            .POST, "/v1/workspaces/\(pathSegment(workspace))/report-backs/\(id)/sent", json: body)
        try output.print(reply) { r in "report-back \(id) sent on \(r["sent_on"]?.cellText ?? "-")" }
    }
}

/// A share as people read it: `0.3076…` → `31%`; `-` when there is none.
func percent(_ value: JSONValue?) -> String {
    guard let share = value?.doubleValue else { return "-" }
    return "\(Int((share * 100).rounded()))%"
}
