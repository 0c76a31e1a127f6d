import Foundation
import NIOHTTP1
import Testing

/// What `stipctl apply` says about a plan that is not right, through the real stipd, stipctl and method plugins.
@Suite("plan checks end to end", .timeLimit(.minutes(3)))
struct PlanChecksTests {
    let slugT = "voorbeeldstad/herinrichting-stationsplein"

    @Test("the YAML structure, the rules and the plugins' config problems come in one run, not in rounds")
    func everyProblemInOneRun() async throws {
        let daemon = try await Participation.start()
        let text = try Participation.plan(replacing: [
            ("    ends: 2026-11-30", "    ends: 2026-11-31"),
            ("owner: Team", "ownr: Team"),
            ("target: \">= 300\"", "target: \">= 150%\""),
            ("target: \">= 0.8\"", "target: \">= 0,8\""),
            ("phase: choose", "phase: chose"),
            ("capacity: 40", "capacity: -4"),
        ])
        let file = try Participation.write(text, "rounds.yaml", in: daemon)
        let result = try await daemon.stipctl("apply", "-f", file)
        #expect(result.status == 1)
        func expectProblem(_ needle: String, _ path: String, _ message: String) {
            let line = Participation.line(of: needle, in: text)
            let found = result.stderr.components(separatedBy: "\n").first { $0.contains("rounds.yaml:\(line):") && $0.contains(path) }
            #expect(found?.contains(message) == true, "expected \(path) at line \(line): \(message)\n\(result.stderr)")
        }
        expectProblem("ends: 2026-11-31", "phases[0].ends", "2026-11-31 is not a day: November 2026 has 30 days")
        expectProblem("ownr: Team", "ownr", "unknown key \"ownr\" — did you mean \"owner\"?")
        expectProblem(">= 150%", "goals[0].target", "is a percentage, but participants.unique is a count of participants")
        expectProblem(">= 0,8", "goals[1].target", "write the number with a decimal point, not a comma: \">= 0.8\"")
        expectProblem("phase: chose", "activities[2].phase", "unknown phase \"chose\"")
        expectProblem("capacity: -4", "activities[0].config.sessions[0].capacity", "must be")
        #expect(result.stderr.contains("7 problems in the plan; nothing was applied"), "\(result.stderr)")
        let list = try await daemon.stipctl("get", "trajectories", "voorbeeldstad", "-o", "json")
        #expect((Participation.json(list.stdout)["trajectories"] as? [Any])?.isEmpty == true)

        // An unquoted comparison is YAML's folded-text marker: say to quote it, where it is.
        let unquoted = try Participation.write(
            try Participation.plan(replacing: [("target: \">= 300\"", "target: >= 150")]),
            "unquoted.yaml", in: daemon)
        let quoted = try await daemon.stipctl("apply", "-f", unquoted)
        let line = Participation.line(of: "target: \">= 300\"", in: try Participation.plan())
        #expect(quoted.status == 1 && quoted.stderr.contains("unquoted.yaml:\(line):13: "), "\(quoted.stderr)")
        #expect(quoted.stderr.contains("quote it: `\">= 150\"`"), "\(quoted.stderr)")
    }

    @Test("a draft is applied with a note that residents see nothing yet; an activity outside its phase is a warning")
    func draftNoteAndPhaseWarning() async throws {
        let daemon = try await Participation.start()
        let text = try Participation.plan(replacing: [("date: 2026-11-28", "date: 2026-12-05")])
        let file = try Participation.write(text, "late-walk.yaml", in: daemon)
        let applied = try await daemon.stipctl("apply", "-f", file)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            applied.stdout.contains(
                "note: trajectory \(slugT) is a draft: residents see nothing of it until `stipctl trajectory status \(slugT) active`"),
            "\(applied.stdout)")
        #expect(
            applied.stdout.contains(
                "activities[1].config: activity youth-walk takes place on 2026-12-05, outside phase explore (2026-10-12 to 2026-11-30)"),
            "\(applied.stdout)")
        let line = Participation.line(of: "date: 2026-12-05", in: text)
        #expect(applied.stdout.contains("late-walk.yaml:\(line):7: activities[1].config"), "at the walk's config: \(applied.stdout)")

        let reply = try await daemon.http(.POST, "/v1/apply?file=late-walk.yaml", body: Data(text.utf8), contentType: "application/yaml")
        #expect(reply.status == 200)
        #expect((reply.json["notes"] as? [String])?.first?.contains("residents see nothing of it") == true, "\(reply.text)")
        let warning = (reply.json["warnings"] as? [[String: Any]])?.first
        #expect(warning?["field"] as? String == "activities[1].config" && warning?["line"] is Int, "\(reply.text)")

        _ = try await daemon.stipctl("trajectory", "status", slugT, "active")
        let active = try await daemon.stipctl("apply", "-f", file)
        #expect(active.status == 0 && !active.stdout.contains("note:"), "\(active.stdout)")
    }

    @Test("an area of another municipality and a wijk with its own buurten are refused")
    func areaOfTheMunicipality() async throws {
        let daemon = try await Participation.start(cbsCode: "GM9997")
        let other = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(other.status == 1, "\(other.stdout)")
        #expect(
            other.stderr.contains("area[0]: BU99990101 lies in municipality GM9999, not in GM9997, this workspace's municipality"),
            "\(other.stderr)")
        let double = try Participation.write(
            try Participation.plan(replacing: [
                ("area: [BU99990101, BU99990102, BU99990103]", "area: [WK999701, BU99970101]")
            ]), "double.yaml", in: daemon)
        let counted = try await daemon.stipctl("apply", "-f", double)
        #expect(counted.status == 1 && counted.stderr.contains("area[1]: BU99970101 lies in wijk WK999701"), "\(counted.stderr)")
    }
}

/// A plan's evaluation schedule is read as the scheduler reads it, and refused where it is wrong.
@Suite("a plan's schedule is checked by the scheduler's own rules", .timeLimit(.minutes(3)))
struct PlanScheduleTests {
    @Test("an hour of 25 is refused at the plan's line and column, naming the field")
    func badSchedule() async throws {
        let daemon = try await Participation.start()
        let plan = try String(contentsOf: Participation.planFile, encoding: .utf8)
            .replacingOccurrences(of: #"schedule: "0 7 * * MON""#, with: #"schedule: "0 25 * * *""#)
        let file = try Participation.write(plan, "plan.yaml", in: daemon)
        let applied = try await daemon.stipctl("apply", "-f", file)
        #expect(applied.status == 1, "\(applied.stdout)")
        #expect(
            applied.stderr.contains(#"plan.yaml:116:13: evaluation.schedule: "0 25 * * *": hour 25 is out of range 0–23 (field 2)"#),
            "\(applied.stderr)")
    }
}
