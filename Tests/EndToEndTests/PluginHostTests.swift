import Foundation
import NIOHTTP1
import Testing
#if canImport(Glibc)
    import Glibc
#endif

/// The plugin host as an admin and a plugin developer meet it: through stipd, stipctl and real plugin processes.
@Suite("plugin host end to end", .timeLimit(.minutes(3)))
struct PluginHostTests {
    func validate(_ daemon: Daemon, _ id: String, _ config: String) async throws -> HTTPReply {
        try await daemon.http(.POST, "/v1/plugins/\(id)/validate", json: "{\"config\": \(config)}")
    }

    func plugin(_ daemon: Daemon, _ id: String) async throws -> [String: Any] {
        let plugins = try await daemon.http(.GET, "/v1/plugins").json["plugins"] as? [[String: Any]] ?? []
        return plugins.first { $0["id"] as? String == id } ?? [:]
    }

    func waitFor(_ daemon: Daemon, _ id: String, seconds: Double = 20, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            last = try await plugin(daemon, id)
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    @Test("discovery, handshake, enablement per workspace, and validation through the daemon")
    func discoveryAndValidation() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installPythonEcho(into: daemon.pluginsDirectory)
        try PluginFixtures.installSwiftSuggestionBox(into: daemon.pluginsDirectory)
        let broken = daemon.pluginsDirectory.appending(path: "broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try "id: broken\nversion: 1.0.0\nprotocol: \"1.0\"\nexecutable: nothing-here\nflavour: mint\n".write(
            to: broken.appending(path: "plugin.yaml"), atomically: true, encoding: .utf8)
        let duplicate = daemon.root.appending(path: "more-plugins")
        try PluginFixtures.installPythonEcho(into: duplicate)
        try String(contentsOf: daemon.configFile, encoding: .utf8).replacingOccurrences(
            of: "directories: [plugins]", with: "directories: [plugins, more-plugins]"
        )
        .write(to: daemon.configFile, atomically: true, encoding: .utf8)
        try await daemon.start()

        let list = try await daemon.stipctl("plugin", "list")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("python-echo") && list.stdout.contains("swift-suggestion-box"))
        #expect(list.stdout.contains("skipped manifests"))
        #expect(list.stdout.contains("plugin.yaml:5:1"), "broken manifest reported with its position: \(list.stdout)")
        #expect(list.stdout.contains("duplicate id \"python-echo\""))

        let valid = try await validate(daemon, "python-echo", #"{"question": "Wat wilt u op het plein?"}"#)
        #expect(valid.status == 200, "\(valid.text)")
        #expect((valid.json["config"] as? [String: Any])?["max_length"] as? Int == 1000, "defaults filled by the plugin: \(valid.text)")
        let invalid = try await validate(daemon, "swift-suggestion-box", #"{"question": "", "max_length": 3}"#)
        #expect(invalid.status == 422, "\(invalid.text)")
        #expect(invalid.problemCode == "invalid_config")
        let fields = (invalid.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(Set(fields) == ["/question", "/max_length"], "\(invalid.text)")

        let configFile = daemon.root.appending(path: "activity.yaml")
        try "# a consultant's activity config\nquestion: \"\"\nmax_length: 3\n".write(to: configFile, atomically: true, encoding: .utf8)
        let cli = try await daemon.stipctl("plugin", "validate", "swift-suggestion-box", "-f", configFile.path)
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("activity.yaml:2:11: /question"), "\(cli.stderr)")
        #expect(cli.stderr.contains("activity.yaml:3:13: /max_length"), "\(cli.stderr)")
        try "question: Wat wilt u?\n".write(to: configFile, atomically: true, encoding: .utf8)
        #expect(
            try await daemon.stipctl("plugin", "validate", "swift-suggestion-box", "-f", configFile.path).stdout.contains(
                "the config is valid"))

        let ready = try await plugin(daemon, "python-echo")
        #expect(ready["state"] as? String == "ready")
        #expect(ready["protocol"] as? String == "1.0")
        #expect((ready["pid"] as? Int ?? 0) > 0)

        _ = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Utrecht"}"#)
        let enabled = try await daemon.stipctl("workspace", "enable-method", "utrecht", "python-echo")
        #expect(enabled.status == 0, "\(enabled.stderr)")
        let unknown = try await daemon.stipctl("workspace", "enable-method", "utrecht", "no-such-method")
        #expect(unknown.status == 1 && unknown.stderr.contains("plugin_not_found"))
        let methods = try await daemon.stipctl("workspace", "methods", "utrecht")
        #expect(methods.stdout.contains("python-echo"))
        #expect(try await daemon.stipctl("workspace", "disable-method", "utrecht", "python-echo").status == 0)
        #expect(try await daemon.stipctl("workspace", "methods", "utrecht").stdout.contains("no methods enabled"))
        try await daemon.stop()
    }

    @Test("many requests in flight are each matched with their own answer")
    func concurrentRequests() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installPythonEcho(into: daemon.pluginsDirectory)
        try PluginFixtures.installSwiftSuggestionBox(into: daemon.pluginsDirectory)
        try await daemon.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<48 {
                let id = index.isMultiple(of: 2) ? "python-echo" : "swift-suggestion-box"
                group.addTask {
                    let reply = try await validate(daemon, id, "{\"question\": \"vraag \(index)\", \"max_length\": \(100 + index)}")
                    let config = reply.json["config"] as? [String: Any]
                    #expect(config?["question"] as? String == "vraag \(index)", "\(reply.text)")
                    #expect(config?["max_length"] as? Int == 100 + index)
                }
            }
            try await group.waitForAll()
        }
        try await daemon.stop()
    }

    @Test("a crashing plugin is restarted, its circuit opens, and reload closes it; others keep serving")
    func crashAndCircuit() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installPythonEcho(into: daemon.pluginsDirectory)
        // A patient request deadline: on a loaded machine the crash must be seen as a crash, not outrun by the timeout.
        try PluginFixtures.installMisbehaving(
            "crash-on-validate", into: daemon.pluginsDirectory,
            extra: PluginFixtures.fastTimeouts.replacingOccurrences(of: "request_ms: 1500", with: "request_ms: 20000"))
        try await daemon.start()
        let crashed = try await validate(daemon, "misbehave-crash-on-validate", "{}")
        #expect(crashed.status == 502)
        #expect(crashed.problemCode == "plugin_failed", "\(crashed.text)")
        #expect(try await validate(daemon, "python-echo", #"{"question": "still there?"}"#).status == 200)

        let restarted = try await waitFor(daemon, "misbehave-crash-on-validate") {
            ($0["restarts"] as? Int ?? 0) >= 1 && $0["state"] as? String == "ready"
        }
        #expect(restarted["state"] as? String == "ready", "\(restarted)")

        for _ in 0..<6 {
            _ = try await waitFor(daemon, "misbehave-crash-on-validate", seconds: 10) {
                ["ready", "failed"].contains($0["state"] as? String ?? "")
            }
            _ = try await validate(daemon, "misbehave-crash-on-validate", "{}")
        }
        let failed = try await waitFor(daemon, "misbehave-crash-on-validate") { $0["state"] as? String == "failed" }
        #expect(failed["state"] as? String == "failed", "\(failed)")
        #expect((failed["last_error"] as? String ?? "").contains("crashed 5 times"))
        let refused = try await validate(daemon, "misbehave-crash-on-validate", "{}")
        #expect(refused.status == 503 && refused.problemCode == "plugin_unavailable")

        let reload = try await daemon.stipctl("plugin", "reload", "-o", "json")
        #expect(reload.stdout.contains("misbehave-crash-on-validate"), "a failed plugin is restarted by reload: \(reload.stdout)")
        // Lazy plugins start again on first use; what matters is that the circuit is closed.
        let again = try await plugin(daemon, "misbehave-crash-on-validate")
        #expect(again["state"] as? String == "stopped", "\(again)")
        #expect(try await validate(daemon, "python-echo", #"{"question": "and now?"}"#).status == 200)
        try await daemon.stop()
    }

    @Test("hangs time out, garbage and over-long lines restart the plugin, missed pings kill it, stderr floods are survived")
    func misbehaviours() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installPythonEcho(into: daemon.pluginsDirectory)
        for mode in ["hang-on-validate", "garbage", "no-pings", "stderr-flood"] {
            try PluginFixtures.installMisbehaving(mode, into: daemon.pluginsDirectory)
        }
        // Writing 100 MiB takes a while on a busy machine: give it time to hit the limit rather than the deadline.
        try PluginFixtures.installMisbehaving("huge-line", into: daemon.pluginsDirectory, extra: "timeouts:\n  request_ms: 30000\n")
        try await daemon.start()

        let hung = try await validate(daemon, "misbehave-hang-on-validate", "{}")
        #expect(hung.status == 504 && hung.problemCode == "plugin_timeout", "\(hung.text)")
        #expect(
            try await plugin(daemon, "misbehave-hang-on-validate")["state"] as? String == "ready",
            "a slow request does not restart a plugin")

        let garbage = try await validate(daemon, "misbehave-garbage", "{}")
        #expect(garbage.status == 502, "\(garbage.text)")
        #expect(garbage.text.contains("not a JSON-RPC message"))

        let huge = try await validate(daemon, "misbehave-huge-line", "{}")
        #expect(huge.status == 502, "\(huge.text)")
        #expect(huge.text.contains("16 MiB"))

        _ = try await daemon.http(.POST, "/v1/plugins/misbehave-no-pings/restart", body: nil)
        let killed = try await waitFor(daemon, "misbehave-no-pings") { ($0["restarts"] as? Int ?? 0) >= 1 }
        #expect((killed["restarts"] as? Int ?? 0) >= 1, "\(killed)")
        // Why it was killed stays the reason, not the signal that did it; the crashed process's words are kept.
        #expect((killed["last_error"] as? String ?? "").contains("missed 3 pings"), "\(killed)")
        let crash = killed["last_crash"] as? [String: Any] ?? [:]
        #expect((crash["reason"] as? String ?? "").hasPrefix("missed 3 pings in a row"), "\(killed)")
        #expect((crash["stderr_tail"] as? [String] ?? []).contains { $0.contains("started (pid") }, "\(killed)")

        #expect(try await validate(daemon, "misbehave-stderr-flood", "{}").status < 500)
        try await Task.sleep(for: .seconds(1))
        #expect(try await validate(daemon, "misbehave-stderr-flood", "{}").status < 500)
        #expect(try await validate(daemon, "python-echo", #"{"question": "ok"}"#).status == 200)
        #expect(daemon.log.contains("dropped them"), "the stderr flood is rate-limited in the daemon's log")
        try await daemon.stop()
    }

    @Test("no shared protocol version and a plugin that exits during the handshake are refused with clear reasons")
    func handshakeRefusals() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installMisbehaving("protocol-2-only", into: daemon.pluginsDirectory)
        try PluginFixtures.installMisbehaving(
            "exit-during-handshake", into: daemon.pluginsDirectory, extra: "start: eager\n" + PluginFixtures.fastTimeouts)
        try await daemon.start()
        let refused = try await validate(daemon, "misbehave-protocol-2-only", "{}")
        #expect(refused.status == 503, "\(refused.text)")
        let status = try await plugin(daemon, "misbehave-protocol-2-only")
        #expect(status["state"] as? String == "failed")
        let reason = status["last_error"] as? String ?? ""
        #expect(reason.contains("1.0") && reason.contains("2.0"), "both versions are named: \(reason)")
        #expect(daemon.log.contains("refused"))

        let exiting = try await waitFor(daemon, "misbehave-exit-during-handshake", seconds: 30) { $0["state"] as? String == "failed" }
        #expect(exiting["state"] as? String == "failed", "\(exiting)")
        try await daemon.stop()
    }

    @Test("reload picks up a new plugin without restarting stipd; no plugin process outlives stipd")
    func reloadAndNoOrphans() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installPythonEcho(into: daemon.pluginsDirectory)
        try PluginFixtures.installMisbehaving("ignore-shutdown", into: daemon.pluginsDirectory)
        try await daemon.start()
        #expect(try await validate(daemon, "swift-suggestion-box", #"{"question": "x"}"#).problemCode == "plugin_not_found")
        try PluginFixtures.installSwiftSuggestionBox(into: daemon.pluginsDirectory)
        let reload = try await daemon.http(.POST, "/v1/plugins/reload", body: nil)
        #expect((reload.json["added"] as? [String]) == ["swift-suggestion-box"], "\(reload.text)")
        #expect(try await validate(daemon, "swift-suggestion-box", #"{"question": "x"}"#).status == 200)

        // SIGKILL of a plugin: it is restarted.
        _ = try await validate(daemon, "python-echo", #"{"question": "x"}"#)
        let pid = Int32(try await plugin(daemon, "python-echo")["pid"] as? Int ?? 0)
        #expect(pid > 0)
        kill(pid, SIGKILL)
        let back = try await waitFor(daemon, "python-echo") { ($0["restarts"] as? Int ?? 0) >= 1 && $0["state"] as? String == "ready" }
        #expect(back["state"] as? String == "ready", "\(back)")

        _ = try await validate(daemon, "misbehave-ignore-shutdown", "{}")
        var pids: [Int32] = []
        for id in ["python-echo", "swift-suggestion-box", "misbehave-ignore-shutdown"] {
            if let pid = try await plugin(daemon, id)["pid"] as? Int { pids.append(Int32(pid)) }
        }
        #expect(pids.count == 3)
        #expect(try await daemon.stop(signal: SIGTERM) == 0)
        for pid in pids {
            #expect(kill(pid, 0) == -1 && errno == ESRCH, "plugin process \(pid) outlived stipd")
        }
    }

    @Test("instances run a small pool; beyond max_concurrent_requests calls wait in line and the deadline includes the wait")
    func poolAndQueue() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installMisbehaving(
            "well-behaved", into: daemon.pluginsDirectory,
            extra: """
                start: eager
                instances: 2
                timeouts:
                  request_ms: 2000
                """)
        try PluginFixtures.install(
            id: "queued", executable: PluginFixtures.testPlugins.appending(path: "misbehaving/misbehave.py"),
            args: ["--mode", "well-behaved", "--id", "queued"],
            extra: "start: eager\nmax_concurrent_requests: 1\ntimeouts:\n  request_ms: 2000\n", into: daemon.pluginsDirectory)
        try await daemon.start()
        // Started and shaken hands before the timing: a slow start on a busy machine is not what is measured.
        _ = try await waitFor(daemon, "queued") { $0["state"] as? String == "ready" }
        let pool = try await waitFor(daemon, "misbehave-well-behaved") { ($0["pids"] as? [Int] ?? []).count == 2 }
        #expect(pool["instances"] as? Int == 2, "\(pool)")
        #expect(Set(pool["pids"] as? [Int] ?? []).count == 2)

        let replies = try await withThrowingTaskGroup(of: (Int, HTTPReply).self) { group in
            for index in 0..<3 {
                group.addTask {
                    try await Task.sleep(for: .milliseconds(100 * index))
                    return (index, try await validate(daemon, "queued", #"{"sleep_ms": 900}"#))
                }
            }
            var replies: [Int: HTTPReply] = [:]
            for try await (index, reply) in group { replies[index] = reply }
            return replies
        }
        // Whichever call is third in line waits for two 900 ms calls before its own: it cannot make a 2 s
        // deadline. (On a busy machine the calls need not arrive in the order they were sent.)
        let codes = replies.values.map { $0.status == 200 ? "ok" : ($0.problemCode ?? "status \($0.status)") }.sorted()
        #expect(codes == ["ok", "ok", "plugin_timeout"], "\(replies.mapValues(\.text))")
        try await daemon.stop()
    }

    @Test("the Python plugin written from the document alone passes the conformance check")
    func pythonConformance() async throws {
        let manifest = PluginFixtures.testPlugins.appending(path: "python-echo/plugin.yaml")
        let report = try await ProcessRunner.run(Binaries.stipctl, ["plugin", "check", manifest.path])
        #expect(report.status == 0, "\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains(" passed, 0 failed"), "\(report.stdout)")
        #expect(!report.stdout.contains("FAIL"))

        // With a valid config every step runs the plugin's own code (forms, import, evaluation).
        let config = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-check-\(UUID().uuidString.prefix(8)).yaml")
        try "question: Wat wilt u op het plein?\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let deep = try await ProcessRunner.run(Binaries.stipctl, ["plugin", "check", manifest.path, "--activity-config", config.path])
        #expect(deep.status == 0, "\(deep.stdout)")
        #expect(!deep.stdout.contains("SKIP"), "with a valid config nothing is left unprobed: \(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.10  public_form (nl)"), "\(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.11  evaluate\n"), "\(deep.stdout)")

        let broken = try await ProcessRunner.run(
            Binaries.stipctl,
            ["plugin", "check", PluginFixtures.testPlugins.appending(path: "misbehaving/crash-on-validate/plugin.yaml").path])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("FAIL"))
    }
}
