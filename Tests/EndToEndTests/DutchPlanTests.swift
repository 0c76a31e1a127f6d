import Foundation
import Testing

/// Consultants write Dutch: a plan's values in Dutch are applied and stored in English.
@Suite("Dutch plan values end to end", .timeLimit(.minutes(3)))
struct DutchPlanTests {
    let slugT = "voorbeeldstad/herinrichting-stationsplein"

    @Test("the plan's values in Dutch are applied and read back in English")
    func dutchValues() async throws {
        let daemon = try await Participation.start()
        let file = try Participation.write(
            try Participation.plan(replacing: [
                ("participation_level: advise", "participation_level: adviseren"), ("decision_maker: council", "decision_maker: raad"),
                ("access: targeted", "access: doelgroepgericht"),
            ]), "dutch.yaml", in: daemon)
        let applied = try await daemon.stipctl("apply", "-f", file)
        #expect(applied.status == 0, "\(applied.stderr)")
        let yaml = try await daemon.stipctl("get", "trajectory", slugT, "-o", "yaml")
        #expect(yaml.stdout.contains("participation_level: advise\n") && yaml.stdout.contains("decision_maker: council\n"))
        #expect(yaml.stdout.contains("access: targeted"))
        let again = try await daemon.stipctl("apply", "-f", Participation.planFile.path, "-o", "json")
        #expect(try Participation.actions(again.stdout).allSatisfy { $0.hasSuffix(" unchanged") }, "the same plan in English")
    }
}
