import Foundation
import NIOHTTP1
import Testing

/// A consultant's trajectory work through the real stipd, stipctl and method plugins.
@Suite("trajectories end to end", .timeLimit(.minutes(3)))
struct TrajectoryTests {
    let slugT = "voorbeeldstad/herinrichting-stationsplein"

    @Test("the example plan applies, applies again unchanged, and round-trips through get -o yaml")
    func applyIsIdempotent() async throws {
        let daemon = try await Participation.start()
        let first = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("voorbeeldstad/herinrichting-stationsplein ") && first.stdout.contains("created"))

        let again = try await daemon.stipctl("apply", "-f", Participation.planFile.path, "-o", "json")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(
            try Participation.actions(again.stdout) == [
                "Trajectory voorbeeldstad/herinrichting-stationsplein unchanged",
                "Activity voorbeeldstad/herinrichting-stationsplein/kickoff-workshop unchanged",
                "Activity voorbeeldstad/herinrichting-stationsplein/youth-walk unchanged",
                "Activity voorbeeldstad/herinrichting-stationsplein/variant-poll unchanged",
            ])

        let yaml = try await daemon.stipctl("get", "trajectory", slugT, "-o", "yaml")
        #expect(yaml.status == 0, "\(yaml.stderr)")
        #expect(yaml.stdout.contains("kind: Trajectory") && yaml.stdout.contains("status: draft"))
        let back = try Participation.write(yaml.stdout, "back.yaml", in: daemon)
        let reapplied = try await daemon.stipctl("apply", "-f", back, "-o", "json")
        #expect(reapplied.status == 0, "\(reapplied.stderr)")
        #expect(try Participation.actions(reapplied.stdout).allSatisfy { $0.hasSuffix(" unchanged") })

