import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct WalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk", abstract: "Neighbourhood walks (wijkschouw): export observations, the checklist of open points, follow-ups.",
        subcommands: [ExportWalk.self, WalkChecklist.self, FollowUp.self])
}

struct ExportWalk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a walk's observations as CSV (reporting desk) or GeoJSON (GIS).")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Option(help: "csv or geojson.") var format: String = "csv"
    @Option(name: [.customShort("o"), .customLong("output")], help: "The file to write.") var file: String

    func run() async throws {
        guard ["csv", "geojson"].contains(format) else { throw AdminClientError.usage("--format is csv or geojson") }
        let (ref, activity, trajectory) = try activityReference(reference)
        let path =
            "\(ref.base)/activities/\(pathSegment(activity))/observations?format=\(format)"
            + (trajectory.map { "&trajectory=\(queryValue($0))" } ?? "")
        let written = try await connection.client().download(path, to: URL(filePath: file))
        print("wrote \(file) (\(written) bytes)")
    }
}

struct WalkChecklist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist", abstract: "Points still open from earlier walks of the same trajectory, to check on this walk.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity: the coming walk.") var reference: String

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let reply = try await connection.client().send(
            .GET, "\(ref.base)/activities/\(pathSegment(activity))/checklist" + (trajectory.map { "?trajectory=\(queryValue($0))" } ?? ""))
        try output.print(reply) { body in
            let rows = (body["observations"]?.elements ?? []).map { item -> [String] in
                let o = item["observation"]
                return [
                    item["walk_date"]?.cellText ?? "-", o?["sequence"]?.cellText ?? "-", o?["category"]?.cellText ?? "-",
                    o?["urgency"]?.cellText ?? "-",
                    o?["description"]?.cellText ?? "-", o?["follow_up"]?["status"]?.cellText ?? "open",
                    o?["follow_up"]?["owner"]?.cellText ?? "-",
                    item["contribution"]?.cellText ?? "-",
                ]
            }
            return rows.isEmpty
                ? "nothing open from earlier walks"
                : TextTable(headers: ["WALK", "NR", "CATEGORY", "URGENCY", "DESCRIPTION", "STATUS", "OWNER", "CONTRIBUTION"], rows: rows)
                    .render()
        }
    }
}

struct FollowUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-up", abstract: "Update an observation's follow-up: owner, deadline, status, remarks.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id.") var reference: String
    @Option(help: "Who picks it up.") var owner: String?
    @Option(help: "By when, YYYY-MM-DD.") var deadline: String?
    @Option(help: "open, in_progress, done or wont_do.") var status: String?
    @Option(help: "Remarks.") var remarks: String?
    @Option(name: .customLong("resolved-on"), help: "When it was resolved, YYYY-MM-DD (with done).") var resolvedOn: String?

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/contribution-id")
        let followUp: [String: (any JSONRepresentable)?] = [
            "owner": owner, "deadline": deadline, "status": status, "remarks": remarks, "resolved_on": resolvedOn,
        ]
        let changes = followUp.filter { $0.value != nil }.mapValues { $0! }
        guard !changes.isEmpty else {
            throw AdminClientError.usage("say what changes: --owner, --deadline, --status, --remarks or --resolved-on")
        }
        let reply = try await connection.client().send(
            .PATCH, "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))",
            json: ["payload_patch": JSONValue.object(["follow_up": JSONValue.object(omittingNil: changes)])])
        try output.print(reply) { c in
            "observation \(c["payload"]?["sequence"]?.cellText ?? "?"): follow-up \(c["payload"]?["follow_up"]?["status"]?.cellText ?? "open")"
        }
    }
}
