import Foundation
import NIOHTTP1
import Testing

/// `stipctl evaluate`, `cycles` and `cycle`: a cycle measures, asks the real method plugins, draws findings, and
/// keeps what it concluded unchanged afterwards.
@Suite("evaluation cycles run by hand", .timeLimit(.minutes(3)))
struct CycleTests {
    @Test("a cycle is numbered, holds the plugins' figures and the host's findings, and stays as it was after an erasure")
    func manualCycles() async throws {
        let daemon = try await Participation.start()
        _ = try await daemon.stipctl("population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        _ = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        for (id, band) in [("p-1", "25-45"), ("p-2", "45-65"), ("p-3", "65+"), ("p-4", "25-45"), ("p-5", "45-65")] {
            _ = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--id", id, "--age-band", band, "--area", "BU99990101")
            let added = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", id, "--json",
                #"{"type": "idea", "session": 1, "text": "Idee van \#(id)", "theme": "plein"}"#)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let first = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait", "-o", "json")
        #expect(first.status == 0, "\(first.stderr)")
        let cycle = Participation.json(first.stdout)
        #expect(cycle["number"] as? Int == 1 && cycle["trigger"] as? String == "manual")
        let activities = cycle["activities"] as? [[String: Any]] ?? []
        let workshop = try #require(activities.first { $0["id"] as? String == "kickoff-workshop" })
        #expect(workshop["evaluated"] as? Bool == true && workshop["contributions"] as? Int == 5, "\(workshop)")
        #expect(
            (workshop["metrics"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "ideas" && $0["value"] as? Int == 5 },
            "\(workshop)")
        #expect((cycle["plugin_versions"] as? [String: String])?["workshop"] != nil)
        // Nobody of 15–25 took part: the host says so, and what to do.
        let findings = cycle["findings"] as? [[String: Any]] ?? []
        let youth = try #require(findings.first { ($0["parameters"] as? [String: String])?["age_band"] == "15-25" }, "\(findings)")
        #expect(youth["code"] as? String == "under_represented_age")
        #expect(
            (youth["recommendation"] as? [String: String])?["nl"]?.contains("doelgroepgerichte activiteit voor 15-25-jarigen") == true,
            "\(youth)")
        #expect(
            findings.contains { $0["code"] as? String == "phase_without_reflection" }, "the explore phase ended 30 November: \(findings)")

        let second = Participation.json(
            try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait", "-o", "json").stdout)
        #expect(second["number"] as? Int == 2)
        #expect(((second["trends"] as? [String: [String: Any]])?["reach"]?["direction"]) as? String == "same")
        let list = try await daemon.stipctl("cycles", "voorbeeldstad/herinrichting-stationsplein")
        #expect(list.stdout.contains("CYCLE") && list.stdout.contains("manual") && list.stdout.contains("0/4"), "\(list.stdout)")

        // The schedule: a draft is not evaluated on schedule; once active, its next Monday 07:00 is listed.
        let draft = Participation.json(try await daemon.stipctl("schedule", "list", "--workspace", "voorbeeldstad", "-o", "json").stdout)
        let draftEntry = try #require((draft["schedules"] as? [[String: Any]])?.first, "\(draft)")
        #expect(draftEntry["schedule"] as? String == "0 7 * * MON" && draftEntry["next_run"] == nil && draftEntry["cycles"] as? Int == 2)
        let activated = try await daemon.stipctl("trajectory", "status", "voorbeeldstad/herinrichting-stationsplein", "active")
        #expect(activated.status == 0, "\(activated.stderr)")
        let active = Participation.json(try await daemon.stipctl("schedule", "list", "-o", "json").stdout)
        let entry = try #require((active["schedules"] as? [[String: Any]])?.first, "\(active)")
        let next = try Date(try #require(entry["next_run"] as? String), strategy: .iso8601)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        #expect(calendar.component(.weekday, from: next) == 2 && calendar.component(.hour, from: next) == 7, "\(entry)")
        #expect(entry["timezone"] as? String == "Europe/Amsterdam")
        let table = try await daemon.stipctl("schedule", "list")
        #expect(table.stdout.contains("NEXT RUN") && table.stdout.contains("0 7 * * MON"), "\(table.stdout)")

        // An erasure changes what is measured now, never what a cycle concluded.
        let erased = try await daemon.stipctl("participant", "erase", "voorbeeldstad", "p-1")
        #expect(erased.status == 0, "\(erased.stderr)")
        let stored = try await daemon.stipctl("cycle", "voorbeeldstad/herinrichting-stationsplein/1", "-o", "json")
        #expect(Participation.json(stored.stdout)["standing"] as? NSDictionary == cycle["standing"] as? NSDictionary)
        let shown = try await daemon.stipctl("cycle", "voorbeeldstad/herinrichting-stationsplein/1")
        #expect(
            shown.stdout.contains("cycle 1 of herinrichting-stationsplein") && shown.stdout.contains("Plan a targeted activity"),
            "\(shown.stdout)")
        let missing = try await daemon.stipctl("cycle", "voorbeeldstad/herinrichting-stationsplein/7")
        #expect(missing.status == 1 && missing.stderr.contains("cycle_not_found"), "\(missing.stderr)")
    }

