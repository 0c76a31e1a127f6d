import ArgumentParser
import NIOHTTP1
import Foundation
import StipAdminClient
import StipJSON

/// Where a trajectory stands against its goals, computed now.
struct StandingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standing",
        abstract: "Where a trajectory stands against its goals now (stand van zaken), without storing a cycle.",
        discussion: """
            Each goal is met, not_met, undecided or not_measurable. A share of the participants (and a representation \
            ratio) has a 95 % interval (Wilson): a goal is met only when the whole interval meets the target, not met \
            when none of it does, else undecided: more participants are needed to tell. See docs/metrics.md.
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/standing")
        try output.print(reply) { standing in
            let rows = (standing["goals"]?.elements ?? []).map { goal -> [String] in
                let estimate = goal["estimate"]
                return [
                    goal["id"]?.cellText ?? "-", goal["metric"]?.cellText ?? "-", goal["target"]?.cellText ?? "-",
                    estimate.map { Self.figure($0["value"], metric: goal["metric"]?.stringValue) } ?? "-",
                    estimate.flatMap(Self.interval(metric: goal["metric"]?.stringValue)) ?? "",
                    goal["verdict"]?.cellText ?? "-", goal["reason"]?.cellText ?? "",
                ]
            }
            var lines = ["population figures: " + (standing["population_year"]?.cellText ?? "none imported"), ""]
            lines.append(
                rows.isEmpty
                    ? "the plan has no goals"
                    : TextTable(headers: ["GOAL", "METRIC", "TARGET", "VALUE", "95% INTERVAL", "VERDICT", "WHY NOT MEASURED"], rows: rows)
                        .render())
            return lines.joined(separator: "\n")
        }
    }

    /// A figure as people read it: shares as percentages, ratios and counts rounded.
    static func figure(_ value: JSONValue?, metric: String?) -> String {
        guard let number = value?.doubleValue else { return "-" }
        if metric?.hasSuffix("_share") == true { return String(format: "%.0f%%", number * 100) }
        if number == number.rounded() { return String(Int(number)) }
        return String(format: "%.2f", number)
    }

    /// The interval when the figure has one (a share or ratio drawn from participants).
    static func interval(metric: String?) -> (JSONValue) -> String? {
        { estimate in
            guard let low = estimate["low"]?.doubleValue, let high = estimate["high"]?.doubleValue, low != high else { return nil }
            return "\(figure(.double(low), metric: metric))–\(figure(.double(high), metric: metric)) (n=\(estimate["n"]?.cellText ?? "?"))"
        }
    }
}
