import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain

/// `stipctl`: the admin CLI, a thin client of the admin API on the daemon's Unix socket.
struct Stipctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stipctl",
        abstract: "Manage a running stipd over its admin socket.",
        discussion: """
            The socket is found from --socket, then STIP_SOCKET, then admin.socket in the daemon's config \
            (--config, STIP_CONFIG or /etc/stip/stipd.yaml), then /run/stip/stipd.sock.
            Exit codes: 0 ok, 1 error reported by the daemon, 2 usage error, 3 cannot reach the daemon.
            """,
        version: StipVersion.current,
        subcommands: [
            HealthCommand.self, WorkspaceCommand.self, PluginCommand.self, ApplyCommand.self, GetCommand.self, TrajectoryCommand.self,
            ContributionsCommand.self, RespondCommand.self, FeedbackCommand.self, StandingCommand.self, EvaluateCommand.self,
            CyclesCommand.self, CycleCommand.self, ReportBackCommand.self,
            ParticipantCommand.self,
            PrivacyCommand.self, PopulationCommand.self, CodesCommand.self, ThemesCommand.self, ScheduleCommand.self, OverviewCommand.self,
            ReportCommand.self,
            AuditCommand.self, BackupCommand.self, RestoreCommand.self,
        ])

    /// Declared here too so `--socket` may stand before the subcommand (`stipctl --socket PATH workspace list`).
    @OptionGroup var connection: ConnectionOptions
}

/// Entry point: maps failures to the documented exit codes (argument-parser would use 64 for usage errors).
@main
enum StipctlMain {
    static func main() async {
        do {
            var command = try Stipctl.parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as AdminClientError {
            FileHandle.standardError.write(Data("stipctl: \(error.description)\n".utf8))
            exit(error.exitCode)
        } catch {
            let code = Stipctl.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((Stipctl.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            Stipctl.exit(withError: error)
        }
    }
}
