import NIOHTTP1
import ArgumentParser
import StipAdminClient
import StipDomain
import StipJSON

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit log, newest first.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Only entries about this workspace.", valueName: "slug"))
    var workspace: String?

    @Option(help: "How many entries (1–1000).")
    var limit: Int = 100

    func run() async throws {
        var path = "/v1/audit?limit=\(limit)"
        if let workspace { path += "&workspace=\(queryValue(workspace))" }
        let reply = try await connection.client().send(.GET, path)
        try output.print(reply) { body in
            let rows = (body["entries"]?.elements ?? []).map { entry in
                ["at", "uid", "action", "workspace", "detail"].map { entry[$0]?.cellText ?? "-" }
            }
            return TextTable(headers: ["AT", "UID", "ACTION", "WORKSPACE", "DETAIL"], rows: rows).render()
        }
    }
}
