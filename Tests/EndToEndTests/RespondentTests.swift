import Foundation
import NIOHTTP1
import Testing

/// Residents who answer a poll are participants: their profile answers count for reach and representation,
/// and an admin can give them their data or erase it, as for anyone.
@Suite("poll respondents are participants", .timeLimit(.minutes(3)))
struct RespondentTests {
    @Test("a poll response makes an anonymous participant with its profile; the same browser is one participant; erasable")
    func respondentsAreParticipants() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        _ = try await resident.get(PublicSite.jsonFormPath)
        let posted = try await resident.post(
            PublicSite.jsonResponsesPath,
            json:
                #"{"answers": {"variant": "b", "safety": 3, "profile_age_band": "15-25", "profile_area": "BU99990102", "profile_role": "resident"}}"#
        )
        #expect(posted.status == 201, "\(posted.text)")
        let listed = try await site.daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json")
        let contribution = try #require((Participation.json(listed.stdout)["contributions"] as? [[String: Any]])?.first)
        let participant = try #require(contribution["participant"] as? String, "the response has a participant: \(contribution)")
        #expect(participant.hasPrefix("r-") && participant.count == 18, "a keyed hash, not the browser's cookie: \(participant)")
        #expect(!(resident.cookies["stip_b"] ?? "").contains(participant.dropFirst(2)))

        let exported = try await site.daemon.stipctl("participant", "export", "voorbeeldstad", participant, "-o", "json")
        #expect(exported.status == 0, "\(exported.stderr)")
        let profile = (Participation.json(exported.stdout)["participant"] as? [String: Any])?["profile"] as? [String: Any]
        #expect(profile?["age_band"] as? String == "15-25" && profile?["area"] as? String == "BU99990102", "\(exported.stdout)")

        // Another resident is another participant.
        let other = site.browser()
        _ = try await other.get(PublicSite.jsonFormPath)
        #expect(try await other.post(PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "a", "safety": 2}}"#).status == 201)
        let all = Participation.json(try await site.daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json").stdout)
        let people = Set((all["contributions"] as? [[String: Any]] ?? []).compactMap { $0["participant"] as? String })
        #expect(people.count == 2, "\(people)")

        let erased = try await site.daemon.stipctl("participant", "erase", "voorbeeldstad", participant)
        #expect(erased.status == 0, "\(erased.stderr)\(erased.stdout)")
        let gone = try await site.daemon.stipctl("participant", "export", "voorbeeldstad", participant)
        #expect(gone.status == 1, "\(gone.stdout)")
    }
}

/// A respondent can use their rights: the thanks page gives the reference their answers are kept under.
@Suite("a respondent learns their reference", .timeLimit(.minutes(3)))
struct RespondentReferenceTests {
    @Test("the thanks page and the JSON reply name the reference; a forged one is not shown")
    func reference() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let posted = try await resident.fillIn(PublicSite.formPath, [("variant", "b"), ("safety", "3")])
        #expect(posted.status == 303, "\(posted.text)")
        let location = try #require(posted.headers.first(name: "Location"))
        let thanks = PageCheck.visibleText(try await resident.get(location).text)
        let listed = Participation.json(try await site.daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json").stdout)
        let participant = try #require((listed["contributions"] as? [[String: Any]])?.first?["participant"] as? String)
        #expect(thanks.contains("kenmerk \(participant)"), "\(thanks)")
        let forged = PageCheck.visibleText(
            try await resident.get(PublicSite.formPath + "/thanks?status=received&ref=<script>").text)
        #expect(!forged.contains("kenmerk"), "\(forged)")

        let app = site.browser()
        _ = try await app.get(PublicSite.jsonFormPath)
        let reply = try await app.post(PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "a", "safety": 2}}"#)
        #expect((reply.json["reference"] as? String)?.hasPrefix("r-") == true, "\(reply.text)")
    }
}

/// Where a resident lives is asked by name, and the poll's page says which activity and trajectory it is.
@Suite("the poll asks where residents live by name", .timeLimit(.minutes(3)))
struct AreaByNameTests {
    @Test("with the CBS figures imported, the area question lists the trajectory's buurten by name; without, apply warns")
    func areaByName() async throws {
        let site = try await PublicSite.start()
        let imported = try await site.daemon.stipctl(
            "population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        #expect(imported.status == 0, "\(imported.stderr)")
        try await site.apply(try PublicSite.plan())
        let page = try await site.browser().get(PublicSite.formPath)
        let text = PageCheck.visibleText(page.text)
        #expect(text.contains("Stationskwartier") && text.contains("Oude Haven") && text.contains("Marktplein"), "\(text)")
        #expect(!text.contains("BU9999"), "no codes for residents: \(text)")
        let title = page.text.firstMatch(of: #/<title>([^<]*)</title>/#).map { String($0.1) } ?? ""
        #expect(title.contains("Peiling — Herinrichting Stationsplein"), "the page names its trajectory: \(title)")

        let bare = try await PublicSite.start()
        let file = try Participation.write(try PublicSite.plan(), "plan.yaml", in: bare.daemon)
        let applied = try await bare.daemon.stipctl("apply", "-f", file)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect((applied.stdout + applied.stderr).contains("have no names yet"), "\(applied.stdout)\(applied.stderr)")
    }
}
