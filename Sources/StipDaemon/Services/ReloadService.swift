import Foundation
import Logging
import Synchronization
import ServiceLifecycle
import StipStorage
import StipPluginHost
import UnixSignals

/// Re-reads the configuration on SIGHUP. Log level, `workspaces.max_open`,
/// `workspaces.trash_retention_days` and `plugins.directories` take effect at once; other
/// changes are reported as needing a restart; a broken file is logged and the running
/// configuration kept.
struct ReloadService: Service {
    let runtime: RuntimeState
    let overrides: CommandLineOverrides
    let store: any WorkspaceStore
    let plugins: PluginHost
    let logger: Logger

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            await reload()
        }
    }

    func reload() async {
        let current = runtime.settings
        guard let file = current.configFile else {
            logger.notice("SIGHUP: running on embedded defaults without a configuration file; nothing to reload")
            return
        }
        let next: DaemonSettings
        do {
            next = try DaemonSettings.load(file: file, overrides: overrides)
        } catch {
            logger.error("SIGHUP: \(file.path) has errors; keeping the running configuration:\n\(error.description)")
            return
        }
        StipLogHandler.sharedLevel.withLock { $0 = next.logLevel }
        await store.setMaxOpenWorkspaces(next.maxOpenWorkspaces)
        runtime.update { settings in
            settings.logLevel = next.logLevel
            settings.maxOpenWorkspaces = next.maxOpenWorkspaces
            settings.trashRetentionDays = next.trashRetentionDays
            settings.pluginDirectories = next.pluginDirectories
        }
        plugins.setDirectories(next.pluginDirectories)
        await plugins.reload()
        logger.notice(
            "SIGHUP: configuration reloaded from \(file.path)",
            metadata: [
                "log.level": "\(next.logLevel)", "workspaces.max_open": "\(next.maxOpenWorkspaces)",
                "workspaces.trash_retention_days": "\(next.trashRetentionDays)",
            ])
        let needRestart = next.restartRequiredChanges(comparedTo: current)
        if !needRestart.isEmpty {
            logger.warning("SIGHUP: changed settings take effect only after a restart: \(needRestart.joined(separator: ", "))")
        }
    }
}
