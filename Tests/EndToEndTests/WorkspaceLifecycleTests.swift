import Foundation
import NIOHTTP1
import Testing
#if canImport(Glibc)
    import Glibc
#endif

/// An admin's whole day with one municipality, through the real stipctl.
@Suite("workspace lifecycle through stipctl", .timeLimit(.minutes(3)))
struct WorkspaceLifecycleTests {
    @Test("create, list, show, update, suspend, resume, export, delete, import, audit")
    func fullLifecycle() async throws {
        let daemon = try Daemon()
        try await daemon.start()

        let health = try await daemon.stipctl("health")
        #expect(health.status == 0, "\(health.stderr)")
        #expect(health.stdout.contains("status:     ok"))

        let created = try await daemon.stipctl("workspace", "create", "utrecht", "--name", "Gemeente Utrecht", "--cbs-code", "GM0344")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created workspace utrecht"))

        let list = try await daemon.stipctl("workspace", "list")
        #expect(list.stdout.contains("SLUG"))
        #expect(list.stdout.contains("utrecht  Gemeente Utrecht  GM0344  active"))

        let shown = try await daemon.stipctl("workspace", "show", "utrecht", "-o", "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["timezone"] as? String == "Europe/Amsterdam")
        #expect(json["locale"] as? String == "nl")
        #expect(json["cbs_code"] as? String == "GM0344")

        let yaml = try await daemon.stipctl("workspace", "show", "utrecht", "-o", "yaml")
        #expect(yaml.stdout.contains("slug: utrecht"))
        #expect(yaml.stdout.contains("name: Gemeente Utrecht"))

        let updated = try await daemon.stipctl("workspace", "update", "utrecht", "--name", "Gemeente Utrecht (UT)", "--locale", "en")
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("Gemeente Utrecht (UT)"))

        #expect(try await daemon.stipctl("workspace", "suspend", "utrecht").stdout.contains("is suspended"))
        let suspendedList = try await daemon.stipctl("workspace", "list", "--state", "suspended")
        #expect(suspendedList.stdout.contains("utrecht"))
        #expect(try await daemon.stipctl("workspace", "resume", "utrecht").stdout.contains("is active"))

        let archive = daemon.root.appending(path: "utrecht.tar")
        let exported = try await daemon.stipctl("workspace", "export", "utrecht", "--out", archive.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(FileManager.default.fileExists(atPath: archive.path))

        let refused = try await daemon.stipctl("workspace", "delete", "utrecht")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("confirmation_required"))

        let deleted = try await daemon.stipctl("workspace", "delete", "utrecht", "--confirm", "utrecht")
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("trash/utrecht-"))
        let trash = try FileManager.default.contentsOfDirectory(atPath: daemon.dataDirectory.appending(path: "trash").path)
        #expect(trash.contains { $0.hasSuffix(".sqlite") } && trash.contains { $0.hasSuffix(".tar") })
        #expect(!FileManager.default.fileExists(atPath: daemon.dataDirectory.appending(path: "workspaces/utrecht.sqlite").path))
        #expect(!(try await daemon.stipctl("workspace", "list").stdout.contains("utrecht")))

        let imported = try await daemon.stipctl("workspace", "import", archive.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported workspace utrecht"))
        let again = try await daemon.stipctl("workspace", "show", "utrecht", "-o", "json")
        #expect(again.stdout.contains("Gemeente Utrecht (UT)"))

        let twice = try await daemon.stipctl("workspace", "import", archive.path)
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("workspace_exists"))

        let audit = try await daemon.stipctl("audit", "--workspace", "utrecht", "-o", "json")
        let entries = try #require(
            (try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])?["entries"] as? [[String: Any]])
        let actions = entries.compactMap { $0["action"] as? String }
        for action in [
            "workspace.create", "workspace.update", "workspace.suspend", "workspace.resume", "workspace.export", "workspace.delete",
            "workspace.import",
        ] {
            #expect(actions.contains(action), "audit lacks \(action): \(actions)")
        }
        #expect(entries.allSatisfy { ($0["uid"] as? Int).map { UInt32($0) == getuid() } ?? false }, "every entry carries the caller's uid")

        #expect(try await daemon.stop() == 0)
    }

    @Test("stipctl exit codes: 1 for daemon errors, 2 for usage, 3 when the daemon is unreachable")
    func exitCodes() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        let missing = try await daemon.stipctl("workspace", "show", "nowhere")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("workspace_not_found"))
        let traversal = try await daemon.stipctl("workspace", "show", "../etc")
        #expect(traversal.status == 1 && traversal.stderr.contains("invalid_slug"), "\(traversal.stderr)")

        let usage = try await daemon.stipctl("workspace", "create", "utrecht")
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("--name"))

        let unreachable = try await ProcessRunner.run(
            Binaries.stipctl, ["--socket", daemon.root.appending(path: "nothing.sock").path, "health"])
        #expect(unreachable.status == 3)
        #expect(unreachable.stderr.contains("cannot reach stipd at"))
        #expect(unreachable.stderr.contains("is it running?"))

        let viaEnvironment = try await ProcessRunner.run(
            Binaries.stipctl, ["health", "-o", "json"], environment: ["STIP_SOCKET": daemon.socketPath])
        #expect(viaEnvironment.status == 0)
        #expect(viaEnvironment.stdout.contains("\"status\": \"ok\""))

        let viaConfig = try await ProcessRunner.run(Binaries.stipctl, ["health", "--config", daemon.configFile.path])
        #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
        try await daemon.stop()
    }
}
