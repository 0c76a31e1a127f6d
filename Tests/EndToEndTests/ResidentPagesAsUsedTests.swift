import Foundation
import NIOHTTP1
import Testing

/// The resident pages as residents, their browsers and screen readers use them: the language they chose, texts in
/// two languages, what they already did, what counts, how the pages behave for HEAD, caches, the bare address and
/// a suspended municipality.
@Suite("resident pages as residents use them", .serialized, .timeLimit(.minutes(3)))
struct ResidentPagesAsUsedTests {
    let formPath = PublicSite.formPath
    let trajectoryPath = PublicSite.trajectoryPath

    func text(_ reply: HTTPReply) -> String { PageCheck.visibleText(reply.text) }

    /// The example plan with titles in two languages and words at the ends of the safety scale.
    static func bilingualPlan() throws -> String {
        try Participation.plan(replacing: [
            ("opens: 2026-12-01T09:00", "opens: 2026-01-01T09:00"),
            ("closes: 2027-01-31T23:59", "closes: \(PublicSite.closes)"),
            ("title: Herinrichting Stationsplein", "title: {nl: Herinrichting Stationsplein, en: Station Square redesign}"),
            ("title: Verkennen", "title: {nl: Verkennen, en: Explore}"),
            ("  - id: variant-poll\n", "  - id: variant-poll\n    title: {nl: Kies een ontwerp, en: Choose a design}\n"),
            (
                "          min: 1\n          max: 5\n",
                "          min: 1\n          max: 5\n          min_label: Zeer onveilig\n          max_label: Zeer veilig\n"
            ),
        ])
    }

    @Test("the language chosen holds on the next click; titles given in two languages show in the page's language")
    func languageHolds() async throws {
        let site = try await PublicSite.start()
        try await site.apply(try Self.bilingualPlan())

        let resident = site.browser()
        let english = try await resident.get(trajectoryPath + "?lang=en")
        #expect(english.headers["Set-Cookie"].contains { $0.hasPrefix("stip_lang=en") && $0.contains("HttpOnly") }, "\(english.headers)")
        let page = text(english)
        #expect(page.contains("Station Square redesign") && page.contains("Explore 12 October to 30 November 2026"), "\(page)")
        #expect(page.contains("Choose a design"), "the activity's own English title: \(page)")
        #expect(english.text.contains("href=\"\(formPath)?lang=en\""), "links carry the choice: \(english.text)")

        // The next click, without ?lang: the cookie keeps English.
        let form = try await resident.get(formPath)
        #expect(form.text.contains("<html lang=\"en\">") && text(form).contains("Send"), "\(text(form))")
        let municipality = text(try await resident.get(PublicSite.municipalityPath))
        #expect(municipality.contains("Take part") && municipality.contains("Choose a design"), "\(municipality)")

        // Someone else, who chose nothing, reads Dutch titles.
        let dutch = text(try await site.browser().get(trajectoryPath))
        #expect(dutch.contains("Herinrichting Stationsplein") && dutch.contains("Kies een ontwerp") && !dutch.contains("Station Square"))

        // The plan reads back as written and applies again unchanged.
        let yaml = try await site.daemon.stipctl("get", "trajectory", PublicSite.trajectory, "-o", "yaml")
        #expect(yaml.stdout.contains("en: Station Square redesign"), "\(yaml.stdout)")
        let again = try await site.daemon.stipctl(
            "apply", "-f", try Participation.write(yaml.stdout, "readback.yaml", in: site.daemon), "-o", "json")
        #expect(again.status == 0 && !again.stdout.contains("\"updated\""), "\(again.stdout)\(again.stderr)")

        // A language the pages do not have is refused where it is written.
        let french = try Self.bilingualPlan().replacingOccurrences(of: "en: Explore", with: "fr: Explorer")
        let refused = try await site.daemon.stipctl("apply", "-f", try Participation.write(french, "french.yaml", in: site.daemon))
        #expect(refused.status == 1 && refused.stderr.contains("unknown language \"fr\""), "\(refused.stderr)")
        #expect(refused.stderr.firstMatch(of: #/french\.yaml:\d+:\d+/#) != nil, "file, line and column: \(refused.stderr)")
    }

    @Test("poll answers count as received contributions; only ideas and questions wait for an answer of their own")
    func receivedCounts() async throws {
        let site = try await PublicSite.open()
        for _ in 0..<2 {
            #expect(try await site.browser().fillIn(formPath, [("variant", "a"), ("safety", "3")]).status == 303)
        }
        let page = text(try await site.browser().get(trajectoryPath))
        #expect(page.contains("Ontvangen bijdragen: 2."), "\(page)")
        #expect(!page.contains("Ideeën en vragen die een eigen antwoord krijgen"), "poll answers are not waiting for answers: \(page)")
    }

