import Foundation
import NIOHTTP1
import Testing
#if canImport(Glibc)
    import Glibc
#endif

/// Starting, stopping, reloading and refusing to start, as an operator sees it.
@Suite("daemon lifecycle", .timeLimit(.minutes(3)))
struct DaemonLifecycleTests {
    @Test("SIGTERM exits 0 and removes the socket; a restart finds every workspace as it was")
    func restartKeepsEverything() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        for slug in ["utrecht", "delft", "gouda"] {
            let reply = try await daemon.http(.POST, "/v1/workspaces", json: "{\"slug\":\"\(slug)\",\"name\":\"Gemeente \(slug)\"}")
            #expect(reply.status == 201)
        }
        _ = try await daemon.http(.POST, "/v1/workspaces/gouda/suspend", body: nil)

        var info = stat()
        #expect(stat(daemon.socketPath, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660, "socket mode is \(String(info.st_mode & 0o777, radix: 8))")

        #expect(try await daemon.stop(signal: SIGTERM) == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(daemon.log.contains("databases closed"))

        try await daemon.start()
        let list = try await daemon.stipctl("workspace", "list", "-o", "json")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        let states = Dictionary(
            uniqueKeysWithValues: (body["workspaces"] as? [[String: Any]] ?? []).map { ($0["slug"] as! String, $0["state"] as! String) })
        #expect(states == ["delft": "active", "gouda": "suspended", "utrecht": "active"])
        #expect(try await daemon.stop(signal: SIGINT) == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test("SIGHUP with a broken config keeps the daemon running on its old config; a good one takes effect")
    func reload() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        let original = try String(contentsOf: daemon.configFile, encoding: .utf8)
        try "data_dir: data\nadmin:\n  socket: [unclosed\n".write(to: daemon.configFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await daemon.waitForLog("keeping the running configuration"))
        #expect(try await daemon.http(.GET, "/v1/health").status == 200)

        try original.replacingOccurrences(of: "level: info", with: "level: debug")
            .replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:18081")
            .write(to: daemon.configFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        #expect(try await daemon.waitForLog("configuration reloaded"))
        #expect(try await daemon.waitForLog("only after a restart: public.listen"))
        #expect(try await daemon.http(.GET, "/v1/health").status == 200)
        #expect(try await daemon.stop() == 0)
    }

    @Test("a second daemon on the same data directory is refused")
    func secondDaemonRefused() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        let second = try await ProcessRunner.run(
            Binaries.stipd, ["--config", daemon.configFile.path, "--socket", daemon.root.appending(path: "run/other.sock").path])
        #expect(second.status == 1)
        #expect(
            second.stderr.contains("another stipd (pid \(daemon.process!.processIdentifier)) is using the data directory"),
            "\(second.stderr)")

        let sameSocket = try await ProcessRunner.run(
            Binaries.stipd, ["--config", daemon.configFile.path, "--data-dir", daemon.root.appending(path: "other-data").path])
        #expect(sameSocket.status == 1)
        #expect(sameSocket.stderr.contains("in use by a running process"), "\(sameSocket.stderr)")
        #expect(try await daemon.http(.GET, "/v1/health").status == 200)
        try await daemon.stop()
    }

    @Test("refuses a socket directory writable by others, and a data directory it cannot create")
    func unsafePlacesRefused() async throws {
        let daemon = try Daemon()
        let open = daemon.root.appending(path: "open")
        try FileManager.default.createDirectory(at: open, withIntermediateDirectories: true)
        chmod(open.path, 0o777)
        let worldWritable = try await ProcessRunner.run(
            Binaries.stipd, ["--config", daemon.configFile.path, "--socket", open.appending(path: "s.sock").path])
        #expect(worldWritable.status == 1)
        #expect(worldWritable.stderr.contains("writable by every user"), "\(worldWritable.stderr)")

        let blocker = daemon.root.appending(path: "file")
        try Data().write(to: blocker)
        let badData = try await ProcessRunner.run(
            Binaries.stipd, ["--config", daemon.configFile.path, "--data-dir", blocker.appending(path: "data").path])
        #expect(badData.status == 1)
        #expect(badData.stderr.contains("cannot create the data directory"), "\(badData.stderr)")
    }

    @Test("--check prints every problem with file, line and column")
    func checkConfig() async throws {
        let daemon = try Daemon()
        let good = try await ProcessRunner.run(Binaries.stipd, ["--config", daemon.configFile.path, "--check"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("configuration OK"))

        let broken = daemon.root.appending(path: "broken.yaml")
        try """
        data_dir: data
        admin:
          sokcet: run/x.sock
          socket_mode: "0999"
        workspaces:
          max_open: 0
        log:
          level: loud
        """.write(to: broken, atomically: true, encoding: .utf8)
        let bad = try await ProcessRunner.run(Binaries.stipd, ["--config", broken.path, "--check"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("broken.yaml:3:3"), "\(bad.stderr)")
        #expect(bad.stderr.contains("socket"), "did you mean")
        #expect(bad.stderr.contains("broken.yaml:4:16"), "\(bad.stderr)")
        #expect(bad.stderr.contains("broken.yaml:6:13"), "\(bad.stderr)")
        #expect(bad.stderr.contains("broken.yaml:8:10"), "\(bad.stderr)")

        let version = try await ProcessRunner.run(Binaries.stipd, ["--version"])
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test("the demo workspace appears on first start when enabled")
    func demoSeed() async throws {
        let daemon = try Daemon(extraConfig: "demo:\n  enabled: true\n")
        try await daemon.start()
        let shown = try await daemon.stipctl("workspace", "show", "voorbeeldstad", "-o", "json")
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("GM9999"))
        try await daemon.stop()
    }
}
