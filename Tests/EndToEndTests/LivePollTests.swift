import Foundation
import Testing

/// A poll that residents have answered is not changed under them in silence: a plan that would orphan stored
/// answers is refused with how many it touches, unless `--force`, which keeps the old config with them.
@Suite("a live poll is protected", .timeLimit(.minutes(3)))
struct LivePollTests {
    func answer(_ site: PublicSite, variant: String) async throws {
        let resident = site.browser()
        _ = try await resident.get(PublicSite.jsonFormPath)
        let posted = try await resident.post(
            PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "\#(variant)", "safety": 3}}"#)
        #expect(posted.status == 201, "\(posted.text)")
    }

    @Test("removing an option with answers is refused with the count; --force applies it and archives the old config")
    func removedOption() async throws {
        let site = try await PublicSite.open()
        try await answer(site, variant: "a")
        try await answer(site, variant: "c")
        let withoutC = try PublicSite.plan().replacingOccurrences(
            of: "            - { id: c, label: \"Variant C: fietsplein\" }\n", with: "")
        #expect(!withoutC.contains("Variant C"))
        let file = try Participation.write(withoutC, "plan.yaml", in: site.daemon)

        let refused = try await site.daemon.stipctl("apply", "-f", file)
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("already holds 2 contributions; the new config no longer accepts 1 of them"), "\(refused.stderr)")
        #expect(refused.stderr.contains("/answers/variant") && refused.stderr.contains("--force"), "\(refused.stderr)")
        let unchanged = try await site.daemon.stipctl("get", "trajectory", PublicSite.trajectory, "-o", "json")
        #expect(unchanged.stdout.contains("Variant C"), "nothing was written")

        let forced = try await site.daemon.stipctl("apply", "-f", file, "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(
            forced.stdout.contains("previous config archived with the 2 contributions made under it (1 no longer match the new config)"),
            "\(forced.stdout)")
        let list = Participation.json(try await site.daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json").stdout)
        #expect((list["contributions"] as? [Any])?.count == 2, "the answers are kept")
    }

    @Test("a question renamed after answers came in is applied with a warning that they answered the old wording")
    func renamedQuestion() async throws {
        let site = try await PublicSite.open()
        try await answer(site, variant: "b")
        let renamed = try PublicSite.plan().replacingOccurrences(
            of: "text: Welke ontwerpvariant heeft uw voorkeur?", with: "text: Welke variant vindt u het mooist?")
        let file = try Participation.write(renamed, "plan.yaml", in: site.daemon)
        let applied = try await site.daemon.stipctl("apply", "-f", file)
        #expect(applied.status == 0, "\(applied.stderr)")
        let said = applied.stdout + applied.stderr
        #expect(said.contains("given to the old wording of questions.variant.text; the old config is archived with them"), "\(said)")
    }
}
