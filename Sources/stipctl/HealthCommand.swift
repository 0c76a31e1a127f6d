import NIOHTTP1
import ArgumentParser
import StipAdminClient
import StipDomain
import StipJSON

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Show whether the daemon is up, its version and workspace counts.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/health")
        try output.print(reply) { health in
            let counts = health["workspaces"]
            return """
                status:     \(health["status"]?.cellText ?? "-")
                version:    \(health["version"]?.cellText ?? "-")
                uptime:     \(health["uptime_s"]?.cellText ?? "-") s
                workspaces: \(counts?["active"]?.cellText ?? "0") active, \(counts?["suspended"]?.cellText ?? "0") suspended
                """
        }
    }
}
