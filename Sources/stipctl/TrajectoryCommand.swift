import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct TrajectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trajectory", abstract: "What only the API sets on a trajectory: its status and the phase reflections.",
        subcommands: [SetTrajectoryStatus.self, ReflectOnPhase.self, ListReflections.self])
}

struct SetTrajectoryStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Set the status: draft, active or closed.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Argument(help: "draft, active or closed (closing starts the retention period).") var status: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(
            .PUT, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/status", json: ["status": status])
        try output.print(reply) { plan in "trajectory \(reference) is \(plan["status"]?.cellText ?? status)" }
    }
}

struct ReflectOnPhase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflect", abstract: "Record what went well in a phase and what to change (replaces the earlier note).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Argument(help: "The phase id.") var phase: String
    @Option(name: .customLong("went-well"), help: "What went well.") var wentWell: String
    @Option(name: .customLong("to-change"), help: "What we change next time.") var toChange: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(
            .PUT, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/phases/\(pathSegment(phase))/reflection",
            json: ["went_well": wentWell, "to_change": toChange])
        try output.print(reply) { _ in "recorded the reflection on phase \(phase) of \(reference)" }
    }
}

struct ListReflections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reflections", abstract: "Show the phase reflections of a trajectory.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.GET, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/reflections")
        try output.print(reply) { body in
            let rows = (body["reflections"]?.elements ?? []).map { r in
                ["phase", "went_well", "to_change", "updated_at"].map { r[$0]?.cellText ?? "-" }
            }
            return rows.isEmpty
                ? "no reflections yet" : TextTable(headers: ["PHASE", "WENT WELL", "TO CHANGE", "UPDATED"], rows: rows).render()
        }
    }
}
