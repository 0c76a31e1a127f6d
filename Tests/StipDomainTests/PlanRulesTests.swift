import Foundation
import StipConfig
import StipDomain
import Testing
import StipJSON
import StipVocabulary

@Suite("trajectory plans: decoding and rules")
struct PlanRulesTests {
    @Test("the example plan decodes with every field and breaks no rule")
    func examplePlanIsValid() throws {
        let plan = try ExampleFiles.plan()
        #expect(plan.id == "herinrichting-stationsplein")
        #expect(plan.participationLevel == .advise && plan.decisionMaker == .council && plan.legalBasis == .voluntary)
        #expect(plan.phases.map(\.id) == ["explore", "choose"])
        #expect(plan.phases[0].starts == LocalDate("2026-10-12"))
        #expect(plan.activities.map(\.method) == ["workshop", "neighbourhood-walk", "poll"])
        #expect(plan.activities[1].access == .targeted && plan.activities[1].targetGroups == ["youth"])
        #expect(plan.targetGroups[0].criteria.ageBand == [.from15To25])
        #expect(plan.evaluation?.catchUp == .latest)
        #expect(ExampleFiles.rules.check(plan).isEmpty)
    }

    @Test("every broken rule is reported at once, each at its own pointer")
    func everyRuleAtOnce() throws {
        var plan = try ExampleFiles.plan()
        plan.area[1] = "BU123"
        plan.goals[0].metric = "participants.uniq"
        plan.goals[1].target = "at least 0.8"
        plan.phases[1].starts = LocalDate("2026-11-01")!
        plan.activities[0].phase = "explor"
        plan.activities[1].targetGroups = ["seniors"]
        plan.activities[2].method = "survey"
        let issues = ExampleFiles.rules.check(plan)
        let pointers = Set(issues.map(\.pointer))
        #expect(
            pointers == [
                "/area/1", "/goals/0/metric", "/goals/1/target", "/phases/1/starts", "/activities/0/phase",
                "/activities/1/target_groups/0", "/activities/2/method",
            ])
        #expect(issues.first { $0.pointer == "/activities/2/method" }?.message.contains("installed methods") == true)
        #expect(issues.first { $0.pointer == "/phases/1/starts" }?.message.contains("do not overlap") == true)
    }

    @Test("a method installed but not enabled in the workspace says how to enable it")
    func methodNotEnabled() throws {
        let plan = try ExampleFiles.plan()
        let rules = PlanRules(installedMethods: ["workshop", "poll", "neighbourhood-walk"], enabledMethods: ["workshop"], metrics: .init())
        let issues = rules.check(plan)
        #expect(issues.map(\.pointer) == ["/activities/1/method", "/activities/2/method"])
        #expect(issues[0].message.contains("stipctl workspace enable-method voorbeeldstad neighbourhood-walk"))
    }

    @Test("a phase that ends before it starts, duplicate ids and a targeted activity without groups")
    func phaseOrderAndDuplicates() throws {
        var plan = try ExampleFiles.plan()
        plan.phases[0].ends = LocalDate("2026-10-01")!
        plan.activities[2].id = "kickoff-workshop"
        plan.activities[1].targetGroups = []
        let pointers = ExampleFiles.rules.check(plan).map(\.pointer)
        #expect(pointers.contains("/phases/0/ends"))
        #expect(pointers.contains("/activities/2/id"))
        #expect(pointers.contains("/activities/1/target_groups"))
    }

    @Test("metrics: host metrics, representation by age and area, target groups and declared method metrics")
    func metricCatalogue() {
        let catalogue = MetricCatalogue(methodMetrics: ["poll": ["responses", "completion_rate"]])
        for known in [
            "participants.unique", "feedback.median_days_to_response", "representation.age.15-25", "representation.age.65+",
            "representation.area.BU99990101", "target_group.youth.participants", "poll.responses",
        ] {
            #expect(catalogue.problem(with: known, targetGroups: ["youth"]) == nil, "\(known)")
        }
        #expect(catalogue.problem(with: "representation.age.16-25", targetGroups: [])?.contains("age band") == true)
        #expect(catalogue.problem(with: "representation.income.low", targetGroups: []) != nil)
        #expect(
            catalogue.problem(with: "poll.votes", targetGroups: [])?.contains("declares responses") == true
                || catalogue.problem(with: "poll.votes", targetGroups: [])?.contains("completion_rate") == true)
        #expect(catalogue.problem(with: "target_group.seniors.participants", targetGroups: ["youth"]) != nil)
        #expect(catalogue.problem(with: "workshop.attendance_ratio", targetGroups: [])?.contains("docs/metrics.md") == true)
    }

    @Test(
        "target expressions",
        arguments: [
            (">= 300", TargetExpression.Comparison.atLeast, 300.0), ("<= 42", .atMost, 42), ("> 0.5", .greater, 0.5), ("< 3", .less, 3),
            ("== 1", .equal, 1), (">= 80%", .atLeast, 0.8), (">=0.9", .atLeast, 0.9),
        ])
    func targets(text: String, comparison: TargetExpression.Comparison, value: Double) throws {
        let target = try #require(TargetExpression(text))
        #expect(target.comparison == comparison)
        #expect(abs(target.value - value) < 1e-12)
    }

    @Test("malformed targets are refused", arguments: ["300", "at least 300", ">= ", ">= abc", "=> 3", ">= 1e400"])
    func malformedTargets(text: String) {
        #expect(TargetExpression(text) == nil)
    }

    @Test("a target is met or not")
    func targetMet() {
        #expect(TargetExpression(">= 300")!.isMet(by: 300))
        #expect(!TargetExpression(">= 300")!.isMet(by: 299))
        #expect(TargetExpression("<= 42")!.isMet(by: 12))
    }

    @Test(
        "CBS region codes",
        arguments: [
            ("GM0344", true), ("WK034401", true), ("BU03440101", true), ("BU0344010", false), ("XX034401", false), ("BU0344O101", false),
        ])
    func regionCodes(text: String, valid: Bool) {
        #expect((RegionCode(text) != nil) == valid)
    }

    @Test("region containment follows the codes")
    func regionContainment() {
        #expect(RegionCode("WK999901")!.contains(RegionCode("BU99990102")!))
        #expect(!RegionCode("WK999902")!.contains(RegionCode("BU99990102")!))
    }

    @Test("local dates refuse days that do not exist and count days")
    func localDates() {
        #expect(LocalDate("2027-02-29") == nil)
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2027-1-10") == nil)
        #expect(LocalDate("2027-01-10")!.days(until: LocalDate("2027-03-01")!) == 50)
    }

    @Test("changed fields name list items by id, so inserting one does not change the rest")
    func changedPointers() throws {
        let old = try JSONValue.parse(Data(#"{"title":"A","phases":[{"id":"a","ends":"1"},{"id":"b","ends":"2"}]}"#.utf8))
        let new = try JSONValue.parse(
            Data(#"{"title":"B","phases":[{"id":"z","ends":"0"},{"id":"a","ends":"1"},{"id":"b","ends":"3"}]}"#.utf8))
        #expect(old.changedPointers(to: new) == ["/phases/z", "/phases/b/ends", "/title"])
        #expect(old.changedPointers(to: old).isEmpty)
    }
}

@Suite("trajectory plans: misspelt values")
struct PlanValueTests {
    /// The rules' verdict on the example plan with each `(old, new)` text replaced.
    func checked(_ edits: [(String, String)]) throws -> [PlanIssue] {
        let text = try edits.reduce(ExampleFiles.planText()) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        return ExampleFiles.rules.check(try YAMLDecoder().decode(TrajectoryPlan.self, from: text))
    }

    @Test("a misspelt value is reported with the rules' problems, not instead of them")
    func enumsWithRules() throws {
        let issues = try checked([
            ("participation_level: advise", "participation_level: adviseer"),
            ("access: targeted", "access: closed"),
            ("criteria: { age_band: [\"15-25\"] }", "criteria: { age_band: [\"15-24\"] }"),
            ("phase: choose", "phase: chose"),
        ])
        let pointers = issues.map(\.pointer)
        #expect(pointers.contains("/participation_level"))
        #expect(pointers.contains("/activities/1/access"))
        #expect(pointers.contains("/target_groups/0/criteria/age_band/0"))
        #expect(pointers.contains("/activities/2/phase"))
        #expect(issues.first { $0.pointer == "/participation_level" }?.message.contains("allowed: inform, consult, advise") == true)
    }

    @Test("missing keys are reported with the rules' problems, once each, and nothing is said about their stand-ins")
    func missingKeysWithRules() throws {
        let issues = try checked([
            ("owner: Team Openbare Ruimte\n", ""),
            ("decision_maker: council              # council | executive | official\n", ""),
            ("    method: workshop\n", ""),
            ("phase: choose", "phase: chose"),
        ])
        #expect(
            issues.filter { $0.pointer == "/owner" }.map(\.message) == ["the required key \"owner\" is missing; add it to this mapping"])
        #expect(issues.filter { $0.pointer == "/decision_maker" }.count == 1)
        #expect(
            issues.filter { $0.pointer == "/activities/0/method" }.map(\.message)
                == ["the required key \"method\" is missing; add it to this mapping"],
            "not also \"unknown method\"")
        #expect(issues.contains { $0.pointer == "/activities/2/phase" }, "the rules still run")
        #expect(issues.count == 4)

        // A plan that is not a mapping still stops reading at once; a key of the wrong type is reported with the rest.
        #expect(throws: (any Error).self) { try YAMLDecoder().decode(TrajectoryPlan.self, from: "- kind: Trajectory\n") }
        let wrongType = try checked([("kind: Trajectory", "kind: [Trajectory]"), ("phase: choose", "phase: chose")])
        #expect(wrongType.map(\.pointer) == ["/kind", "/activities/2/phase"])
    }
}