    @Test("the real poll plugin evaluates incrementally: the next cycle streams only the new answers, an erasure streams all again")
    func incrementalPoll() async throws {
        let daemon = try await Participation.start()
        _ = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        func answer(_ id: String, _ variant: String, _ safety: Int) async throws {
            _ = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--id", id, "--age-band", "25-45")
            let added = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/variant-poll", "--participant", id, "--json",
                #"{"answers": {"variant": "\#(variant)", "safety": \#(safety)}}"#)
            #expect(added.status == 0, "\(added.stderr)")
        }
        func poll() async throws -> [String: Any] {
            let run = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait", "-o", "json")
            #expect(run.status == 0, "\(run.stderr)")
            let activities = Participation.json(run.stdout)["activities"] as? [[String: Any]] ?? []
            return try #require(activities.first { $0["id"] as? String == "variant-poll" }, "\(run.stdout)")
        }
        func metric(_ activity: [String: Any], _ id: String) -> Any? {
            (activity["metrics"] as? [[String: Any]] ?? []).first { $0["id"] as? String == id }?["value"]
        }
        for (n, variant) in ["a", "a", "b"].enumerated() { try await answer("p-\(n + 1)", variant, 4) }
        let first = try await poll()
        #expect(first["contributions"] as? Int == 3 && first["since_cycle"] == nil, "\(first)")
        #expect(metric(first, "responses") as? Int == 3)

        for (n, variant) in ["b", "b"].enumerated() { try await answer("p-\(n + 4)", variant, 2) }
        let second = try await poll()
        // Only the two new answers went to the plugin; its figures cover all five.
        #expect(second["contributions"] as? Int == 2 && second["since_cycle"] as? Int == 1, "\(second)")
        #expect(metric(second, "responses") as? Int == 5)
        #expect(metric(second, "top_choice_share") as? Double == 0.6, "\(second)")
        #expect(metric(second, "scale_mean") as? Double == 3.2, "\(second)")

        // Nothing new: nothing streamed, the same figures.
        let third = try await poll()
        #expect(third["contributions"] as? Int == 0 && third["since_cycle"] as? Int == 2, "\(third)")
        #expect(metric(third, "responses") as? Int == 5)

        // An erasure changes answers the plugin has seen (their profile is gone): everything is streamed again.
        #expect(try await daemon.stipctl("participant", "erase", "voorbeeldstad", "p-2").status == 0)
        let fourth = try await poll()
        #expect(fourth["contributions"] as? Int == 5 && fourth["since_cycle"] == nil, "\(fourth)")
        #expect(metric(fourth, "responses") as? Int == 5)
    }

