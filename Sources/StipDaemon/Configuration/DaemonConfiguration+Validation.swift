public import StipConfig

extension DaemonConfiguration: YAMLValidatable {
    /// Checks every value, so that `stipd --check` reports all problems at once with their positions.
    public func validate() -> [YAMLValidationIssue] {
        var issues: [YAMLValidationIssue] = []
        func check<T>(_ result: Result<T, SettingProblem>, _ path: String...) {
            if case .failure(let problem) = result {
                issues.append(YAMLValidationIssue(path: path.map { .key($0) }, message: problem.message))
            }
        }
        check(SettingParsers.nonEmptyPath(dataDir), "data_dir")
        check(SettingParsers.nonEmptyPath(admin.socket), "admin", "socket")
        check(SettingParsers.socketMode(admin.socketMode), "admin", "socket_mode")
        if admin.socket.hasPrefix("/"), admin.socket.utf8.count > 107 {
            // A relative path is checked once it is resolved against the file's directory.
            issues.append(
                YAMLValidationIssue(
                    path: [.key("admin"), .key("socket")],
                    message: "the path is longer than the 107 bytes a Unix socket path may have; choose a shorter one"))
        }
        check(SettingParsers.atLeast(1024, admin.maxBodyBytes), "admin", "max_body_bytes")
        check(SettingParsers.atLeast(1024, admin.maxImportBytes), "admin", "max_import_bytes")
        check(SettingParsers.atLeast(1, admin.idleTimeoutSeconds), "admin", "idle_timeout_seconds")
        check(SettingParsers.atLeast(1, admin.maxConnections), "admin", "max_connections")
        check(SettingParsers.listenAddress(`public`.listen), "public", "listen")
        check(SettingParsers.atLeast(0, `public`.rateLimitPerMinute), "public", "rate_limit_per_minute")
        check(SettingParsers.atLeast(1, `public`.rateLimitBurst), "public", "rate_limit_burst")
        check(SettingParsers.atLeast(0, `public`.pageRateLimitPerMinute), "public", "page_rate_limit_per_minute")
        check(SettingParsers.atLeast(1, `public`.pageRateLimitBurst), "public", "page_rate_limit_burst")
        check(SettingParsers.atLeast(1, `public`.idleTimeoutSeconds), "public", "idle_timeout_seconds")
        check(SettingParsers.atLeast(1, `public`.maxConnections), "public", "max_connections")
        check(SettingParsers.atLeast(100, `public`.validationWaitMs), "public", "validation_wait_ms")
        if !`public`.rootRedirect.isEmpty, !(`public`.rootRedirect.hasPrefix("https://") || `public`.rootRedirect.hasPrefix("http://")) {
            issues.append(
                YAMLValidationIssue(
                    path: [.key("public"), .key("root_redirect")],
                    message: "must be an http(s):// address, for example https://www.example.nl/participatie, or empty"))
        }
        check(SettingParsers.atLeast(1, workspaces.maxOpen), "workspaces", "max_open")
        check(SettingParsers.atLeast(0, workspaces.trashRetentionDays), "workspaces", "trash_retention_days")
        check(SettingParsers.atLeast(1, scheduler.maxConcurrentCycles), "scheduler", "max_concurrent_cycles")
        check(SettingParsers.atLeast(1, scheduler.intervalSeconds), "scheduler", "interval_seconds")
        check(SettingParsers.metricsListen(metrics.listen), "metrics", "listen")
        check(SettingParsers.atLeast(1, health.pendingValidationLimitSeconds), "health", "pending_validation_limit_seconds")
        check(SettingParsers.logLevel(log.level), "log", "level")
        check(SettingParsers.logFormat(log.format), "log", "format")
        for (index, directory) in plugins.directories.enumerated() {
            if case .failure(let problem) = SettingParsers.nonEmptyPath(directory) {
                issues.append(YAMLValidationIssue(path: [.key("plugins"), .key("directories"), .index(index)], message: problem.message))
            }
        }
        return issues
    }
}
