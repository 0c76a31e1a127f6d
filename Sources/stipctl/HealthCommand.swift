import NIOHTTP1
import ArgumentParser
import StipAdminClient
import StipDomain
import StipJSON

struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Show whether the daemon does its work: ok, or degraded with the reasons.",
        discussion: """
            Degraded means the node serves but needs a look: a method plugin failed (circuit open), a cycle failed, \
            contributions wait too long for validation, or some are quarantined. Exits with 4 when degraded, so that \
            a monitoring check can tell it from 0 (ok) and 3 (unreachable).
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let reply = try await connection.client().send(.GET, "/v1/health")
        try output.print(reply) { health in
            let counts = health["workspaces"]
            var lines = [
                "status:     \(health["status"]?.cellText ?? "-")",
                "version:    \(health["version"]?.cellText ?? "-")",
                "uptime:     \(health["uptime_s"]?.cellText ?? "-") s",
                "workspaces: \(counts?["active"]?.cellText ?? "0") active, \(counts?["suspended"]?.cellText ?? "0") suspended",
                "pending:    \(health["pending_validations"]?.cellText ?? "0") waiting for validation, \(health["quarantined"]?.cellText ?? "0") quarantined",
            ]
            for reason in health["reasons"]?.elements ?? [] {
                lines.append("- \(reason["code"]?.cellText ?? "?"): \(reason["message"]?.cellText ?? "")")
            }
            return lines.joined(separator: "\n")
        }
        // Whatever the output format, a script reads the verdict from the exit status.
        if (try? JSONValue.parse(reply.body))?["status"]?.stringValue == "degraded" { throw ExitCode(4) }
    }
}