    @Test("evaluate starts a cycle and returns; --follow shows its stage and activity as it runs, then what it concluded")
    func follow() async throws {
        // Its workshop's evaluation takes 1.5 s: long enough to watch.
        let daemon = try await Self.slowWorkshop(evaluationMilliseconds: 1500)

        // Without --follow: the number, at once.
        let started = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(started.stdout.contains("cycle 1 of herinrichting-stationsplein started"), "\(started.stdout)")
        // A second one while it runs is refused, with the reason.
        let again = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein")
        #expect(again.status == 1 && again.stderr.contains("cycle_running"), "\(again.stderr)")
        var progress: [String: Any] = [:]
        for _ in 0..<100 {
            progress = try await daemon.http(
                .GET, "/v1/workspaces/voorbeeldstad/trajectories/herinrichting-stationsplein/cycles/1/progress"
            ).json
            if progress["stage"] as? String == "finished" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(progress["stage"] as? String == "finished", "\(progress)")

        // --follow: progress lines while it runs (on standard error with -o json), then the snapshot.
        let followed = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--follow", "-o", "json")
        #expect(followed.status == 0, "\(followed.stderr)")
        #expect(followed.stderr.contains("cycle 2 of herinrichting-stationsplein started"), "\(followed.stderr)")
        #expect(followed.stderr.contains("(workshop), 0 contribution(s) streamed"), "\(followed.stderr)")
        #expect(Participation.json(followed.stdout)["number"] as? Int == 2, "\(followed.stdout)")
        let table = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--follow")
        #expect(
            table.stdout.contains("evaluating") && table.stdout.contains("GOAL") && table.stdout.contains("findings:"), "\(table.stdout)")
        let missing = try await daemon.http(
            .GET, "/v1/workspaces/voorbeeldstad/trajectories/herinrichting-stationsplein/cycles/9/progress")
        #expect(missing.status == 404 && missing.text.contains("cycle_not_found"), "\(missing.text)")
    }

    @Test("a daemon killed with SIGKILL during a cycle redoes it when it starts again: one finished cycle, under its number")
    func killedMidCycle() async throws {
        let daemon = try await Self.slowWorkshop(evaluationMilliseconds: 4000, extraConfig: "scheduler:\n  interval_seconds: 1\n")

        let evaluating = Task { try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein") }
        var states: [String] = []
        for _ in 0..<60 where states != ["running"] {
            try await Task.sleep(for: .milliseconds(100))
            states =
                (Participation.json(try await daemon.stipctl("cycles", "voorbeeldstad/herinrichting-stationsplein", "-o", "json").stdout)[
                    "cycles"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
        }
        #expect(states == ["running"], "the cycle should be under way: \(states)")
        try await daemon.stop(signal: SIGKILL)
        _ = await evaluating.result

        try await daemon.start()
        var cycles: [[String: Any]] = []
        for _ in 0..<150 {
            cycles =
                Participation.json(try await daemon.stipctl("cycles", "voorbeeldstad/herinrichting-stationsplein", "-o", "json").stdout)[
                    "cycles"]
                as? [[String: Any]] ?? []
            if cycles.first?["state"] as? String == "finished" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(cycles.count == 1, "\(cycles)")
        #expect(cycles.first?["number"] as? Int == 1 && cycles.first?["state"] as? String == "finished", "\(cycles)\n\(daemon.log)")
        #expect(daemon.log.contains("redoing 1 cycle(s) left unfinished"), "\(daemon.log)")
    }

    /// A daemon with the example plan applied, whose workshop is played by misbehave.py with an evaluation that takes
    /// `evaluationMilliseconds`; the poll and the walk are the real plugins.
    static func slowWorkshop(evaluationMilliseconds: Int, extraConfig: String = "") async throws -> Daemon {
        let daemon = try Daemon(extraConfig: extraConfig)
        try PluginFixtures.install(
            id: "workshop", executable: PluginFixtures.testPlugins.appending(path: "misbehaving/misbehave.py"),
            args: ["--mode", "well-behaved", "--id", "workshop"], extra: "", into: daemon.pluginsDirectory)
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
        let plan = try String(contentsOf: Participation.planFile, encoding: .utf8)
            .replacingOccurrences(
                of: "    config:\n      sessions:", with: "    config:\n      evaluate_sleep_ms: \(evaluationMilliseconds)\n      sessions:"
            )
        let applied = try await daemon.stipctl("apply", "-f", try Participation.write(plan, "plan.yaml", in: daemon))
        #expect(applied.status == 0, "\(applied.stderr)")
        return daemon
    }
}