    @Test("HEAD answers wherever GET does; pages vary by language; the bare address names the service")
    func headVaryAndRoot() async throws {
        let site = try await PublicSite.open()
        let browser = site.browser()
        _ = try await browser.get(formPath)
        for path in [
            "/", "/health", "/static/stip.css", PublicSite.municipalityPath, trajectoryPath, formPath, formPath + "/thanks?status=received",
            PublicSite.jsonFormPath,
        ] {
            let get = try await browser.get(path)
            let head = try await browser.send(.HEAD, path)
            #expect(get.status == 200 && head.status == 200, "\(path): GET \(get.status), HEAD \(head.status)")
            #expect(head.body.isEmpty, "\(path): HEAD has no body")
            #expect(head.contentType == get.contentType, "\(path): \(head.contentType ?? "-") vs \(get.contentType ?? "-")")
        }
        for path in [PublicSite.municipalityPath, trajectoryPath, formPath, PublicSite.jsonFormPath] {
            let vary = try await browser.get(path).headers.first(name: "Vary") ?? ""
            #expect(vary.contains("Accept-Language") && vary.contains("Cookie"), "\(path): Vary \(vary)")
        }
        let root = try await site.browser().get("/")
        #expect(root.status == 200 && text(root).contains("Meedoen met uw gemeente"), "\(root.status) \(text(root))")
        #expect(PageCheck.problems(root).isEmpty, "\(PageCheck.problems(root))")
        #expect(text(try await site.browser([("Accept-Language", "en")]).get("/")).contains("Taking part in your municipality"))
    }

    @Test("while the municipality is suspended a posted form comes back with every answer; the JSON API says when to retry")
    func suspendedKeepsAnswers() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let token = try #require(PublicClient.formToken(try await resident.get(formPath).text))
        let app = site.browser()
        _ = try await app.get(PublicSite.jsonFormPath)
        #expect(try await site.daemon.stipctl("workspace", "suspend", PublicSite.workspace).status == 0)

        let posted = try await resident.post(
            formPath, form: [("stip-token", token), ("variant", "b"), ("safety", "4"), ("why", "Meer groen, minder auto's")])
        #expect(posted.status == 503 && posted.headers.first(name: "Retry-After") != nil, "\(posted.status)")
        #expect(text(posted).contains("Uw antwoorden zijn nog niet verstuurd"), "\(text(posted))")
        #expect((PageCheck.element(id: "f-variant", in: posted.text) ?? "").contains("value=\"b\" checked"), "the choice is kept")
        #expect((PageCheck.element(id: "f-why", in: posted.text) ?? "").contains("Meer groen, minder auto&#39;s</textarea>"))
        #expect(PageCheck.problems(posted).isEmpty, "\(PageCheck.problems(posted))")
        #expect(try await site.contributions().isEmpty, "nothing is stored while suspended")

