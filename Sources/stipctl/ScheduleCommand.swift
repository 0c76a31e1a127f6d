import ArgumentParser
import NIOHTTP1
import StipAdminClient
import Foundation
import StipJSON
import StipScheduler

/// Evaluation schedules: when a cron expression runs, computed here without a daemon.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Evaluation schedules: every trajectory's, or when a cron expression runs.",
        subcommands: [ListSchedules.self, PreviewSchedule.self])
}

struct ListSchedules: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every trajectory's evaluation schedule: expression, time zone, last and next run, lag.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this workspace's trajectories.") var workspace: String?

    func run() async throws {
        let path = "/v1/schedules" + (workspace.map { "?workspace=\(queryValue($0))" } ?? "")
        let reply = try await connection.client().send(.GET, path)
        try output.print(reply) { body in
            let rows = (body["schedules"]?.elements ?? []).map(Self.row)
            return rows.isEmpty
                ? "no trajectories"
                : TextTable(
                    headers: ["WORKSPACE", "TRAJECTORY", "STATUS", "SCHEDULE", "TIME ZONE", "LAST RUN", "NEXT RUN", "LAG", "CYCLES"],
                    rows: rows
                ).render()
        }
    }

    static func row(_ entry: JSONValue) -> [String] {
        let lag = entry["last_lag_seconds"]?.doubleValue.map { "\(Int($0.rounded())) s" } ?? "-"
        let fields = ["workspace", "trajectory", "status", "schedule", "timezone", "last_run", "next_run"]
        return fields.map { entry[$0]?.cellText ?? "-" } + [lag, entry["cycles"]?.cellText ?? "0"]
    }
}

struct PreviewSchedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "The next run instants of a cron expression in a time zone (needs no daemon).",
        discussion: """
            Five fields (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly, @yearly, \
            read as Debian cron reads them, daylight saving included: a fixed-time job whose time is skipped runs once \
            at the first instant after the jump; one whose time occurs twice runs once; a job with * at the start of its \
            minute or hour field follows the wall clock. Prints one instant per line in ISO 8601 with the offset.
            """)

    @Argument(help: "The cron expression, e.g. \"0 7 * * MON\".") var expression: String
    @Option(help: "An IANA time zone.") var timezone: String = "Europe/Amsterdam"
    @Option(help: "Start after this instant (ISO 8601 with offset, e.g. 2027-03-27T00:00:00+01:00); default now.") var from: String?
    @Option(help: "How many runs, 1 to 1000.") var count: Int = 10
    @Option(name: [.short, .customLong("output")], help: "Output format: table (one per line) or json (an array).")
    var output: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    func validate() throws {
        guard (1...1000).contains(count) else { throw ValidationError("--count \(count) must be from 1 to 1000") }
    }

    func run() async throws {
        guard let zone = TimeZone(identifier: timezone) else {
            throw ValidationError(
                "--timezone \(timezone) is not a time zone in the system's tz database; use a name such as Europe/Amsterdam")
        }
        let start: Date
        if let from {
            guard let parsed = try? Date(from, strategy: .iso8601) else {
                throw ValidationError("--from \(from) is not an ISO 8601 instant with an offset, e.g. 2027-03-27T00:00:00+01:00")
            }
            start = parsed
        } else {
            start = Date()
        }
        let cron: CronExpression
        do {
            cron = try CronExpression(expression)
        } catch {
            throw ValidationError(error.description)
        }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        let runs = cron.nextRuns(after: start, in: zone, count: count).map { formatter.string(from: $0) }
        switch output {
        case .table:
            if runs.isEmpty { print("\(expression) does not run in the next 28 years") }
            for run in runs { print(run) }
        case .json:
            print(JSONValue.array(runs.map(JSONValue.string)).jsonText)
        }
    }
}
