import Foundation
import StipConfig
import StipDomain
import StipJSON
import StipVocabulary
import Testing

/// A plan's problems come in one run, not in rounds, and each says what to write instead.
@Suite("trajectory plans: every problem in one run")
struct PlanChecksInOneRunTests {
    /// The example plan with each `(old, new)` text replaced, decoded with the YAML problems kept.
    func decoded(_ edits: [(String, String)]) throws -> (plan: TrajectoryPlan?, problems: [YAMLProblem]) {
        let text = try edits.reduce(ExampleFiles.planText()) { text, edit in
            #expect(text.contains(edit.0), "the example plan has no \(edit.0)")
            return text.replacingOccurrences(of: edit.0, with: edit.1)
        }
        let node = try #require(try YAMLLoader.load(text).first)
        let (plan, problems) = YAMLDecoder().decodeReporting(TrajectoryPlan.self, from: node)
        return (plan, problems)
    }

    @Test("an unreadable value (a day that does not exist, a list for a text) is reported with the unknown keys and the rules")
    func structureAndRulesTogether() throws {
        let (plan, problems) = try decoded([
            ("    ends: 2026-11-30", "    ends: 2026-11-31"),
            ("title: Herinrichting Stationsplein", "title: [Herinrichting, Stationsplein]"),
            ("owner: Team", "ownr: Team"),
            ("    metric: feedback.responded_share\n", ""),
            ("phase: choose", "phase: chose"),
        ])
        #expect(problems.map(\.path) == ["ownr"], "the unknown key, from the YAML decoder")
        let plan1 = try #require(plan, "the rest of the plan is still read")
        let issues = ExampleFiles.rules.check(plan1)
        let byPointer = Dictionary(issues.map { ($0.pointer, $0.message) }, uniquingKeysWith: { $0 + " | " + $1 })
        #expect(byPointer["/phases/0/ends"] == "2026-11-31 is not a day: November 2026 has 30 days")
        #expect(byPointer["/title"]?.contains("must be a text") == true, "\(byPointer)")
        #expect(byPointer["/goals/2/metric"] == "the required key \"metric\" is missing; add it to this mapping")
        #expect(byPointer["/owner"]?.contains("missing") == true)
        #expect(byPointer["/activities/2/phase"]?.contains("unknown phase \"chose\"") == true, "the rules still run")
        // The unreadable phase keeps its id: the activities in it are not also "in an unknown phase", and the next
        // phase is not compared with stand-in dates.
        #expect(!issues.contains { $0.pointer == "/activities/0/phase" || $0.pointer.hasPrefix("/phases/1") }, "\(issues)")
        #expect(issues.count == 5, "\(issues)")
    }

    @Test("a percentage on a count or on days is refused; on a share it is a fraction")
    func percentages() throws {
        var plan = try ExampleFiles.plan()
        plan.goals[0].target = ">= 150%"
        plan.goals[1].target = ">= 80%"
        plan.goals[3].target = "<= 50%"
        let issues = ExampleFiles.rules.check(plan)
        #expect(
            issues.map(\.message) == [
                "\">= 150%\" is a percentage, but participants.unique is a count of participants; write the number itself, e.g. \">= 150\"",
                "\"<= 50%\" is a percentage, but feedback.median_days_to_response is a number of days; write the days, e.g. \"<= 50\"",
            ])
        var catalogue = MetricCatalogue(methodMetrics: ["neighbourhood-walk": ["observations"]])
        catalogue.methodQuantities["neighbourhood-walk"] = ["observations": .init(kind: "count", unit: "count")]
        #expect(catalogue.problem(with: TargetExpression(">= 10%")!, of: "neighbourhood-walk.observations", written: ">= 10%") != nil)
        #expect(catalogue.problem(with: TargetExpression(">= 10")!, of: "neighbourhood-walk.observations", written: ">= 10") == nil)
    }

    @Test("a decimal comma gets a hint to write a point")
    func decimalComma() {
        #expect(
            TargetExpression.problem(with: ">= 0,8")
                == "\">= 0,8\" is not a target: write the number with a decimal point, not a comma: \">= 0.8\"")
        #expect(TargetExpression.problem(with: ">= 0.8") == nil)
        #expect(TargetExpression.problem(with: "binnen 6 weken")?.contains("is not a target; write a comparison") == true)
    }

    @Test("a day that does not exist is told apart from a date written another way")
    func dayProblems() {
        #expect(LocalDate.problem(with: "2027-02-31") == "2027-02-31 is not a day: February 2027 has 28 days")
        #expect(LocalDate.problem(with: "2028-02-30") == "2028-02-30 is not a day: February 2028 has 29 days")
        #expect(LocalDate.problem(with: "2027-13-01") == "2027-13-01 is not a day: a year has 12 months")
        #expect(LocalDate.problem(with: "31-02-2027") == "\"31-02-2027\" is not a date; write it as YYYY-MM-DD, e.g. 2027-01-10")
    }
}

