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
        abstract: "Start an evaluation cycle of a trajectory now and print its number; --follow shows it run and what it concluded.",
        discussion: """
            The cycle runs in stipd; without --follow or --wait this command returns at once, and `stipctl cycle W/T/N` \
            shows the cycle when it is done. A closed trajectory may be evaluated by hand: its final evaluation. See \
            docs/evaluation.md.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Show the cycle's progress (stage, activity, contributions streamed), then the goals and findings it concluded.")
    var follow = false
    @Flag(help: "Wait for the cycle without showing progress, then print what it concluded.") var wait = false
    @Argument(help: "workspace/trajectory.") var reference: String

    /// How often --follow asks how far the cycle is.
    static let pollInterval = Duration.milliseconds(400)

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let trajectory = ref.parts[0]
        let cycles = "\(ref.base)/trajectories/\(pathSegment(trajectory))/cycles"
        let client = try connection.client()
        if wait && !follow {
            try output.print(try await client.send(.POST, cycles), human: cycleSummaryText)
            return
        }
        let started = try await client.send(.POST, "\(cycles)?background=true")
        let number = try JSONValue.parse(started.body)["number"]?.intValue ?? 0
        guard follow else {
            try output.print(started) { _ in
                "cycle \(number) of \(trajectory) started; `stipctl cycle \(reference)/\(number)` shows it when it is done"
            }
            return
        }
        // Progress is for people: on standard output with tables, on standard error when the output is data.
        let say: (String) -> Void =
            output.output == .table ? { Swift.print($0) } : { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        say("cycle \(number) of \(trajectory) started")
        var shown = ""
        while true {
            let progress = try JSONValue.parse(try await client.send(.GET, "\(cycles)/\(number)/progress").body)
            let stage = progress["stage"]?.stringValue ?? ""
            if stage == "finished" { break }
            if stage == "failed" {
                FileHandle.standardError.write(
                    Data("cycle \(number) failed: \(progress["error"]?.stringValue ?? "no reason given")\n".utf8))
                throw ExitCode(1)
            }
            let line = Self.progressLine(progress)
            if line != shown { say(line) }
            shown = line
            try await Task.sleep(for: Self.pollInterval)
        }
        say("")
        try output.print(try await client.send(.GET, "\(cycles)/\(number)"), human: cycleSummaryText)
    }

    /// One line of `--follow`: the stage, and while evaluating, which activity and how much was streamed.
    static func progressLine(_ progress: JSONValue) -> String {
        let streamed = progress["streamed"]?.intValue ?? 0
        switch progress["stage"]?.stringValue {
        case "waiting":
            return "waiting: stipd redoes this cycle when it starts"
        case "measuring":
            return "measuring: host metrics and goals"
        case "evaluating":
            let done = progress["activities_done"]?.intValue ?? 0
            let total = progress["activities_total"]?.intValue ?? 0
            let activity = progress["activity"]?.stringValue ?? "?"
            let method = progress["method"]?.stringValue ?? "?"
            return "evaluating \(done + 1)/\(total): \(activity) (\(method)), \(streamed) contribution(s) streamed"
        case "concluding":
            return "concluding: findings and trends (\(streamed) contribution(s) streamed)"
        case let stage:
            return stage ?? "?"
        }
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
