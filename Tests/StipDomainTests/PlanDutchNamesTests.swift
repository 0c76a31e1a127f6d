import Foundation
import StipConfig
import StipDomain
import StipJSON
import StipVocabulary
import Testing

/// Consultants write Dutch: the plan's values are read in Dutch too and stored in English.
@Suite("trajectory plans: Dutch names")
struct PlanDutchNamesTests {
    @Test("Dutch names of the plan's values are read as the English ones, and stored so")
    func dutchNames() throws {
        let text = try [
            ("participation_level: advise", "participation_level: adviseren"),
            ("decision_maker: council", "decision_maker: raad"),
            ("legal_basis: voluntary", "legal_basis: Participatieverordening"),
            ("access: targeted", "access: doelgroepgericht"),
            ("    access: open", "    access: open"),
            ("kind: organisation\n  - id: fietsersbond", "kind: organisatie\n  - id: fietsersbond"),
            ("criteria: { role: [entrepreneur] }", "criteria: { role: [ondernemer] }"),
            ("catch_up: latest", "catch_up: laatste"),
        ].reduce(ExampleFiles.planText()) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
        let plan = try YAMLDecoder().decode(TrajectoryPlan.self, from: text)
        #expect(ExampleFiles.rules.check(plan).isEmpty, "\(ExampleFiles.rules.check(plan))")
        #expect(plan.participationLevel == .advise && plan.decisionMaker == .council && plan.legalBasis == .participationOrdinance)
        #expect(plan.activities[1].access == .targeted && plan.stakeholders[0].kind == .organisation)
        #expect(plan.targetGroups[1].criteria.role == [.entrepreneur] && plan.evaluation?.catchUp == .latest)
        let stored = try JSONValue(encoding: plan)
        #expect(stored["participation_level"] == .string("advise") && stored["decision_maker"] == .string("council"))
        #expect(plan == (try ExampleFiles.plan()).with { $0.legalBasis = .participationOrdinance })

        let college = try YAMLDecoder().decode(
            TrajectoryPlan.self,
            from: ExampleFiles.planText().replacingOccurrences(of: "decision_maker: council", with: "decision_maker: college"))
        #expect(college.decisionMaker == .executive)
        let wrong = ExampleFiles.rules.check(
            try YAMLDecoder().decode(
                TrajectoryPlan.self,
                from: ExampleFiles.planText().replacingOccurrences(of: "participation_level: advise", with: "participation_level: adviseer")
            ))
        #expect(wrong.first?.message.contains("in Dutch: adviseren, coproduceren, informeren, meebeslissen, raadplegen") == true)
    }
}

extension TrajectoryPlan {
    fileprivate func with(_ change: (inout TrajectoryPlan) -> Void) -> TrajectoryPlan {
        var copy = self
        change(&copy)
        return copy
    }
}
