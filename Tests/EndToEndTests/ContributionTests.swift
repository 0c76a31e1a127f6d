import Foundation
import NIOHTTP1
import Testing

/// Contributions, feedback, population and privacy through the real stipd, stipctl and method plugins.
@Suite("contributions, feedback, population and privacy end to end", .timeLimit(.minutes(3)))
struct ContributionTests {
    func applied() async throws -> Daemon { try await Participation.applied() }

    func contributions(_ daemon: Daemon, _ extra: String...) async throws -> [[String: Any]] {
        let result = try await daemon.stipctl(arguments: ["contributions", "list", "voorbeeldstad", "-o", "json"] + extra)
        return Participation.json(result.stdout)["contributions"] as? [[String: Any]] ?? []
    }

    @Test("offline import: all or nothing with row numbers, or --skip-invalid with a report")
    func importRows() async throws {
        let daemon = try await applied()
        let csv = try Participation.write(
            "type;session;text;theme;dots;initialen\nidea;1;Bomen op het plein;groen;3;AB\nidea;1;;groen;2;CD\nidea;1;Fietsenstalling;fiets;5;EF\n",
            "sheet.csv", in: daemon)
        let refused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", csv)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("row 3 (line 3)") && refused.stderr.contains("/text"), "\(refused.stderr)")
        #expect(refused.stderr.contains("initialen") && refused.stderr.contains("--ignore-column initialen"), "\(refused.stderr)")
        #expect(try await contributions(daemon).isEmpty, "nothing of a refused import is stored")
        // --skip-invalid skips rows, never a column: the file is still refused for the column it would lose.
        let stillRefused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", csv, "--skip-invalid")
        #expect(stillRefused.status == 1 && stillRefused.stderr.contains("initialen"), "\(stillRefused.stderr)")

        let partial = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/kickoff-workshop", csv, "--skip-invalid", "--ignore-column", "initialen")
        #expect(partial.status == 0, "\(partial.stderr)")
        #expect(partial.stdout.contains("imported 2 of 3 rows") && partial.stdout.contains("skipped row 3"), "\(partial.stdout)")
        #expect(partial.stdout.contains("left out on purpose: initialen"), "\(partial.stdout)")
        let stored = try await contributions(daemon)
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0["channel"] as? String == "offline" && $0["state"] as? String == "accepted" })
        #expect(stored.allSatisfy { $0["occurred_on"] as? String == Participation.workshopDay }, "dated on the session's day: \(stored)")

        let yaml = try Participation.write(
            "- {type: idea, session: 1, text: Meer licht, theme: veiligheid, dots: 1}\n", "notes.yaml", in: daemon)
        let fromYAML = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/herinrichting-stationsplein/kickoff-workshop", yaml)
        #expect(fromYAML.status == 0, "\(fromYAML.stderr)")
        #expect(try await contributions(daemon).count == 3)
    }

    @Test("while the plugin is away a contribution is kept as pending validation, and validated when it is back")
    func pendingValidation() async throws {
        let daemon = try await applied()
        let plugin = daemon.pluginsDirectory.appending(path: "workshop")
        let parked = daemon.root.appending(path: "workshop-parked")
        try FileManager.default.moveItem(at: plugin, to: parked)
        #expect(try await daemon.stipctl("plugin", "reload").status == 0)

        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json",
            #"{"type": "idea", "text": "Watertappunt", "theme": "groen"}"#)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("pending validation"), "\(added.stdout)")
        #expect(try await contributions(daemon, "--state", "pending_validation").count == 1)

        try FileManager.default.moveItem(at: parked, to: plugin)
        #expect(try await daemon.stipctl("plugin", "reload").status == 0)
        let deadline = ContinuousClock.now + .seconds(20)
        var states: [String] = []
        while ContinuousClock.now < deadline {
            states = try await contributions(daemon).compactMap { $0["state"] as? String }
            if states == ["accepted"] { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(states == ["accepted"], "\(daemon.log)")
    }

    @Test("a contribution that crashes its plugin twice is quarantined; plugin list and contributions list show it; retry, reject")
    func quarantine() async throws {
        let daemon = try Daemon()
        // The workshop method is played by misbehave.py, which crashes on {"crash": true}.
        try PluginFixtures.install(
            id: "workshop", executable: PluginFixtures.testPlugins.appending(path: "misbehaving/misbehave.py"),
            args: ["--mode", "crash-on-marker", "--id", "workshop"], into: daemon.pluginsDirectory)
        for method in ["poll", "neighbourhood-walk"] {
            try PluginFixtures.install(
                id: method, executable: Binaries.directory.appending(path: "stip-plugin-\(method)"), extra: "",
                into: daemon.pluginsDirectory)
        }
        try await daemon.start()
        #expect(try await daemon.stipctl("workspace", "create", "voorbeeldstad", "--name", "Voorbeeldstad").status == 0)
        for method in Participation.methods {
            #expect(try await daemon.stipctl("workspace", "enable-method", "voorbeeldstad", method).status == 0)
        }
        let applied = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(applied.status == 0, "\(applied.stderr)")

        let poison = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json", #"{"crash": true, "text": "x"}"#, "-o", "json")
        #expect(poison.status == 0, "kept, not lost: \(poison.stderr)")
        let id = try #require(Participation.json(poison.stdout)["id"] as? String, "\(poison.stdout)")

        // The pending validator tries it again at once, alone: the second crash sets it aside.
        let deadline = ContinuousClock.now + .seconds(20)
        var quarantined: [[String: Any]] = []
        while ContinuousClock.now < deadline {
            quarantined = try await contributions(daemon, "--state", "quarantined")
            if !quarantined.isEmpty { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(quarantined.compactMap { $0["id"] as? String } == [id], "\(daemon.log)")

        let fine = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json", #"{"text": "meer bomen"}"#, "-o", "json")
        #expect(Participation.json(fine.stdout)["state"] as? String == "accepted", "the method serves everyone else: \(fine.stdout)")

        let list = try await daemon.stipctl("plugin", "list")
        #expect(
            list.stdout.contains("workshop: 1 contribution(s) quarantined") && list.stdout.contains("voorbeeldstad/\(id)"), "\(list.stdout)"
        )
        #expect(list.stdout.contains("workshop: last crash at") && list.stdout.contains("crash marker"), "\(list.stdout)")
        #expect(daemon.log.contains("quarantined"), "the log names the contribution")

        let retried = try await daemon.stipctl("contributions", "retry", "voorbeeldstad/\(id)")
        #expect(retried.status == 0 && retried.stdout.contains("pending_validation"), "\(retried.stdout)\(retried.stderr)")
        let rejected = try await daemon.stipctl("contributions", "reject", "voorbeeldstad/\(id)", "--reason", "crashes the plugin")
        #expect(rejected.status == 0, "\(rejected.stderr)")
        let again = try await daemon.stipctl("contributions", "retry", "voorbeeldstad/\(id)")
        #expect(again.status == 1 && again.stderr.contains("contribution_not_quarantined"), "\(again.stderr)")
        try await daemon.stop()
    }

    @Test("a refused contribution says which fields and stores nothing")
    func refusedContribution() async throws {
        let daemon = try await applied()
        let reply = try await daemon.http(
            .POST, "/v1/workspaces/voorbeeldstad/contributions",
            json: #"{"activity": "kickoff-workshop", "submission": {"type": "rating", "score": 11}}"#)
        #expect(reply.status == 422 && reply.problemCode == "invalid_contribution", "\(reply.text)")
        let fields = (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(fields.contains("/score"), "\(reply.text)")
        #expect(try await contributions(daemon).isEmpty)
    }

    @Test("feedback: responses by contribution and theme, what still waits, report-backs and the outbox")
    func feedback() async throws {
        let daemon = try await applied()
        let participant = try await daemon.stipctl(
            "participant", "add", "voorbeeldstad", "--id", "p-sam", "--age-band", "15-25", "--email", "sam@example.org",
            "--consent-report-back")
        #expect(participant.status == 0, "\(participant.stderr)")
        let first = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", "p-sam", "--theme", "fiets", "-o", "json",
            "--json", #"{"type": "idea", "text": "Fietsenstalling", "theme": "fiets"}"#)
        #expect(first.status == 0, "\(first.stderr)")
        let id = try #require(Participation.json(first.stdout)["id"] as? String)
        _ = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json", #"{"type": "idea", "text": "Bomen", "theme": "groen"}"#)

        let noReason = try await daemon.stipctl("respond", "voorbeeldstad/\(id)", "--status", "adopted", "--decided-by", "college")
        #expect(noReason.status == 1 && noReason.stderr.contains("reason"))
        let answered = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(id)", "--status", "adopted", "--reason", "Er komt een stalling", "--decided-by", "college")
        #expect(answered.status == 0, "\(answered.stderr)")
        let byTheme = try await daemon.stipctl(
            "respond", "voorbeeldstad/herinrichting-stationsplein", "--theme", "onbekend", "--status", "adopted", "--reason", "x",
            "--decided-by", "raad")
        #expect(byTheme.status == 1 && byTheme.stderr.contains("invalid_reference"))

        let overview = try await daemon.stipctl("feedback", "voorbeeldstad/herinrichting-stationsplein", "-o", "json")
        let json = Participation.json(overview.stdout)
        #expect(json["contributions"] as? Int == 2 && json["answered"] as? Int == 1)
        // Waiting since the workshop's day (the idea was made there), not since it was typed in.
        #expect(
            (json["unanswered"] as? [[String: Any]])?.first?["waiting_days"] as? Int == Participation.daysSince(Participation.workshopDay))

        let recorded = try await daemon.stipctl(
            "report-back", "record", "voorbeeldstad/herinrichting-stationsplein", "--channel", "email", "--summary", "Wat we deden", "-o",
            "json")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let reportBack = Participation.json(recorded.stdout)
        #expect(reportBack["state"] as? String == "outbox" && reportBack["recipients"] as? Int == 1)
        let outbox = try await daemon.stipctl("report-back", "outbox", "voorbeeldstad", "\(reportBack["id"] as? Int ?? 0)")
        #expect(outbox.stdout.contains("sam@example.org"), "\(outbox.stdout) \(outbox.stderr)")
        let sent = try await daemon.stipctl(
            "report-back", "mark-sent", "voorbeeldstad", "\(reportBack["id"] as? Int ?? 0)", "--on", "2026-12-01")
        #expect(sent.status == 0 && sent.stdout.contains("2026-12-01"), "\(sent.stderr)")
    }

    @Test("population: the CBS export with its suppressed row; a re-import replaces the year")
    func population() async throws {
        let daemon = try await Participation.start()
        let imported = try await daemon.stipctl(
            "population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("10 regions stored from 10 rows"), "\(imported.stdout)")
        #expect(imported.stdout.contains("BU99990204") && imported.stdout.contains("suppressed"), "\(imported.stdout)")
        let again = try await daemon.stipctl(
            "population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024", "-o", "json")
        #expect(Participation.json(again.stdout)["replaced"] as? Int == 10)
        let shown = try await daemon.stipctl("population", "show", "voorbeeldstad", "-o", "json")
        let regions = Participation.json(shown.stdout)["regions"] as? [[String: Any]] ?? []
        let suppressed = regions.first { $0["region"] as? String == "BU99990204" }
        #expect(suppressed?["inhabitants"] as? Int == 5)
        #expect((suppressed?["age_bands"] as? [String: Any])?["15-25"] is NSNull)
        let garbage = try Participation.write("just some text\n", "garbage.csv", in: daemon)
        let refused = try await daemon.stipctl("population", "import", "voorbeeldstad", garbage, "--year", "2024")
        #expect(refused.status == 1 && refused.stderr.contains("invalid_population_file"), "\(refused.stderr)")
    }

    @Test("a participant's data is exported whole, and erasure keeps only their anonymous contributions")
    func exportAndErase() async throws {
        let daemon = try await applied()
        let added = try await daemon.stipctl(
            "participant", "add", "voorbeeldstad", "--id", "p-anna", "--age-band", "25-45", "--area", "BU99990101", "--role", "resident",
            "--email", "anna@example.org", "--consent-report-back")
        #expect(added.status == 0, "\(added.stderr)")
        let noConsent = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--email", "b@example.org")
        #expect(noConsent.status == 1 && noConsent.stderr.contains("consent"), "\(noConsent.stderr)")
        _ = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", "p-anna",
            "--json", #"{"type": "idea", "text": "Speelplek", "theme": "spelen"}"#)

        let export = try await daemon.stipctl("participant", "export", "voorbeeldstad", "p-anna")
        #expect(export.status == 0, "\(export.stderr)")
        let held = Participation.json(export.stdout)
        #expect((held["participant"] as? [String: Any])?["email"] as? String == "anna@example.org")
        #expect((held["contributions"] as? [Any])?.count == 1)

        let erased = try await daemon.stipctl("participant", "erase", "voorbeeldstad", "p-anna")
        #expect(erased.status == 0 && erased.stdout.contains("1 contribution(s) kept anonymously"), "\(erased.stdout)")
        let gone = try await daemon.stipctl("participant", "export", "voorbeeldstad", "p-anna")
        #expect(gone.status == 1 && gone.stderr.contains("participant_not_found"))
        let kept = try await contributions(daemon)
        #expect(kept.count == 1 && kept[0]["participant"] == nil)
        let reused = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--id", "p-anna")
        #expect(reused.status == 1 && reused.stderr.contains("participant_erased"))
        let audit = try await daemon.stipctl("audit", "--workspace", "voorbeeldstad", "-o", "json")
        #expect(audit.stdout.contains("participant.erase") && audit.stdout.contains("participant.export"))
    }
}