        let page = try await resident.get(formPath)
        #expect(page.status == 503 && page.headers.first(name: "Retry-After") != nil)
        let described = try await app.get(PublicSite.jsonFormPath)
        #expect(described.status == 503 && described.headers.first(name: "Retry-After") != nil, "\(described.text)")
        let sent = try await app.post(PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "a", "safety": 3}}"#)
        #expect(sent.status == 503 && sent.headers.first(name: "Retry-After") != nil, "\(sent.text)")

        // Back from suspension, the same page sends.
        #expect(try await site.daemon.stipctl("workspace", "resume", PublicSite.workspace).status == 0)
        let again = try await resident.post(formPath, form: [("stip-token", token), ("variant", "b"), ("safety", "4")])
        #expect(again.status == 303, "\(text(again))")
    }

    @Test("a screen reader hears a scale's end words; invalid fields look invalid; headings have a scale")
    func accessibleDetails() async throws {
        let site = try await PublicSite.start()
        try await site.apply(try Self.bilingualPlan())
        let form = try await site.browser().get(formPath)
        #expect(form.text.contains("<label for=\"f-safety-1\">1 – Zeer onveilig</label>"), "\(form.text)")
        #expect(form.text.contains("<label for=\"f-safety-5\">5 – Zeer veilig</label>"))
        #expect(form.text.contains("<label for=\"f-safety-3\">3</label>"))

        let css = try await site.browser().get("/static/stip.css").text
        func size(_ selector: String) -> Double? {
            css.firstMatch(of: try! Regex("\\n\(selector) \\{ font-size: ([0-9.]+)rem")).flatMap { Double($0.output[1].substring ?? "") }
        }
        #expect((size("h1") ?? 0) > (size("h2") ?? 0) + 0.25 && (size("h2") ?? 0) > (size("h3") ?? 0), "h1 > h2 > h3: \(css)")
        // The invalid rule is at least as specific as the one for text fields, and comes after it.
        let textRule = try #require(css.range(of: "input[type=text], input[type=email]"))
        let invalidRule = try #require(css.range(of: "input[type][aria-invalid=true]"))
        #expect(textRule.lowerBound < invalidRule.lowerBound)
        #expect(css.contains("margin: 0 0 .25rem"), "text fields keep their distance")
    }

    @Test(
        "an invitation-only poll is marked and listed after open ones; no profile promise without profile questions; the college in English"
    )
    func invitedAndWording() async throws {
        let site = try await PublicSite.start()
        var plan = try PublicSite.plan(codes: true)
        plan = plan.replacingOccurrences(
            of: "      profile_questions: [age_band, area, role]   # optional, for representativeness\n", with: "")
        plan = plan.replacingOccurrences(of: "decision_maker: council ", with: "decision_maker: executive ")
        try await site.apply(plan)
        let municipality = text(try await site.browser().get(PublicSite.municipalityPath))
        #expect(municipality.contains("Alleen voor genodigden") && municipality.contains("brief met een code"), "\(municipality)")
        let form = text(try await site.browser().get(formPath))
        #expect(!form.lowercased().contains("vragen over uzelf"), "no questions about yourself here: \(form)")
        let english = text(try await site.browser().get(trajectoryPath + "?lang=en"))
        #expect(english.contains("The decision is taken by the municipal executive (the mayor and aldermen)."), "\(english)")
        #expect(english.contains("Only with the code from the municipality's letter."), "\(english)")
    }
}

@Suite("a municipality's own look on its resident pages", .serialized, .timeLimit(.minutes(2)))
struct BrandingEndToEndTests {
    @Test("an accent colour that reads on white and a safe logo are set with stipctl and shown; others are refused with the reason")
    func branding() async throws {
        let site = try await PublicSite.open()
        let daemon = site.daemon
        let gold = try await daemon.stipctl("workspace", "branding", PublicSite.workspace, "--accent", "#ffd700")
        #expect(gold.status == 1 && gold.stderr.contains("4.5:1") && gold.stderr.contains("such as #"), "\(gold.stderr)")
        let blue = try await daemon.stipctl("workspace", "branding", PublicSite.workspace, "--accent", "#1F6FB2")
        #expect(blue.status == 0 && blue.stdout.contains("accent colour: #1f6fb2"), "\(blue.stdout)\(blue.stderr)")

        let hostile = try Participation.write(
            #"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#, "bad.svg", in: daemon)
        let refused = try await daemon.stipctl("workspace", "branding", PublicSite.workspace, "--logo", hostile)
        #expect(refused.status == 1 && refused.stderr.contains("<script"), "\(refused.stderr)")
        let clean = try Participation.write(
            #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>"#, "logo.svg", in: daemon)
        let logo = try await daemon.stipctl("workspace", "branding", PublicSite.workspace, "--logo", clean)
        #expect(logo.status == 0 && logo.stdout.contains("image/svg+xml"), "\(logo.stdout)\(logo.stderr)")

        let page = try await site.browser().get(PublicSite.municipalityPath)
        let stylesheet = try #require(
            page.text.firstMatch(of: #/href="(/static/brand/voorbeeldstad/accent\.css\?v=[0-9a-f]+)"/#).map { String($0.1) })
        let image = try #require(
            page.text.firstMatch(of: #/<img src="(/static/brand/voorbeeldstad/logo\?v=[0-9a-f]+)" alt="">/#).map { String($0.1) })
        #expect(PageCheck.problems(page).isEmpty, "\(PageCheck.problems(page))")
        let css = try await site.browser().get(stylesheet)
        #expect(css.status == 200 && css.text.contains("--accent: #1f6fb2"), "\(css.text)")
        let served = try await site.browser().get(image)
        #expect(served.status == 200 && served.contentType == "image/svg+xml")
        #expect(served.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true, "\(served.headers)")

        let audit = try await daemon.stipctl("audit", "--workspace", PublicSite.workspace)
        #expect(audit.stdout.contains("workspace.branding"), "\(audit.stdout)")
        #expect(try await daemon.stipctl("workspace", "branding", PublicSite.workspace, "--remove-logo", "--default-accent").status == 0)
        let plain = try await site.browser().get(PublicSite.municipalityPath)
        #expect(!plain.text.contains("/static/brand/"), "back to the default look")
    }
}
