import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What an operator running many municipalities unattended relies on: metrics a Prometheus scraper reads,
/// a health that says what is wrong, and a node backup that restores.
@Suite("operations: metrics, health, node backup and restore", .timeLimit(.minutes(4)))
struct OperationsTests {
    /// A resident answers; returns the acknowledged contribution's id, or nil when refused.
    static func answer(_ site: PublicSite, _ answers: String = #"{"variant": "a", "safety": 3}"#) async throws -> (Int, String?) {
        let resident = site.browser()
        _ = try await resident.get(PublicSite.jsonFormPath)
        let reply = try await resident.post(PublicSite.jsonResponsesPath, json: #"{"answers": \#(answers)}"#)
        return (reply.status, reply.json["id"] as? String)
    }

    /// The lines of a scrape that start with `prefix` (a metric name with its labels).
    static func samples(_ text: String, _ prefix: String) -> [Double] {
        text.split(separator: "\n").filter { $0.hasPrefix(prefix) }.compactMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test("GET /metrics counts responses by method and outcome, requests by route pattern, commits, plugins and databases")
    func metricsOnTheSocket() async throws {
        let site = try await PublicSite.open()
        for _ in 0..<2 { #expect(try await Self.answer(site).0 == 201) }
        #expect(try await Self.answer(site, #"{"variant": "no-such-variant", "safety": 3}"#).0 == 422)

        let scrape = try await site.daemon.http(.GET, "/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.contentType?.hasPrefix("text/plain; version=0.0.4") == true, "\(scrape.contentType ?? "")")
        let text = scrape.text
        let accepted = #"stip_contributions_total{method="poll",outcome="accepted",workspace="voorbeeldstad"}"#
        #expect(Self.samples(text, accepted) == [2], "\(text)")
        #expect(Self.samples(text, #"stip_contributions_total{method="poll",outcome="rejected",workspace="voorbeeldstad"}"#) == [1])
        #expect((Self.samples(text, "stip_commit_batch_size_count").first ?? 0) >= 2)
        #expect((Self.samples(text, #"stip_plugin_requests_total{plugin="poll"}"#).first ?? 0) >= 3)
        #expect(Self.samples(text, #"stip_plugin_state{plugin="poll",state="ready"}"#) == [1])
        #expect(Self.samples(text, "stip_workspace_databases_open") == [1])
        #expect(Self.samples(text, #"stip_workspaces{state="active"}"#) == [1])
        #expect((Self.samples(text, "stip_data_directory_free_bytes").first ?? 0) > 0)
        // Requests are counted by the route's pattern: no slug, trajectory or code ever becomes a label.
        let responses = #"http_requests_total{route="/api/v1/{workspace}/{trajectory}/{activity}/responses",method="POST",status="201"}"#
        #expect(Self.samples(text, responses) == [2], "\(text.split(separator: "\n").filter { $0.hasPrefix("http_requests_total") })")
        let routes = text.split(separator: "\n").filter { $0.contains("route=\"") }
        #expect(!routes.isEmpty && routes.allSatisfy { !$0.contains("herinrichting") }, "\(routes)")
        try await site.daemon.stop()
    }

    @Test("metrics.listen serves the scrape on loopback TCP without workspace labels; a public address is refused")
    func metricsOnTCP() async throws {
        let site = try await PublicSite.open(extraConfig: "metrics:\n  listen: \"127.0.0.1:0\"\n  workspace_labels: false\n")
        #expect(try await Self.answer(site).0 == 201)
        #expect(try await site.daemon.waitForLog("metrics listening on http://127.0.0.1:"))
        let range = try #require(site.daemon.log.range(of: #"metrics listening on http://127\.0\.0\.1:\d+"#, options: .regularExpression))
        let port = try #require(Int(site.daemon.log[range].split(separator: ":").last ?? ""))
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        #expect(response.status == .ok)
        let text = String(buffer: try await response.body.collect(upTo: 8 << 20))
        #expect(Self.samples(text, #"stip_contributions_total{method="poll",outcome="accepted"}"#) == [1], "\(text)")
        #expect(!text.contains("workspace=\""), "no per-workspace series with workspace_labels: false")
        // Only the metrics there: the admin API stays on the socket.
        let admin = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/workspaces"), timeout: .seconds(10))
        #expect(admin.status == .notFound)
        try await site.daemon.stop()

        let open = site.daemon.root.appending(path: "open.yaml")
        try Daemon.config(extra: "metrics:\n  listen: 0.0.0.0:9464\n").write(to: open, atomically: true, encoding: .utf8)
        let refused = try await ProcessRunner.run(Binaries.stipd, ["--config", open.path, "--check"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("metrics.listen") && refused.stderr.contains("loopback"), "\(refused.stderr)")
    }

    @Test("health is degraded while a plugin's circuit is open, naming it; stipctl health exits 4")
    func degradedByAFailedPlugin() async throws {
        let daemon = try Daemon()
        try PluginFixtures.installMisbehaving("protocol-2-only", into: daemon.pluginsDirectory)
        try await daemon.start()
        let fine = try await daemon.stipctl("health")
        #expect(fine.status == 0, "\(fine.stdout)\(fine.stderr)")
        #expect(fine.stdout.contains("status:     ok"))

        // The plugin refuses protocol 1.x: the host gives up on it (circuit open).
        _ = try await daemon.http(.POST, "/v1/plugins/misbehave-protocol-2-only/validate", json: #"{"config": {}}"#)
        let degraded = try await daemon.stipctl("health")
        #expect(degraded.status == 4, "\(degraded.stdout)\(degraded.stderr)")
        #expect(degraded.stdout.contains("status:     degraded"))
        #expect(degraded.stdout.contains("plugin_failed: method plugin misbehave-protocol-2-only has failed"), "\(degraded.stdout)")
        let body = try await daemon.http(.GET, "/v1/health")
        #expect(body.status == 200, "degraded still serves")
        let reasons = body.json["reasons"] as? [[String: Any]] ?? []
        #expect(reasons.first?["code"] as? String == "plugin_failed" && reasons.first?["plugin"] as? String == "misbehave-protocol-2-only")
        try await daemon.stop()
    }

    @Test("health is degraded while responses wait too long for a stopped plugin, and ok again once it is back")
    func degradedByPendingValidations() async throws {
        let site = try await PublicSite.open(
            extraConfig: "health:\n  pending_validation_limit_seconds: 1\nworkspaces:\n  max_open: 8\n")
        #expect(try await Self.answer(site).0 == 201, "the plugin starts and answers")
        let plugins = try await site.daemon.http(.GET, "/v1/plugins").json["plugins"] as? [[String: Any]] ?? []
        let pid = try #require(plugins.first { $0["id"] as? String == "poll" }?["pid"] as? Int)
        kill(pid_t(pid), SIGSTOP)
        defer { kill(pid_t(pid), SIGCONT) }
        #expect(try await Self.answer(site).0 == 202, "kept as pending while the plugin does not answer")
        try await Task.sleep(for: .seconds(2))
        let degraded = try await site.daemon.http(.GET, "/v1/health").json
        #expect(degraded["status"] as? String == "degraded", "\(degraded)")
        #expect((degraded["reasons"] as? [[String: Any]])?.contains { $0["code"] as? String == "validations_pending" } == true)
        #expect((degraded["oldest_pending_s"] as? Int ?? 0) >= 1 && degraded["pending_validations"] as? Int == 1)

        kill(pid_t(pid), SIGCONT)
        var health: [String: Any] = [:]
        for _ in 0..<120 {
            health = try await site.daemon.http(.GET, "/v1/health").json
            if health["status"] as? String == "ok" { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(health["status"] as? String == "ok" && health["pending_validations"] as? Int == 0, "\(health)")
        try await site.daemon.stop()
    }

    @Test("a node backup taken under load restores on a new data directory with every response acknowledged before it")
    func backupUnderLoadAndRestore() async throws {
        let site = try await PublicSite.open()
        var before: Set<String> = []
        for _ in 0..<12 {
            let (status, id) = try await Self.answer(site)
            #expect(status == 201)
            if let id { before.insert(id) }
        }
        // Residents keep answering while the backup runs.
        let during = Mutex<Set<String>>([])
        let stop = Atomic(false)
        let load = Task {
            while !stop.load(ordering: .relaxed) {
                if let id = try? await Self.answer(site).1 { during.withLock { _ = $0.insert(id) } }
            }
        }
        let target = site.daemon.root.appending(path: "backup-\(UUID().uuidString.prefix(6))")
        let backup = try await site.daemon.stipctl("backup", "-o", target.path)
        stop.store(true, ordering: .relaxed)
        await load.value
        #expect(backup.status == 0, "\(backup.stdout)\(backup.stderr)")
        #expect(backup.stderr.contains("[3/3] workspaces/voorbeeldstad.sqlite"), "progress per file: \(backup.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: target.appending(path: "manifest.json"))) as? [String: Any]
        let files = manifest?["files"] as? [[String: Any]] ?? []
        #expect(
            Set(files.compactMap { $0["path"] as? String }) == ["catalog.sqlite", "public-pages.key", "workspaces/voorbeeldstad.sqlite"])
        #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
        #expect(files.first { $0["kind"] as? String == "workspace" }?["schema_version"] as? String != nil)
        #expect((try await site.daemon.stipctl("backup", "-o", target.path)).status == 1, "a backup never writes into a used directory")

        // Restore refuses the running node's directory, and a backup whose file was changed.
        let onRunning = try await site.daemon.stipctl(arguments: ["restore", target.path, "--data-dir", site.daemon.dataDirectory.path])
        #expect(onRunning.status == 1 && onRunning.stderr.contains("stipd is running"), "\(onRunning.stderr)")
        let tampered = site.daemon.root.appending(path: "tampered")
        try FileManager.default.copyItem(at: target, to: tampered)
        let key = tampered.appending(path: "public-pages.key")
        try Data(repeating: 7, count: 32).write(to: key)
        let refused = try await site.daemon.stipctl(arguments: [
            "restore", tampered.path, "--data-dir", site.daemon.root.appending(path: "x").path,
        ])
        #expect(refused.status == 1 && refused.stderr.contains("public-pages.key: its SHA-256 differs"), "\(refused.stderr)")
        try await site.daemon.stop()

        // A new node from the backup.
        let restoredNode = try Daemon()
        let restored = try await restoredNode.stipctl(arguments: ["restore", target.path, "--data-dir", restoredNode.dataDirectory.path])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        for method in Participation.methods {
            try PluginFixtures.install(
                id: method, executable: Binaries.directory.appending(path: "stip-plugin-\(method)"), extra: "",
                into: restoredNode.pluginsDirectory)
        }
        try await restoredNode.start()
        let listed = try await restoredNode.stipctl("contributions", "list", "voorbeeldstad", "-o", "json")
        let ids = Set((Participation.json(listed.stdout)["contributions"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(before.isSubset(of: ids), "every response acknowledged before the backup is in it; missing: \(before.subtracting(ids))")
        let acknowledged = before.union(during.withLock { $0 })
        #expect(ids.isSubset(of: acknowledged), "nothing in the backup that was not acknowledged: \(ids.subtracting(acknowledged))")
        let key2 = try Data(contentsOf: restoredNode.dataDirectory.appending(path: "public-pages.key"))
        #expect(key2 == (try Data(contentsOf: target.appending(path: "public-pages.key"))), "residents' cookies stay valid")
        try await restoredNode.stop()
    }
}
