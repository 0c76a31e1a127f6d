import Foundation

/// A running daemon with the repository's three method plugins, a workspace with them enabled, and the example files.
enum Participation {
    static let examples = PluginFixtures.repository.appending(path: "etc/examples", directoryHint: .isDirectory)
    static let planFile = examples.appending(path: "plan-voorbeeldstad.yaml")
    static let populationFile = examples.appending(path: "population-voorbeeldstad.csv")
    static let methods = ["workshop", "poll", "neighbourhood-walk"]

    /// Installs the real plugins and returns the daemon, started, with `workspaces` created and the methods enabled.
    static func start(workspaces: [String] = ["voorbeeldstad"], enable: [String] = methods) async throws -> Daemon {
        let daemon = try Daemon()
        for method in methods {
            try PluginFixtures.install(
                id: method, executable: Binaries.directory.appending(path: "stip-plugin-\(method)"), extra: "",
                into: daemon.pluginsDirectory)
        }
        try await daemon.start()
        for slug in workspaces {
            let created = try await daemon.stipctl("workspace", "create", slug, "--name", "Gemeente \(slug)")
            guard created.status == 0 else { throw DaemonFailure("workspace create failed: \(created.stderr)") }
            for method in enable {
                let enabled = try await daemon.stipctl("workspace", "enable-method", slug, method)
                guard enabled.status == 0 else { throw DaemonFailure("enable-method failed: \(enabled.stderr)") }
            }
        }
        return daemon
    }

    /// A daemon with the example plan applied (a draft: the resident pages do not show it).
    static func applied() async throws -> Daemon {
        let daemon = try await start()
        let applied = try await daemon.stipctl("apply", "-f", planFile.path)
        guard applied.status == 0 else { throw DaemonFailure("apply failed: \(applied.stderr)") }
        return daemon
    }

    /// The example plan's workshop session and walk days.
    static let workshopDay = "2026-11-26"
    static let walkDay = "2026-11-28"

    /// Whole days from `day` (YYYY-MM-DD) to today in Europe/Amsterdam, the workspaces' time zone.
    static func daysSince(_ day: String) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return calendar.dateComponents([.day], from: start, to: calendar.startOfDay(for: Date())).day ?? -1
    }

    /// The day `offset` days from today in Europe/Amsterdam, as YYYY-MM-DD (1 is tomorrow).
    static func day(offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        let date = calendar.date(byAdding: .day, value: offset, to: Date())!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// A daemon with workspace voorbeeldstad of CBS municipality `cbsCode` and the three methods enabled.
    static func start(cbsCode: String) async throws -> Daemon {
        let daemon = try await start(workspaces: [])
        let created = try await daemon.stipctl("workspace", "create", "voorbeeldstad", "--name", "Voorbeeldstad", "--cbs-code", cbsCode)
        guard created.status == 0 else { throw DaemonFailure("workspace create failed: \(created.stderr)") }
        for method in methods {
            let enabled = try await daemon.stipctl("workspace", "enable-method", "voorbeeldstad", method)
            guard enabled.status == 0 else { throw DaemonFailure("enable-method failed: \(enabled.stderr)") }
        }
        return daemon
    }

    /// Writes `text` into a file in the daemon's directory and returns its path.
    static func write(_ text: String, _ name: String, in daemon: Daemon) throws -> String {
        let url = daemon.root.appending(path: name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The example plan with text replaced, e.g. to break one thing.
    static func plan(replacing replacements: [(String, String)] = []) throws -> String {
        var text = try String(contentsOf: planFile, encoding: .utf8)
        for (old, new) in replacements {
            guard text.contains(old) else { throw DaemonFailure("the example plan has no \"\(old)\"") }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    /// The 1-based line of the first line containing `needle` in `text`.
    static func line(of needle: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    /// Results of `apply -o json` as "kind workspace/id action".
    static func actions(_ json: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
        return (object["results"] as? [[String: Any]] ?? []).map {
            "\($0["kind"] ?? "") \($0["workspace"] ?? "")/\($0["id"] ?? "") \($0["action"] ?? "")"
        }
    }

    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}
