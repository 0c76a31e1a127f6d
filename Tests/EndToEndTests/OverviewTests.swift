import Foundation
import Testing

/// `stipctl overview` and `GET /v1/overview`: every workspace's trajectories, what needs attention first.
@Suite("the consultancy's overview", .timeLimit(.minutes(3)))
struct OverviewTests {
    @Test("a trajectory with contributions past its feedback goal comes before one that is on track; the last cycle's verdicts and age")
    func overview() async throws {
        let daemon = try await Participation.start(workspaces: ["voorbeeldstad", "zorgstad"])
        #expect(try await daemon.stipctl("apply", "-f", Participation.planFile.path).status == 0)
        // Zorgstad promises an answer within 5 days; its workshop idea of 26 November has none.
        let promise = try Participation.plan(replacing: [
            ("workspace: voorbeeldstad", "workspace: zorgstad"), ("target: \"<= 42\"", "target: \"<= 5\""),
        ])
        let applied = try await daemon.stipctl("apply", "-f", try Participation.write(promise, "zorgstad.yaml", in: daemon))
        #expect(applied.status == 0, "\(applied.stderr)")
        let added = try await daemon.stipctl(
            "contributions", "add", "zorgstad/kickoff-workshop", "--json",
            #"{"type": "idea", "session": 1, "text": "Meer bankjes", "theme": "plein"}"#)
        #expect(added.status == 0, "\(added.stderr) \(added.stdout)")
        let evaluated = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait")
        #expect(evaluated.status == 0, "\(evaluated.stderr)")

        let reply = try await daemon.stipctl("overview", "-o", "json")
        #expect(reply.status == 0, "\(reply.stderr)")
        let rows = Participation.json(reply.stdout)["trajectories"] as? [[String: Any]] ?? []
        #expect(rows.map { $0["workspace"] as? String } == ["zorgstad", "voorbeeldstad"], "\(rows)")
        let waiting = try #require(rows.first)
        let overdueExpected = Participation.daysSince(Participation.workshopDay) > 5 ? 1 : 0
        #expect(waiting["overdue_contributions"] as? Int == overdueExpected, "\(waiting)")
        #expect(waiting["last_cycle"] == nil && (waiting["goals"] as? [String: Int])?["met"] == 0, "\(waiting)")
        let evaluatedRow = try #require(rows.last)
        let last = try #require(evaluatedRow["last_cycle"] as? [String: Any], "\(evaluatedRow)")
        #expect(last["number"] as? Int == 1 && last["age_days"] as? Int == 0)
        let goals = try #require(evaluatedRow["goals"] as? [String: Int])
        #expect(goals.values.reduce(0, +) == 4, "the example plan has four goals: \(goals)")
        #expect(((evaluatedRow["findings"] as? [String: Int])?.values.reduce(0, +) ?? 0) > 0, "\(evaluatedRow)")
        #expect(evaluatedRow["failing_plugins"] as? [String] == [])
        // Today's phase, by the plan's dates (explore until 30 November, choose until 31 January).
        let today = Participation.day(offset: 0)
        let phase: String? = today <= "2026-11-30" ? "explore" : today <= "2027-01-31" ? "choose" : nil
        #expect(evaluatedRow["current_phase"] as? String == phase, "\(evaluatedRow)")

        let table = try await daemon.stipctl("overview", "--workspace", "zorgstad")
        #expect(table.stdout.contains("FINDINGS CRIT/WARN/INFO") && table.stdout.contains("never"), "\(table.stdout)")
        #expect(!table.stdout.contains("voorbeeldstad"), "\(table.stdout)")
        let missing = try await daemon.stipctl("overview", "--workspace", "nergens")
        #expect(missing.status == 1 && missing.stderr.contains("workspace_not_found"), "\(missing.stderr)")
    }
}
