import ArgumentParser
import Foundation
import NIOHTTP1
import StipAdminClient
import StipJSON

/// The goals table and findings of a cycle snapshot, as people read them.
func cycleSummaryText(_ snapshot: JSONValue) -> String {
    let standing = snapshot["standing"] ?? .null
    let trends = snapshot["trends"]
    let rows = (standing["goals"]?.elements ?? []).map { goal -> [String] in
        let metric = goal["metric"]?.stringValue
        return [
            goal["id"]?.cellText ?? "-", goal["target"]?.cellText ?? "-",
            goal["estimate"].map { StandingCommand.figure($0["value"], metric: metric) } ?? "-",
            goal["estimate"].flatMap(StandingCommand.interval(metric: metric)) ?? "",
            goal["verdict"]?.cellText ?? "-", goal["id"]?.stringValue.flatMap { trends?[$0]?["direction"]?.stringValue } ?? "",
        ]
    }
    var lines = [
        "cycle \(snapshot["number"]?.cellText ?? "?") of \(snapshot["trajectory"]?.cellText ?? "?") (\(snapshot["trigger"]?.cellText ?? "?")), "
            + "finished \(snapshot["finished_at"]?.cellText ?? "?")",
        "",
        rows.isEmpty
            ? "the plan has no goals"
            : TextTable(headers: ["GOAL", "TARGET", "VALUE", "95% INTERVAL", "VERDICT", "TREND"], rows: rows).render(),
    ]
    let notEvaluated = (snapshot["activities"]?.elements ?? []).filter { $0["evaluated"] == .bool(false) }
    for activity in notEvaluated {
        lines.append(
            "not evaluated: \(activity["id"]?.cellText ?? "?") (\(activity["method"]?.cellText ?? "?")): \(activity["reason"]?.cellText ?? "")"
        )
    }
    let findings = snapshot["findings"]?.elements ?? []
    lines.append("")
    lines.append(findings.isEmpty ? "no findings" : "findings:")
    for finding in findings {
        lines.append("- [\(finding["severity"]?.cellText ?? "?")] \(finding["message"]?["en"]?.cellText ?? "")")
        if let advice = finding["recommendation"]?["en"]?.stringValue { lines.append("  → \(advice)") }
    }
    return lines.joined(separator: "\n")
}

struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run an evaluation cycle of a trajectory now and print what it concluded (stored, numbered).",
        discussion: "A closed trajectory may be evaluated by hand: its final evaluation. See docs/evaluation.md.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.POST, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/cycles")
        try output.print(reply, human: cycleSummaryText)
    }
}

struct CyclesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cycles", abstract: "A trajectory's evaluation cycles, oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/cycles")
        try output.print(reply) { body in
            let rows = (body["cycles"]?.elements ?? []).map(Self.row)
            return rows.isEmpty
                ? "no cycles yet"
                : TextTable(headers: ["CYCLE", "TRIGGER", "PLANNED", "FINISHED", "STATE", "GOALS MET", "FINDINGS"], rows: rows).render()
        }
    }
}

extension CyclesCommand {
    static func row(_ cycle: JSONValue) -> [String] {
        var goals = "-"
        if let total = cycle["goals"]?.cellText {
            let met = cycle["goals_met"]?.cellText ?? "0"
            goals = "\(met)/\(total)"
        }
        let number = cycle["number"]?.cellText ?? "-"
        let trigger = cycle["trigger"]?.cellText ?? "-"
        let planned = cycle["planned_at"]?.cellText ?? "-"
        let finished = cycle["finished_at"]?.cellText ?? "-"
        let state = cycle["state"]?.cellText ?? "-"
        let findings = cycle["findings"]?.cellText ?? "-"
        return [number, trigger, planned, finished, state, goals, findings]
    }
}

struct CycleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycle", abstract: "One cycle's snapshot, whole: use -o json or -o yaml for everything it holds.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory/cycle-number.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory/cycle", minimum: 2, maximum: 2)
        let reply = try await connection.client().send(
            .GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/cycles/\(pathSegment(ref.parts[1]))")
        try output.print(reply, human: cycleSummaryText)
    }
}