/// The area of a plan, against the municipality of its workspace.
@Suite("trajectory plans: the area and the municipality")
struct PlanAreaTests {
    func rules(_ code: String?) -> PlanRules {
        var rules = ExampleFiles.rules
        rules.municipality = code.flatMap(CBSMunicipalityCode.init)
        return rules
    }

    @Test("codes of another municipality are refused in the area, in target groups and in representation metrics")
    func otherMunicipality() throws {
        var plan = try ExampleFiles.plan()
        plan.area = ["BU99990101", "BU99970101"]
        plan.targetGroups[0].criteria.area = ["WK999701"]
        plan.goals[1].metric = "representation.area.BU99970102"
        let issues = rules("GM9999").check(plan)
        #expect(issues.map(\.pointer) == ["/area/1", "/goals/1/metric", "/target_groups/0/criteria/area/0"])
        #expect(
            issues.first?.message
                == "BU99970101 lies in municipality GM9997, not in GM9999, this workspace's municipality; use codes of GM9999 (wijk WK9999…, buurt BU9999…)"
        )
        #expect(rules(nil).check(plan).isEmpty, "a workspace without a CBS code cannot tell")
    }

    @Test("a wijk together with its own buurten would count them twice")
    func wijkWithItsBuurten() throws {
        var plan = try ExampleFiles.plan()
        plan.area = ["WK999901", "BU99990101", "BU99990201"]
        let issues = rules("GM9999").check(plan)
        #expect(issues.map(\.pointer) == ["/area/1"])
        #expect(
            issues.first?.message
                == "BU99990101 lies in wijk WK999901, which the area also lists: its inhabitants would count twice; list the wijk or the regions in it, not both"
        )
        plan.area = ["GM9999", "WK999902"]
        #expect(rules("GM9999").check(plan).map(\.pointer) == ["/area/1"])
    }

    @Test("an activity outside its phase's dates is a warning")
    func activityOutsidePhase() throws {
        let plan = try ExampleFiles.plan()
        let configs: [String: JSONValue] = [
            "variant-poll": .object(["opens": .string("2026-11-20T09:00"), "closes": .string("2027-01-21T23:59")])
        ]
        let schedules = [
            "kickoff-workshop": [ActivitySession(starts: "2026-11-26T19:30", ends: "2026-11-26T21:30")],
            "youth-walk": [ActivitySession(starts: "2026-12-02")],
        ]
        let warnings = PhaseDates.warnings(plan, configs: configs, schedules: schedules)
        #expect(warnings.map(\.pointer) == ["/activities/1/config", "/activities/2/config/opens"])
        #expect(
            warnings.first?.message
                == "activity youth-walk takes place on 2026-12-02, outside phase explore (2026-10-12 to 2026-11-30); check the date, or give the activity the phase it belongs to"
        )
    }
}
