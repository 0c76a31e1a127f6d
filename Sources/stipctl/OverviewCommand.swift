import ArgumentParser
import NIOHTTP1
import StipAdminClient
import StipJSON

/// The consultancy's Monday-morning table: every trajectory of every workspace, what needs attention first.
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Every workspace's trajectories in one table, what needs attention first.",
        discussion: """
            Per trajectory: status, today's phase, the last cycle and its age, goals met/undecided/not met and \
            findings critical/warning/info in that cycle, contributions waiting past the plan's feedback goal, the \
            next scheduled run, and failing method plugins. Sorted by failing plugins, critical findings, overdue \
            contributions, goals not met and warnings, then the trajectory evaluated longest ago.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this workspace's trajectories.") var workspace: String?

    func run() async throws {
        let path = "/v1/overview" + (workspace.map { "?workspace=\(queryValue($0))" } ?? "")
        let reply = try await connection.client().send(.GET, path)
        try output.print(reply) { body in
            let rows = (body["trajectories"]?.elements ?? []).map(Self.row)
            return rows.isEmpty
                ? "no trajectories"
                : TextTable(
                    headers: [
                        "WORKSPACE", "TRAJECTORY", "STATUS", "PHASE", "LAST CYCLE", "GOALS MET/UND/NOT", "FINDINGS CRIT/WARN/INFO",
                        "OVERDUE",
                        "NEXT RUN", "FAILING PLUGINS",
                    ],
                    rows: rows
                ).render()
        }
    }

    static func row(_ row: JSONValue) -> [String] {
        let last = row["last_cycle"].map { cycle in
            "\(cycle["number"]?.cellText ?? "?") (\(cycle["age_days"]?.cellText ?? "?") d ago)"
        }
        let goals = row["goals"].map {
            "\($0["met"]?.cellText ?? "0")/\($0["undecided"]?.cellText ?? "0")/\($0["not_met"]?.cellText ?? "0")"
        }
        let findings = row["findings"].map {
            "\($0["critical"]?.cellText ?? "0")/\($0["warning"]?.cellText ?? "0")/\($0["info"]?.cellText ?? "0")"
        }
        let failing = (row["failing_plugins"]?.elements ?? []).compactMap(\.stringValue)
        return [
            row["workspace"]?.cellText ?? "-", row["trajectory"]?.cellText ?? "-",
            (row["status"]?.cellText ?? "-") + (row["workspace_state"]?.stringValue == "suspended" ? " (suspended)" : ""),
            row["current_phase"]?.cellText ?? "-", last ?? "never", goals ?? "-", findings ?? "-",
            row["overdue_contributions"]?.cellText ?? "0", row["next_run"]?.cellText ?? "-",
            failing.isEmpty ? "-" : failing.joined(separator: ", "),
        ]
    }
}