        // A change shows with its fields; a dry run writes nothing.
        let changed = try Participation.write(
            try Participation.plan(replacing: [
                ("title: Herinrichting Stationsplein", "title: Nieuw Stationsplein"), ("capacity: 40", "capacity: 60"),
            ]),
            "changed.yaml", in: daemon)
        let dryRun = try await daemon.stipctl("apply", "-f", changed, "--dry-run", "-o", "json")
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        let report = Participation.json(dryRun.stdout)
        #expect(report["dry_run"] as? Bool == true)
        let results = report["results"] as? [[String: Any]] ?? []
        #expect(results.first?["action"] as? String == "updated" && results.first?["changes"] as? [String] == ["title"])
        #expect(
            results.first { $0["id"] as? String == "herinrichting-stationsplein/kickoff-workshop" }?["changes"] as? [String] == [
                "config/sessions/0/capacity"
            ])
        let unchangedTitle = try await daemon.stipctl("get", "trajectory", slugT, "-o", "json")
        #expect(Participation.json(unchangedTitle.stdout)["title"] as? String == "Herinrichting Stationsplein")

        // Status is the API's: a plan cannot change it.
        let status = try await daemon.stipctl("trajectory", "status", slugT, "active")
        #expect(status.status == 0, "\(status.stderr)")
        let stale = try await daemon.stipctl("apply", "-f", back)
        #expect(stale.status == 1 && stale.stderr.contains("status is active"), "\(stale.stderr)")
    }

    @Test("every problem in a plan at once, with file, line, column and path; nothing is written")
    func validationErrorsWithPositions() async throws {
        let daemon = try await Participation.start()
        let text = try Participation.plan(replacing: [
            ("[BU99990101, BU99990102", "[BU99990101, BU999901"),
            ("metric: participants.unique", "metric: participants.uniq"),
            ("target: \">= 0.8\"", "target: \"at least 0.8\""),
            ("    ends: 2026-11-30", "    ends: 2026-12-05"),
            ("    phase: explore\n    access: open", "    phase: explor\n    access: open"),
            ("target_groups: [youth]", "target_groups: [youngsters]"),
            ("capacity: 40", "capacity: -4"),
            ("method: poll", "method: survey"),
            ("owner: Team Openbare Ruimte\n", ""),
        ])
        let file = try Participation.write(text, "bad.yaml", in: daemon)
        let result = try await daemon.stipctl("apply", "-f", file)
        #expect(result.status == 1)
        func expectProblem(_ needle: String, _ path: String, _ message: String) {
            let line = Participation.line(of: needle, in: text)
            let found = result.stderr.components(separatedBy: "\n").first { $0.contains("bad.yaml:\(line):") && $0.contains(path) }
            #expect(found?.contains(message) == true, "expected \(path) at line \(line): \(message)\n\(result.stderr)")
        }
        expectProblem("area: [", "area[1]", "is not a CBS code")
        expectProblem("metric: participants.uniq", "goals[0].metric", "unknown metric")
        expectProblem("at least 0.8", "goals[1].target", "is not a target")
        expectProblem("starts: 2026-12-01", "phases[1].starts", "do not overlap")
        expectProblem("phase: explor", "activities[0].phase", "unknown phase")
        expectProblem("target_groups: [youngsters]", "activities[1].target_groups[0]", "unknown target group")
        expectProblem("capacity: -4", "activities[0].config.sessions[0].capacity", "must be")
        expectProblem("method: survey", "activities[2].method", "unknown method")
        // A missing key is placed at the mapping it belongs in, and reported with the rest.
        expectProblem("kind: Trajectory", "owner", "the required key \"owner\" is missing")
        #expect(result.stderr.contains("nothing was applied"))
        let list = try await daemon.stipctl("get", "trajectories", "voorbeeldstad", "-o", "json")
        #expect((Participation.json(list.stdout)["trajectories"] as? [Any])?.isEmpty == true)

        // Over the API the same problems come as problem+json with positions.
        let reply = try await daemon.http(.POST, "/v1/apply?file=bad.yaml", body: Data(text.utf8), contentType: "application/yaml")
        #expect(reply.status == 422 && reply.problemCode == "invalid_plan")
        #expect(reply.contentType?.hasPrefix("application/problem+json") == true)
        let errors = reply.json["errors"] as? [[String: Any]] ?? []
        #expect(errors.count == 9, "\(reply.text)")
        #expect(errors.allSatisfy { $0["line"] is Int && $0["column"] is Int && $0["file"] as? String == "bad.yaml" })
    }

    @Test("a method that is not enabled in the workspace is refused with the command that enables it")
    func methodNotEnabled() async throws {
        let daemon = try await Participation.start(enable: ["workshop"])
        let result = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("stipctl workspace enable-method voorbeeldstad poll"), "\(result.stderr)")
        #expect(result.stderr.contains("plan-voorbeeldstad.yaml:\(Participation.line(of: "method: poll", in: try Participation.plan())):"))
    }

    @Test("several documents per file; two workspaces with the same trajectory id stay apart")
    func documentsAndWorkspaces() async throws {
        let daemon = try await Participation.start(workspaces: ["voorbeeldstad", "andere-stad"])
        let other = try Participation.plan(replacing: [
            ("workspace: voorbeeldstad", "workspace: andere-stad"), ("title: Herinrichting Stationsplein", "title: Ander plein"),
        ])
        let file = try Participation.write(try Participation.plan() + "\n---\n" + other, "two.yaml", in: daemon)
        let result = try await daemon.stipctl("apply", "-f", file, "-o", "json")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Participation.actions(result.stdout).filter { $0.hasPrefix("Trajectory") }.count == 2)
        let here = try await daemon.stipctl("get", "trajectory", slugT, "-o", "json")
        let there = try await daemon.stipctl("get", "trajectory", "andere-stad/herinrichting-stationsplein", "-o", "json")
        #expect(Participation.json(here.stdout)["title"] as? String == "Herinrichting Stationsplein")
        #expect(Participation.json(there.stdout)["title"] as? String == "Ander plein")
        let added = try await daemon.stipctl(
            "contributions", "add", "andere-stad/kickoff-workshop", "--json", #"{"type": "idea", "text": "Bankjes", "theme": "groen"}"#)
        #expect(added.status == 0, "\(added.stderr)")
        let mine = try await daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json")
        #expect((Participation.json(mine.stdout)["contributions"] as? [Any])?.isEmpty == true)
    }

    @Test("removing an activity that holds contributions is refused unless --prune, which archives them")
    func pruneArchives() async throws {
        let daemon = try await Participation.start()
        _ = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json", #"{"type": "idea", "text": "Meer groen", "theme": "groen"}"#
        )
        #expect(added.status == 0, "\(added.stderr)")
        var text = try Participation.plan()
        let start = try #require(text.range(of: "  - id: kickoff-workshop"))
        let end = try #require(text.range(of: "  - id: youth-walk"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        let file = try Participation.write(text, "smaller.yaml", in: daemon)
        let refused = try await daemon.stipctl("apply", "-f", file)
        #expect(refused.status == 1 && refused.stderr.contains("--prune"), "\(refused.stderr)")
        let pruned = try await daemon.stipctl("apply", "-f", file, "--prune", "-o", "json")
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(
            try Participation.actions(pruned.stdout).contains(
                "Activity voorbeeldstad/herinrichting-stationsplein/kickoff-workshop archived"))
        let visible = try await daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json")
        #expect((Participation.json(visible.stdout)["contributions"] as? [Any])?.isEmpty == true)
        let archived = try await daemon.stipctl("contributions", "list", "voorbeeldstad", "--include-archived", "-o", "json")
        #expect((Participation.json(archived.stdout)["contributions"] as? [Any])?.count == 1)
    }
}
