import Foundation
import Testing

/// One rule for themes: whatever way a theme comes in, it is one tag with a label; consultants list, rename and
/// merge them; residents read labels, never tags.
@Suite("themes: one tag and a label, everywhere", .timeLimit(.minutes(3)))
struct ThemeTests {
    func themes(_ daemon: Daemon) async throws -> [String: [String: Any]] {
        let listed = try await daemon.stipctl("themes", PublicSite.trajectory, "-o", "json")
        let themes = Participation.json(listed.stdout)["themes"] as? [[String: Any]] ?? []
        return Dictionary(themes.map { ($0["tag"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("typed, imported and plugin themes become tags with labels; respond names them by label; a typo gets a did-you-mean")
    func oneRule() async throws {
        let site = try await PublicSite.open()
        let daemon = site.daemon
        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--theme", "Jongeren", "--json",
            #"{"type": "idea", "session": 1, "text": "Een hangplek", "theme": "groen"}"#)
        #expect(added.status == 0, "a label is a theme, not a refusal: \(added.stderr)")
        let sheet = try Participation.write(
            "type;session;text;theme\nidea;1;Speeltoestellen voor iedereen;Inclusief spelen\n", "sheet.csv", in: daemon)
        #expect(try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", sheet).status == 0)
        let walk = try Participation.write(
            "sequence,location.address,category,description,urgency\n1,Stationsplein 4,safety,Lamp kapot,high\n", "walk.csv", in: daemon)
        #expect(try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", walk).status == 0)

        let listed = try await themes(daemon)
        #expect(Set(listed.keys) == ["jongeren", "groen", "inclusief-spelen", "safety"], "\(listed)")
        #expect(listed["jongeren"]?["label"] as? String == "Jongeren")
        #expect(listed["safety"]?["label"] as? String == "Veiligheid" && listed["safety"]?["label_en"] as? String == "Safety")
        #expect(listed["inclusief-spelen"]?["contributions"] as? Int == 1)
        let table = try await daemon.stipctl("themes", PublicSite.trajectory)
        #expect(table.stdout.contains("inclusief-spelen") && table.stdout.contains("CONTRIBUTIONS"), "\(table.stdout)")

        let byLabel = try await daemon.stipctl(
            "respond", PublicSite.trajectory, "--theme", "Inclusief spelen", "--status", "adopted", "--reason",
            "Er komen speeltoestellen voor iedereen", "--decided-by", "college")
        #expect(byLabel.status == 0, "\(byLabel.stderr)")
        let typo = try await daemon.stipctl(
            "respond", PublicSite.trajectory, "--theme", "gorn", "--status", "adopted", "--reason", "x", "--decided-by", "college")
        #expect(typo.status == 1 && typo.stderr.contains("did you mean groen?"), "\(typo.stderr)")
        let safety = try await daemon.stipctl(
            "respond", PublicSite.trajectory, "--theme", "safety", "--status", "adopted", "--reason", "Er komt meer licht",
            "--decided-by", "college")
        #expect(safety.status == 0, "\(safety.stderr)")
        #expect(try await themes(daemon)["safety"]?["answered"] as? Bool == true)

        // Residents read labels.
        let page = PageCheck.visibleText(try await site.browser().get(PublicSite.trajectoryPath).text)
        #expect(page.contains("Veiligheid") && page.contains("Inclusief spelen"), "\(page)")
        #expect(!page.contains("safety") && !page.contains("inclusief-spelen"), "no raw tags for residents: \(page)")
        let english = PageCheck.visibleText(try await site.browser().get(PublicSite.trajectoryPath + "?lang=en").text)
        #expect(english.contains("Safety"), "\(english)")

        // A merge holds: the walk's next observation of the category goes into the theme it was merged into.
        let merged = try await daemon.stipctl("themes", "merge", PublicSite.trajectory, "safety", "--into", "Veilig en verlicht")
        #expect(merged.status == 0, "\(merged.stderr)")
        let later = try Participation.write(
            "sequence,location.address,category,description,urgency\n2,Stationsplein 9,safety,Donker pad,high\n", "walk-2.csv", in: daemon)
        #expect(try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", later).status == 0)
        let afterMerge = try await themes(daemon)
        #expect(afterMerge["safety"] == nil && afterMerge["veilig-en-verlicht"]?["contributions"] as? Int == 2, "\(afterMerge)")
    }

    @Test("rename and merge re-tag contributions and responses; a poll answer can be tagged too")
    func renameAndMerge() async throws {
        let site = try await PublicSite.open()
        let daemon = site.daemon
        for (text, theme) in [("Bomen", "groen"), ("Gras", "Groen plein"), ("Bankjes", "zitten")] {
            let added = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json",
                #"{"type": "idea", "session": 1, "text": "\#(text)", "theme": "\#(theme)"}"#)
            #expect(added.status == 0, "\(added.stderr)")
        }
        _ = try await daemon.stipctl(
            "respond", PublicSite.trajectory, "--theme", "groen", "--status", "under_consideration", "--reason", "We kijken ernaar",
            "--decided-by", "team")
        let merged = try await daemon.stipctl(
            "themes", "merge", PublicSite.trajectory, "groen", "groen plein", "--into", "Meer groen", "--label-en", "More green")
        #expect(merged.status == 0 && merged.stdout.contains("meer-groen"), "\(merged.stdout)\(merged.stderr)")
        var listed = try await themes(daemon)
        #expect(listed["meer-groen"]?["contributions"] as? Int == 2 && listed["groen"] == nil, "\(listed)")
        #expect(listed["meer-groen"]?["answered"] as? Bool == true, "the response followed the merge")

        let renamed = try await daemon.stipctl("themes", "rename", PublicSite.trajectory, "zitten", "Zitplekken")
        #expect(renamed.status == 0, "\(renamed.stderr)")
        listed = try await themes(daemon)
        #expect(listed["zitplekken"]?["label"] as? String == "Zitplekken" && listed["zitten"] == nil, "\(listed)")
        let unknown = try await daemon.stipctl("themes", "rename", PublicSite.trajectory, "onbekend", "Iets")
        #expect(unknown.status == 1 && unknown.stderr.contains("has no theme"), "\(unknown.stderr)")

        // A resident's open answer, tagged by a consultant afterwards.
        let resident = site.browser()
        _ = try await resident.get(PublicSite.jsonFormPath)
        let posted = try await resident.post(
            PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "b", "safety": 3, "why": "Meer bomen graag"}}"#)
        #expect(posted.status == 201, "\(posted.text)")
        let polls = try await daemon.stipctl(
            "contributions", "list", "voorbeeldstad/herinrichting-stationsplein/variant-poll", "-o", "json")
        let answer = try #require((Participation.json(polls.stdout)["contributions"] as? [[String: Any]])?.first?["id"] as? String)
        let tagged = try await daemon.stipctl("contributions", "amend", "voorbeeldstad/\(answer)", "--theme", "Meer groen", "-o", "json")
        #expect(Participation.json(tagged.stdout)["themes"] as? [String] == ["meer-groen"], "\(tagged.stdout)\(tagged.stderr)")
        #expect(try await themes(daemon)["meer-groen"]?["contributions"] as? Int == 3)
    }
}

/// What residents read of the outcome: an adopted single contribution is shown, report-backs in the order they went out.
@Suite("the trajectory page shows what came of it", .timeLimit(.minutes(3)))
struct OutcomeOnPageTests {
    @Test("an adopted single contribution is on the page; report-backs are in date order")
    func outcome() async throws {
        let site = try await PublicSite.open()
        let daemon = site.daemon
        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "-o", "json", "--json",
            #"{"type": "idea", "session": 1, "text": "Fietsenstalling", "theme": "fiets"}"#)
        let id = try #require(Participation.json(added.stdout)["id"] as? String)
        let adopted = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(id)", "--status", "adopted", "--reason", "Er komt een overdekte stalling", "--decided-by", "college"
        )
        #expect(adopted.status == 0, "\(adopted.stderr)")
        for (summary, day) in [("Tweede bericht", "2026-12-03"), ("Eerste bericht", "2026-11-20"), ("Derde bericht", "2026-12-05")] {
            let recorded = try await daemon.stipctl(
                "report-back", "record", PublicSite.trajectory, "--channel", "web", "--recipients", "10", "--summary", summary,
                "--sent-on", day)
            #expect(recorded.status == 0, "\(recorded.stderr)")
        }
        let page = PageCheck.visibleText(try await site.browser().get(PublicSite.trajectoryPath).text)
        #expect(page.contains("Er komt een overdekte stalling"), "the adopted idea's answer: \(page)")
        let first = try #require(page.range(of: "Eerste bericht")), second = try #require(page.range(of: "Tweede bericht"))
        let third = try #require(page.range(of: "Derde bericht"))
        #expect(first.lowerBound < second.lowerBound && second.lowerBound < third.lowerBound, "in date order: \(page)")
    }
}
