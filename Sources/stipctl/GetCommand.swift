import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Read trajectories back.", subcommands: [GetTrajectory.self, GetTrajectories.self])
}

struct GetTrajectories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trajectories", abstract: "List a workspace's trajectories.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace slug.") var workspace: String

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/workspaces/\(pathSegment(workspace))/trajectories")
        try output.print(reply) { body in
            let rows = (body["trajectories"]?.elements ?? []).map { t in
                ["id", "title", "status", "activities", "contributions", "updated_at"].map { t[$0]?.cellText ?? "-" }
            }
            if rows.isEmpty { return "no trajectories in \(workspace); create one with `stipctl apply -f plan.yaml`" }
            return TextTable(headers: ["ID", "TITLE", "STATUS", "ACTIVITIES", "CONTRIBUTIONS", "UPDATED"], rows: rows).render()
        }
    }
}

struct GetTrajectory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectory",
        abstract: "Show a trajectory; with -o yaml the plan as applied, which applies again without change.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory, e.g. voorbeeldstad/herinrichting-stationsplein.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let client = try connection.client()
        let path = "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))"
        if output.output == .yaml {
            // The daemon renders the plan in its own field order, ready to apply again.
            let reply = try await client.send(.GET, path + "?format=yaml")
            print(String(decoding: reply.body, as: UTF8.self), terminator: "")
            return
        }
        let reply = try await client.send(.GET, path)
        if output.output == .json {
            try output.print(reply) { _ in "" }
            return
        }
        let activities = try JSONValue.parse(try await client.send(.GET, path + "/activities").body)
        try output.print(reply) { plan in describeTrajectory(plan, activities: activities["activities"]?.elements ?? []) }
    }
}

/// A trajectory for people: the essentials, phases and activities with their contributions.
func describeTrajectory(_ plan: JSONValue, activities: [JSONValue]) -> String {
    var lines: [String] = []
    for key in ["id", "title", "status", "participation_level", "decision_maker", "legal_basis", "owner"] {
        lines.append("\((key + ":").padding(toLength: 21, withPad: " ", startingAt: 0)) \(plan[key]?.cellText ?? "-")")
    }
    lines.append("")
    let phases = (plan["phases"]?.elements ?? []).map { p in ["id", "title", "starts", "ends"].map { p[$0]?.cellText ?? "-" } }
    lines.append(TextTable(headers: ["PHASE", "TITLE", "STARTS", "ENDS"], rows: phases).render())
    lines.append("")
    let counts = Dictionary(activities.compactMap { a in a["id"]?.stringValue.map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
    let rows = (plan["activities"]?.elements ?? []).map { a -> [String] in
        let id = a["id"]?.stringValue ?? "-"
        return [
            id, a["method"]?.cellText ?? "-", a["phase"]?.cellText ?? "-", a["access"]?.cellText ?? "-",
            counts[id]?["contributions"]?.cellText ?? "0",
        ]
    }
    lines.append(TextTable(headers: ["ACTIVITY", "METHOD", "PHASE", "ACCESS", "CONTRIBUTIONS"], rows: rows).render())
    let goals = (plan["goals"]?.elements ?? []).map { g in ["id", "metric", "target"].map { g[$0]?.cellText ?? "-" } }
    if !goals.isEmpty {
        lines.append("")
        lines.append(TextTable(headers: ["GOAL", "METRIC", "TARGET"], rows: goals).render())
    }
    return lines.joined(separator: "\n")
}
