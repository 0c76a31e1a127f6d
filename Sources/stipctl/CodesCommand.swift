import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

/// Codes for letters to households, for any online activity with `one_response_per: code`.
struct CodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codes", abstract: "Codes for letters to households: one response per code.",
        subcommands: [GenerateCodes.self, CountCodes.self, RevokeCodes.self])
}

struct GenerateCodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Make new codes and write them to a CSV file; Stip keeps only keyed hashes, so this file is the only copy.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Option(help: "How many codes (1–100000).") var count: Int
    @Option(name: .customLong("out"), help: ArgumentHelp("The CSV file to write (mode 0600).", valueName: "file")) var file: String

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        guard !FileManager.default.fileExists(atPath: file) else {
            throw AdminClientError.usage("\(file) exists; choose another name (codes are shown once and never again)")
        }
        let body: [String: (any JSONRepresentable)?] = ["count": count, "trajectory": trajectory]
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/activities/\(pathSegment(activity))/codes", json: body)
        let codes = try JSONValue.parse(reply.body)["codes"]?.elements.compactMap(\.stringValue) ?? []
        let csv = "code\n" + codes.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: file, contents: Data(csv.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AdminClientError.usage("cannot write \(file)")
        }
        print("wrote \(codes.count) codes to \(file); print them on the letters and keep the file safe — Stip cannot show them again")
    }
}

struct CountCodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "How many codes are unused, used and revoked.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let reply = try await connection.client().send(
            .GET, "\(ref.base)/activities/\(pathSegment(activity))/codes" + (trajectory.map { "?trajectory=\(queryValue($0))" } ?? ""))
        try output.print(reply) { body in
            let counts = body["counts"]
            return TextTable(
                headers: ["UNUSED", "USED", "REVOKED"],
                rows: [[counts?["unused"]?.cellText ?? "0", counts?["used"]?.cellText ?? "0", counts?["revoked"]?.cellText ?? "0"]]
            ).render()
        }
    }
}

struct RevokeCodes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke codes (a lost batch of letters) so they cannot be used.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Argument(help: "The codes to revoke.") var codes: [String] = []
    @Flag(name: .customLong("all-unused"), help: "Revoke every code not used yet.") var allUnused = false

    func validate() throws {
        if codes.isEmpty == !allUnused { throw ValidationError("name the codes, or say --all-unused") }
    }

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let body: [String: (any JSONRepresentable)?] = [
            "codes": allUnused ? nil : codes, "all_unused": allUnused ? true : nil, "trajectory": trajectory,
        ]
        let reply = try await connection.client().send(
            .POST, "\(ref.base)/activities/\(pathSegment(activity))/codes/revoke", json: body)
        try output.print(reply) { r in
            "revoked \(r["revoked"]?.cellText ?? "0") code(s); \(r["counts"]?["unused"]?.cellText ?? "0") unused left"
        }
    }
}
