import Foundation
import NIOHTTP1
import Testing

/// The resident pages on `public.listen`, through a real stipd with the real method plugins: what a resident
/// reads, sends and gets back, in a browser and through the JSON twin.
@Suite("resident pages end to end", .serialized, .timeLimit(.minutes(3)))
struct PublicPagesTests {
    let formPath = PublicSite.formPath
    let trajectoryPath = PublicSite.trajectoryPath
    let jsonForm = PublicSite.jsonFormPath
    let jsonResponses = PublicSite.jsonResponsesPath
    let validAnswers = #"{"answers": {"variant": "a", "safety": 3}}"#

    func text(_ reply: HTTPReply) -> String { PageCheck.visibleText(reply.text) }

    func fields(_ problem: HTTPReply) -> Set<String> {
        Set((problem.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    /// Runs `count` requests at once and returns what they gave.
    func atOnce<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for index in 0..<count { group.addTask { try await body(index) } }
            var results: [T] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    /// `count` new browsers, each with the cookie the JSON form description hands out.
    func browsersWithCookie(_ site: PublicSite, _ count: Int) async throws -> [PublicClient] {
        var browsers: [PublicClient] = []
        for _ in 0..<count {
            let browser = site.browser()
            _ = try await browser.get(jsonForm)
            browsers.append(browser)
        }
        return browsers
    }

    // MARK: - Pages

    @Test("the municipality page lists the open poll; the trajectory page explains it and shows what was done with the contributions")
    func municipalityAndTrajectoryPages() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()

        let municipality = try await resident.get(PublicSite.municipalityPath)
        #expect(municipality.status == 200)
        #expect(municipality.text.contains("<a href=\"\(formPath)\">"), "\(municipality.text)")
        #expect(municipality.text.contains("<a href=\"\(trajectoryPath)\">"), "\(municipality.text)")
        let listed = text(municipality)
        #expect(
            listed.contains("Doe mee") && listed.contains("Online peiling") && listed.contains("Herinrichting Stationsplein"), "\(listed)")
        let until = PublicSite.residentText(PublicSite.closes)
        #expect(listed.contains("Open tot en met \(until)"), "the list says until when the poll is open (\(until)): \(listed)")
        #expect(!listed.contains("2027-") && !listed.contains("2026-"), "no ISO dates for residents: \(listed)")

        let before = try await resident.get(trajectoryPath)
        #expect(before.status == 200)
        let page = text(before)
        for phrase in [
            "Waarom vragen we uw mening?", "Het Stationsplein is onoverzichtelijk", "Een voorkeursvariant kiezen uit drie ontwerpvarianten",
            "Wat wordt er besloten, en door wie?", "U adviseert; de gemeente legt uit als zij van het advies afwijkt.",
            "Het besluit neemt de gemeenteraad.", "Planning", "Verkennen 12 oktober tot en met 30 november 2026",
            "Kiezen 1 december 2026 tot en met 31 januari 2027", "Zo doet u mee",
            "Online peiling Nu open van 1 januari 2026, 9.00 uur tot en met \(until)", "Wat is er met de inbreng gedaan?",
            "Ontvangen bijdragen: 0.", "Er zijn nog geen reacties op de inbreng gepubliceerd.",
        ] {
            #expect(page.contains(phrase), "the trajectory page lacks \"\(phrase)\":\n\(page)")
        }
        // Only the poll takes part online: it is the one link; the workshop and the walk are named, not linked,
        // by their method (the plan gives them no titles), never by their ids.
        #expect(before.text.contains("<a href=\"\(formPath)\">Online peiling</a>"), "\(before.text)")
        #expect(!before.text.contains("href=\"/voorbeeldstad/herinrichting-stationsplein/kickoff-workshop\""))
        // Each activity with where it stands (which depends on today) and its own dates and place, as its method
        // reads them from the config: the workshop's session, the walk's day and meeting point.
        #expect(
            page.firstMatch(of: #/Werksessie (Binnenkort|Nu|Afgelopen) 26 november 2026, 19\.30 uur tot 21\.30 uur, Wijkcentrum De Plint/#)
                != nil, "\(page)")
        #expect(
            page.firstMatch(
                of:
                    #/Wijkschouw (Binnenkort|Nu|Afgelopen) 28 november 2026, Fietsenstalling noordzijde voor een speciale doelgroep; u wordt hiervoor uitgenodigd/#
            ) != nil, "\(page)")
        #expect(!page.contains("2027-") && !page.contains("2026-"), "no ISO dates for residents: \(page)")
        #expect(!page.contains("variant-poll") && !page.contains("kickoff-workshop"), "\(page)")
        #expect(try await resident.get(formPath).status == 200, "the link leads to the form")

        // The municipality answers a theme and reports back at a meeting.
        let added = try await site.daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--theme", "verkeer", "--json",
            #"{"type":"idea","text":"Zebrapad","theme":"verkeer"}"#)
        #expect(added.status == 0, "\(added.stderr)")
        let responded = try await site.daemon.stipctl(
            "respond", PublicSite.trajectory, "--theme", "verkeer", "--status", "adopted", "--reason",
            "Er komt een zebrapad bij de noordingang",
            "--reason-en", "A zebra crossing comes at the north entrance", "--decided-by", "college")
        #expect(responded.status == 0, "\(responded.stderr)")
        let today = String(PublicSite.local(Date()).prefix(10))
        let reported = try await site.daemon.stipctl(
            "report-back", "record", PublicSite.trajectory, "--channel", "meeting", "--recipients", "20", "--sent-on", today,
            "--summary", "Bewonersavond over wat we met de inbreng deden", "--summary-en",
            "Residents' evening on what we did with the input")
        #expect(reported.status == 0, "\(reported.stderr)")

        let after = text(try await resident.get(trajectoryPath))
        for phrase in [
            "Ontvangen bijdragen: 1.", "Ideeën en vragen die een eigen antwoord krijgen: 1, waarvan 1 al beantwoord.",
            "Thema Besluit Toelichting", "verkeer overgenomen Er komt een zebrapad bij de noordingang", "Terugkoppeling",
            "\(PublicSite.residentText(today)), bijeenkomst: Bewonersavond over wat we met de inbreng deden",
        ] {
            #expect(after.contains(phrase), "after the response the page lacks \"\(phrase)\":\n\(after)")
        }
        #expect(!after.contains("Er zijn nog geen reacties"), "\(after)")

        let english = text(try await resident.get(trajectoryPath + "?lang=en"))
        for phrase in [
            "Why do we ask for your views?", "The decision is taken by the municipal council.", "Timeline", "How to take part",
            "Online poll Open now from 1 January 2026, 9:00 am to \(PublicSite.residentText(PublicSite.closes, english: true))",
            "What happened with the contributions?", "verkeer adopted A zebra crossing comes at the north entrance",
            "Report-backs", "\(PublicSite.residentText(today, english: true)), meeting: Residents' evening on what we did with the input",
        ] {
            #expect(english.contains(phrase), "the English page lacks \"\(phrase)\":\n\(english)")
        }
    }

    @Test("the form is Dutch unless the resident asks for English; every page works without scripts, inline styles or outside resources")
    func languageAndAccessibility() async throws {
        let site = try await PublicSite.open()
        let dutch = try await site.browser().get(formPath)
        #expect(dutch.status == 200)
        #expect(dutch.contentType?.hasPrefix("text/html") == true, "\(dutch.contentType ?? "")")
        #expect(dutch.text.contains("<html lang=\"nl\">"))
        #expect(
            text(dutch).contains("Welke ontwerpvariant heeft uw voorkeur? (verplicht)") && text(dutch).contains("Versturen"),
            "\(text(dutch))")

        let byQuery = try await site.browser().get(formPath + "?lang=en")
        #expect(byQuery.status == 200 && byQuery.text.contains("<html lang=\"en\">"))
        #expect(text(byQuery).contains("(required)") && text(byQuery).contains("Send"), "\(text(byQuery))")
        #expect(byQuery.text.contains("action=\"\(formPath)?lang=en\""), "an English form posts back in English")
        let byHeader = try await site.browser([("Accept-Language", "en")]).get(formPath)
        #expect(byHeader.status == 200 && byHeader.text.contains("<html lang=\"en\">"))
        let regional = try await site.browser([("Accept-Language", "en-GB,en;q=0.9")]).get(formPath)
        #expect(regional.text.contains("<html lang=\"en\">"))
        let dutchFirst = try await site.browser([("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.5")]).get(formPath)
        #expect(dutchFirst.text.contains("<html lang=\"nl\">"))
        let queryWins = try await site.browser([("Accept-Language", "en")]).get(formPath + "?lang=nl")
        #expect(queryWins.text.contains("<html lang=\"nl\">"))

        // The municipality's own language is the fallback when the resident asks for none.
        let english = try await site.daemon.stipctl("workspace", "update", PublicSite.workspace, "--locale", "en")
        #expect(english.status == 0, "\(english.stderr)")
        #expect(try await site.browser().get(formPath).text.contains("<html lang=\"en\">"))
        #expect(try await site.browser([("Accept-Language", "nl")]).get(formPath).text.contains("<html lang=\"nl\">"))
        let dutchAgain = try await site.daemon.stipctl("workspace", "update", PublicSite.workspace, "--locale", "nl")
        #expect(dutchAgain.status == 0, "\(dutchAgain.stderr)")
        #expect(try await site.browser().get(formPath).text.contains("<html lang=\"nl\">"))

        // The form has what the poll asks: three variants, a 1–5 scale, a text, three questions about yourself.
        #expect(dutch.text.matches(of: #/type="radio" id="f-variant-/#).count == 3)
        #expect(dutch.text.matches(of: #/type="radio" id="f-safety-/#).count == 5)
        #expect(dutch.text.contains("<textarea id=\"f-why\""))

        // A submission with mistakes shows the form again, with what was typed escaped.
        let resident = site.browser()
        let withErrors = try await resident.fillIn(
            formPath, [("safety", "9"), ("why", "<script>alert('x')</script>"), ("profile_area", "\" onfocus=\"alert(1)")])
        #expect(withErrors.status == 422)
        #expect(withErrors.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</textarea>"), "\(withErrors.text)")

        var pages = [
            ("form (nl)", dutch), ("form (en)", byQuery), ("form with errors", withErrors),
            ("trajectory page", try await resident.get(trajectoryPath)),
            ("trajectory page (en)", try await resident.get(trajectoryPath + "?lang=en")),
            ("municipality page", try await resident.get(PublicSite.municipalityPath)),
            ("not found page", try await resident.get("/voorbeeldstad/onbekend-project/")),
        ]
        let oldToken = try #require(PublicClient.formToken(try await resident.get(formPath).text))
        let sent = try await resident.fillIn(formPath, [("variant", "b"), ("safety", "4")])
        #expect(sent.status == 303)
        pages.append(("thanks page", try await resident.get(sent.headers.first(name: "Location") ?? "")))
        pages.append(
            (
                "already responded page",
                try await resident.post(formPath, form: [("stip-token", oldToken), ("variant", "b"), ("safety", "4")])
            ))
        pages.append(("already responded form page", try await resident.get(formPath)))
        for (name, page) in pages {
            #expect([200, 404, 409, 422].contains(page.status), "\(name): \(page.status)")
            let problems = PageCheck.problems(page)
            #expect(problems.isEmpty, "\(name): \(problems)\n\(page.text)")
        }
        #expect(pages.first { $0.0 == "already responded page" }?.1.status == 409)

        // An English resident stays in English: the messages, the redirect and the thank-you page.
        let visitor = site.browser([("Accept-Language", "en")])
        let englishErrors = try await visitor.fillIn(formPath, [("variant", "a")])
        #expect(englishErrors.status == 422 && text(englishErrors).contains("Something is wrong. Please check these answers:"))
        #expect(
            (PageCheck.element(id: "f-safety", in: englishErrors.text) ?? "").contains("Please answer this question."),
            "\(englishErrors.text)")
        let englishSent = try await visitor.fillIn(formPath, [("variant", "a"), ("safety", "2")])
        let englishLocation = englishSent.headers.first(name: "Location") ?? ""
        #expect(englishSent.status == 303 && englishLocation.contains("lang=en"), "\(englishLocation)")
        let englishThanksPage = try await site.browser().get(englishLocation)
        #expect(
            englishThanksPage.text.contains(#/\?status=received&amp;ref=r-[0-9a-f]{16}&amp;lang=nl"/#),
            "the switch to Dutch keeps the page's status and reference: \(englishThanksPage.text)")
        let englishThanks = text(englishThanksPage)
        #expect(englishThanks.contains("Thank you for your response") && englishThanks.contains("What happens next?"), "\(englishThanks)")
        #expect(englishThanks.contains("Then the municipal council decides."), "\(englishThanks)")

        // Forms and answers are not kept in caches; the overview pages are checked again each time.
        #expect(dutch.headers.first(name: "Cache-Control") == "no-store")
        #expect(englishThanksPage.headers.first(name: "Cache-Control") == "no-store")
        #expect(pages.first { $0.0 == "trajectory page" }?.1.headers.first(name: "Cache-Control") == "no-cache")
        // The one cookie: not readable by scripts, not sent along with posts from other sites.
        let cookie = dutch.headers["Set-Cookie"].joined(separator: "\n")
        #expect(
            cookie.hasPrefix("stip_b=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
            "\(cookie)")

        // The one stylesheet comes from this site.
        let css = try await resident.get("/static/stip.css")
        #expect(css.status == 200 && css.contentType?.hasPrefix("text/css") == true)
        #expect(!css.text.contains("://") && !css.text.contains("@import"), "the stylesheet loads nothing from elsewhere")
    }

    // MARK: - Responding

    @Test("a form submission: errors next to their fields with the answers kept, then thanks, then one response per browser")
    func formSubmission() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let token = try #require(PublicClient.formToken(try await resident.get(formPath).text))

        let missing = try await resident.fillIn(formPath, [("safety", "7"), ("why", "Meer groen, minder auto's")])
        #expect(missing.status == 422)
        let summary = PageCheck.element(id: "errors", in: missing.text) ?? ""
        #expect(summary.contains("role=\"alert\""), "an error summary that screen readers announce: \(missing.text)")
        #expect(text(missing).contains("Er gaat iets mis. Controleer deze antwoorden:"))
        #expect(PageCheck.visibleText(summary).contains("Welke ontwerpvariant heeft uw voorkeur? Beantwoord deze vraag."), "\(summary)")
        #expect(
            PageCheck.visibleText(summary).contains(
                "Hoe veilig voelt u zich nu op het plein? 7 kan niet: kies een getal van 1 tot en met 5."),
            "\(summary)")
        // After a failed submission the title says so first, and focus goes to the summary.
        #expect(missing.text.contains("<title>Fout: "), "\(missing.text)")
        #expect(summary.contains("autofocus") && summary.contains("tabindex=\"-1\""), "\(summary)")
        let variant = PageCheck.element(id: "f-variant", in: missing.text) ?? ""
        #expect(
            variant.contains("Beantwoord deze vraag.") && variant.contains("aria-invalid=\"true\""),
            "the message sits at the question: \(variant)")
        let safety = PageCheck.element(id: "f-safety", in: missing.text) ?? ""
        #expect(safety.contains("7 kan niet: kies een getal van 1 tot en met 5."), "\(safety)")
        #expect(
            (PageCheck.element(id: "f-why", in: missing.text) ?? "").contains(">Meer groen, minder auto&#39;s</textarea>"),
            "the typed text is kept")
        #expect(!(PageCheck.element(id: "f-why", in: missing.text) ?? "").contains("aria-invalid"))

        let outOfRange = try await resident.fillIn(formPath, [("variant", "b"), ("safety", "0"), ("profile_age_band", "65+")])
        #expect(outOfRange.status == 422)
        let kept = PageCheck.element(id: "f-variant", in: outOfRange.text) ?? ""
        #expect(kept.contains("value=\"b\" checked") && !kept.contains("aria-invalid"), "the chosen variant stays chosen: \(kept)")
        #expect(outOfRange.text.contains("name=\"profile_age_band\" value=\"65+\" checked"), "the age band stays chosen")
        #expect((PageCheck.element(id: "f-safety", in: outOfRange.text) ?? "").contains("0 kan niet: kies een getal van 1 tot en met 5."))
        #expect(try await site.contributions().isEmpty, "nothing is stored from a form with mistakes")

        let sent = try await resident.fillIn(
            formPath, [("variant", "b"), ("safety", "4"), ("why", "Meer groen"), ("profile_age_band", "25-45")])
        #expect(sent.status == 303)
        let location = sent.headers.first(name: "Location") ?? ""
        #expect(location.hasPrefix(formPath + "/thanks?status=received"), "\(location)")
        let thanks = try await resident.get(location)
        #expect(thanks.status == 200)
        let next = text(thanks)
        for phrase in [
            "Bedankt voor uw reactie", "Uw reactie is ontvangen en opgeslagen.", "Wat gebeurt er nu?", "bekijkt de gemeente alle reacties",
            "Daarna besluit de gemeenteraad.", "Op de projectpagina leest u wat er met de inbreng is gedaan.",
        ] {
            #expect(next.contains(phrase), "the thank-you page lacks \"\(phrase)\": \(next)")
        }
        // The thank-you page is in the language of the form it answers, and its links keep it.
        #expect(thanks.text.contains("<a href=\"\(trajectoryPath)?lang=nl\">"), "\(thanks.text)")

        // Opening the form again says at once that this browser answered, and what happens next.
        let reopened = try await resident.get(formPath)
        #expect(reopened.status == 200 && PublicClient.formToken(reopened.text) == nil, "no empty form: \(text(reopened))")
        for phrase in [
            "U heeft al gereageerd", "Vanuit deze browser is al een reactie gestuurd", "Wat gebeurt er nu?",
            "Daarna besluit de gemeenteraad.",
        ] {
            #expect(text(reopened).contains(phrase), "\(text(reopened))")
        }
        // A second post from a page opened before is refused all the same.
        let again = try await resident.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "2")])
        #expect(again.status == 409)
        #expect(text(again).contains("U heeft al gereageerd"), "\(text(again))")

        // A post without the browser's cookie, without the page's token, or with another browser's token is refused.
        let stranger = site.browser()
        let noCookie = try await stranger.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "2")])
        #expect(noCookie.status == 403)
        #expect(text(noCookie).contains("Het formulier is verlopen"), "\(text(noCookie))")
        let newcomer = site.browser()
        #expect(try await newcomer.get(formPath).status == 200)
        #expect(try await newcomer.post(formPath, form: [("variant", "a"), ("safety", "2")]).status == 403)
        #expect(try await newcomer.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "2")]).status == 403)

        let stored = try await site.contributions()
        try #require(stored.count == 1, "\(stored)")
        #expect(stored[0]["channel"] as? String == "online" && stored[0]["state"] as? String == "accepted", "\(stored)")
        #expect(stored[0]["activity"] as? String == "variant-poll")
        let payload = stored[0]["payload"] as? [String: Any] ?? [:]
        let answers = payload["answers"] as? [String: Any] ?? [:]
        #expect(
            answers["variant"] as? String == "b" && answers["safety"] as? Int == 4 && answers["why"] as? String == "Meer groen",
            "\(payload)")
        #expect((payload["profile"] as? [String: Any])?["age_band"] as? String == "25-45", "\(payload)")
    }

    @Test("an idea box with one_response_per: none takes two ideas from one browser; a value the host does not know is refused at apply")
    func ideaBoxTakesMany() async throws {
        let site = try await PublicSite.start(ideaBox: true)
        let typo = PublicSite.ideaBoxPlan(config: "      question: Wat mist u in het centrum?\n      one_response_per: nnoe")
        let file = try Participation.write(typo, "typo.yaml", in: site.daemon)
        let refused = try await site.daemon.stipctl("apply", "-f", file)
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stderr.contains("one_response_per") && refused.stderr.contains("none"), "\(refused.stderr)")

        let plan = PublicSite.ideaBoxPlan(config: "      question: Wat mist u in het centrum?\n      one_response_per: none")
        let applied = try await site.daemon.stipctl("apply", "-f", try Participation.write(plan, "ideas.yaml", in: site.daemon))
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(try await site.daemon.stipctl("trajectory", "status", "voorbeeldstad/ideeenbus", "active").status == 0)

        let resident = site.browser()
        for idea in ["Meer bankjes", "Een watertappunt"] {
            let sent = try await resident.fillIn("/voorbeeldstad/ideeenbus/ideas", [("text", idea)])
            #expect(sent.status == 303, "\(sent.text)")
        }
        let described = try await resident.get("/api/v1/voorbeeldstad/ideeenbus/ideas/form")
        #expect(described.json["one_response_per"] as? String == "none")
        let app = site.browser()
        for idea in ["Fietsparkeren", "Schaduw"] {
            // No cookie needed when repeat contributions are the point.
            let sent = try await app.send(
                .POST, "/api/v1/voorbeeldstad/ideeenbus/ideas/responses", body: #"{"answers": {"text": "\#(idea)"}}"#,
                contentType: "application/json")
            #expect(sent.status == 201, "\(sent.text)")
        }
        #expect(try await site.contributions().count == 4)
    }

    @Test("the JSON twin: the form description with a cookie, 201 once, 422 naming the fields, 400 without the cookie")
    func jsonTwin() async throws {
        let site = try await PublicSite.open()
        let app = site.browser()
        let described = try await app.get(jsonForm)
        #expect(described.status == 200 && described.contentType?.hasPrefix("application/json") == true, "\(described.text)")
        #expect(described.json["state"] as? String == "open" && described.json["one_response_per"] as? String == "browser")
        #expect(described.json["language"] as? String == "nl" && described.json["closes"] is String)
        let form = described.json["form"] as? [String: Any] ?? [:]
        let ids = (form["fields"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids == ["variant", "safety", "why", "profile_age_band", "profile_area", "profile_role"], "\(described.text)")
        #expect(app.cookies["stip_b"] != nil, "the form description gives the browser cookie")
        let english = try await site.browser().get(jsonForm + "?lang=en")
        #expect(
            english.json["language"] as? String == "en" && (english.json["form"] as? [String: Any])?["submit_label"] as? String == "Send")

        let invalid = try await app.post(jsonResponses, json: #"{"answers": {"variant": "d", "safety": 9}}"#)
        #expect(invalid.status == 422 && invalid.contentType == "application/problem+json", "\(invalid.text)")
        #expect(invalid.problemCode == "invalid_response")
        #expect(fields(invalid) == ["variant", "safety"], "\(invalid.text)")
        let missing = try await app.post(jsonResponses, json: #"{"answers": {"safety": 2}}"#)
        #expect(missing.status == 422 && fields(missing) == ["variant"], "\(missing.text)")
        let refusedByPlugin = try await app.post(
            jsonResponses, json: #"{"answers": {"variant": "a", "safety": 3, "profile_area": "hello"}}"#)
        #expect(refusedByPlugin.status == 422 && fields(refusedByPlugin) == ["profile_area"], "\(refusedByPlugin.text)")
        #expect(try await site.contributions().isEmpty)

        let noCookie = try await site.browser().post(jsonResponses, json: validAnswers)
        #expect(noCookie.status == 400 && noCookie.problemCode == "cookie_required", "\(noCookie.text)")
        let forged = try await site.browser().post(
            jsonResponses, json: validAnswers, headers: [("Cookie", "stip_b=0123456789abcdef0123456789abcdef.forged")])
        #expect(forged.status == 400 && forged.problemCode == "cookie_required", "\(forged.text)")
        let notJSON = try await app.send(.POST, jsonResponses, body: "variant=a&safety=3", contentType: "text/plain")
        #expect(notJSON.status == 415 && notJSON.problemCode == "unsupported_media_type", "\(notJSON.text)")
        let broken = try await app.post(jsonResponses, json: #"{"variant": "a"}"#)
        #expect(broken.status == 400 && broken.problemCode == "invalid_body", "\(broken.text)")

        let created = try await app.post(jsonResponses, json: validAnswers)
        #expect(created.status == 201, "\(created.text)")
        #expect(
            created.json["state"] as? String == "accepted" && created.json["message"] as? String == "Uw reactie is ontvangen en opgeslagen."
        )
        let again = try await app.post(jsonResponses, json: #"{"answers": {"variant": "c", "safety": 1}}"#)
        #expect(again.status == 409 && again.problemCode == "already_responded", "\(again.text)")

        let stored = try await site.contributions()
        #expect(stored.count == 1 && stored.first?["id"] as? String == created.json["id"] as? String, "\(stored)")
        #expect(stored.first?["channel"] as? String == "online" && stored.first?["state"] as? String == "accepted")
    }

    // MARK: - Codes

    @Test("codes from letters: each works once, typed in any case and with spaces; unknown and revoked codes are refused")
    func pollCodes() async throws {
        let site = try await PublicSite.open(codes: true)
        let file = site.daemon.root.appending(path: "codes.csv").path
        let generated = try await site.daemon.stipctl(
            "codes", "generate", "voorbeeldstad/variant-poll", "--count", "20", "--out", file)
        #expect(generated.status == 0 && generated.stdout.contains("wrote 20 codes"), "\(generated.stdout) \(generated.stderr)")
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.first == "code")
        let codes = Array(lines.dropFirst())
        try #require(codes.count == 20 && Set(codes).count == 20, "\(lines)")

        func answer(_ code: String) -> String { #"{"answers": {"variant": "a", "safety": 3}, "code": "\#(code)"}"# }
        let app = site.browser()
        #expect(try await app.get(jsonForm).json["one_response_per"] as? String == "code")
        let first = try await app.post(jsonResponses, json: answer(codes[0]))
        #expect(first.status == 201, "\(first.text)")
        let reused = try await site.browser().post(jsonResponses, json: answer(codes[0]))
        #expect(reused.status == 409 && reused.problemCode == "already_responded", "\(reused.text)")
        let lower = try await app.post(jsonResponses, json: answer(codes[1].lowercased()))
        #expect(lower.status == 201, "a code in lower case works: \(lower.text)")
        let spaced = try await app.post(
            jsonResponses, json: answer(" " + codes[2].lowercased().replacingOccurrences(of: "-", with: " ") + " "))
        #expect(spaced.status == 201, "a code with spaces works: \(spaced.text)")
        #expect(try await app.post(jsonResponses, json: answer(codes[2])).status == 409, "…and is then used")

        var unknown = "ACDE-FGHJ-KMN"
        if codes.contains(unknown) { unknown = "CDEF-GHJK-MNP" }
        let wrong = try await app.post(jsonResponses, json: answer(unknown))
        #expect(wrong.status == 422 && wrong.problemCode == "invalid_code" && fields(wrong) == ["code"], "\(wrong.text)")
        let noCode = try await app.post(jsonResponses, json: validAnswers)
        #expect(noCode.status == 422 && noCode.problemCode == "invalid_code", "\(noCode.text)")

        // In the browser: the form asks for the code; one browser may send the letters of a whole household.
        let resident = site.browser()
        let page = try await resident.get(formPath)
        #expect(page.text.contains("<label class=\"question\" for=\"stip-code\">"), "\(page.text)")
        #expect(PageCheck.problems(page).isEmpty, "\(PageCheck.problems(page))")
        let viaForm = try await resident.fillIn(formPath, [("stip-code", codes[3].lowercased()), ("variant", "c"), ("safety", "5")])
        #expect(viaForm.status == 303 && (viaForm.headers.first(name: "Location") ?? "").contains("/thanks?status=received"))
        let secondLetter = try await resident.fillIn(formPath, [("stip-code", codes[4]), ("variant", "b"), ("safety", "2")])
        #expect(secondLetter.status == 303, "\(secondLetter.text)")
        let usedOnForm = try await resident.fillIn(formPath, [("stip-code", codes[3]), ("variant", "c"), ("safety", "5")])
        #expect(usedOnForm.status == 409 && text(usedOnForm).contains("Deze code is al gebruikt."), "\(text(usedOnForm))")
        let wrongOnForm = try await resident.fillIn(formPath, [("stip-code", unknown.lowercased()), ("variant", "c"), ("safety", "5")])
        #expect(wrongOnForm.status == 422)
        #expect(text(wrongOnForm).contains("Deze code klopt niet."), "\(text(wrongOnForm))")
        #expect(
            wrongOnForm.text.contains("id=\"stip-code\" name=\"stip-code\" value=\"\(unknown.lowercased())\""), "the typed code is kept")
        #expect(wrongOnForm.text.contains("variant-c\" name=\"variant\" value=\"c\" checked"), "the answers are kept")

        func counts() async throws -> [String: Int] {
            let listed = try await site.daemon.stipctl("codes", "list", "voorbeeldstad/variant-poll", "-o", "json")
            return Participation.json(listed.stdout)["counts"] as? [String: Int] ?? [:]
        }
        #expect(try await counts() == ["unused": 15, "used": 5, "revoked": 0])

        let revoked = try await site.daemon.stipctl("codes", "revoke", "voorbeeldstad/variant-poll", codes[5])
        #expect(revoked.status == 0 && revoked.stdout.contains("revoked 1 code"), "\(revoked.stdout) \(revoked.stderr)")
        let lost = try await app.post(jsonResponses, json: answer(codes[5]))
        #expect(lost.status == 422 && lost.problemCode == "invalid_code", "a revoked code is refused: \(lost.text)")
        #expect(try await counts() == ["unused": 14, "used": 5, "revoked": 1])
        // A used code stays used: revoking it changes nothing, and it still cannot be used again.
        let usedRevoked = try await site.daemon.stipctl("codes", "revoke", "voorbeeldstad/variant-poll", codes[0])
        #expect(usedRevoked.status == 0 && usedRevoked.stdout.contains("revoked 0 code"), "\(usedRevoked.stdout) \(usedRevoked.stderr)")
        #expect(try await app.post(jsonResponses, json: answer(codes[0])).status == 409)
        #expect(try await counts() == ["unused": 14, "used": 5, "revoked": 1])
        let table = try await site.daemon.stipctl("codes", "list", "voorbeeldstad/variant-poll")
        #expect(
            table.stdout.contains("UNUSED") && table.stdout.split(separator: "\n").last?.split(separator: " ") == ["14", "5", "1"],
            "\(table.stdout)")

        let stored = try await site.contributions()
        #expect(stored.count == 5 && stored.allSatisfy { $0["channel"] as? String == "online" && $0["state"] as? String == "accepted" })

        // The hint on the form shows an example code; it should look like the codes on the letters
        // (until 994028b it was K7WX-M4PT-RH, one character short).
        let example = text(page).firstMatch(of: #/bijvoorbeeld ([A-Z0-9]+(?:-[A-Z0-9]+)+)/#).map { String($0.1) } ?? ""
        #expect(
            example.split(separator: "-").map(\.count) == codes[0].split(separator: "-").map(\.count),
            "example \(example), code \(codes[0])")
    }

    // MARK: - Many at once

    @Test("30 submissions at once: one browser or one code gives exactly one response; 30 browsers give 30")
    func concurrentSubmissions() async throws {
        let site = try await PublicSite.open()
        let answers = validAnswers
        let path = jsonResponses

        let browser = site.browser()
        #expect(try await browser.get(jsonForm).status == 200)
        let sameBrowser = try await atOnce(30) { _ in try await browser.post(path, json: answers).status }
        #expect(sameBrowser.filter { $0 == 201 }.count == 1, "\(sameBrowser)")
        #expect(sameBrowser.filter { $0 == 409 }.count == 29, "\(sameBrowser)")

        // The same with the HTML form: one browser, one token, 30 posts at once.
        let resident = site.browser()
        let token = try #require(PublicClient.formToken(try await resident.get(formPath).text))
        let form = formPath
        let sameForm = try await atOnce(30) { _ in
            try await resident.post(form, form: [("stip-token", token), ("variant", "c"), ("safety", "1")]).status
        }
        #expect(sameForm.filter { $0 == 303 }.count == 1, "\(sameForm)")
        #expect(sameForm.filter { $0 == 409 }.count == 29, "\(sameForm)")

        let others = try await browsersWithCookie(site, 30)
        let manyBrowsers = try await atOnce(30) { index in try await others[index].post(path, json: answers).status }
        #expect(manyBrowsers == Array(repeating: 201, count: 30), "every browser gets its own answer: \(manyBrowsers)")
        #expect(try await site.contributions().count == 32)

        try await site.apply(try PublicSite.plan(codes: true))
        let file = site.daemon.root.appending(path: "codes.csv").path
        let generated = try await site.daemon.stipctl("codes", "generate", "voorbeeldstad/variant-poll", "--count", "1", "--out", file)
        #expect(generated.status == 0, "\(generated.stderr)")
        let code = try #require(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").last.map(String.init))
        let withCode = #"{"answers": {"variant": "b", "safety": 5}, "code": "\#(code)"}"#
        let client = site.browser()
        let sameCode = try await atOnce(30) { _ in try await client.post(path, json: withCode).status }
        #expect(sameCode.filter { $0 == 201 }.count == 1, "\(sameCode)")
        #expect(sameCode.filter { $0 == 409 }.count == 29, "\(sameCode)")

        let stored = try await site.contributions()
        #expect(stored.count == 33 && Set(stored.compactMap { $0["id"] as? String }).count == 33)
        let counts = Participation.json(
            try await site.daemon.stipctl("codes", "list", "voorbeeldstad/variant-poll", "-o", "json").stdout)
        #expect(counts["counts"] as? [String: Int] == ["unused": 0, "used": 1, "revoked": 0], "\(counts)")
    }

    @Test("24 browsers at once, every third with an answer the plugin refuses: each gets its own answer; only the valid ones are kept")
    func validatedTogether() async throws {
        let site = try await PublicSite.open()
        let residents = try await browsersWithCookie(site, 24)
        let path = jsonResponses
        // Sent at once, these reach the poll plugin together in validate_contributions batches; a refusal
        // must come back to the resident who sent it, not to a neighbour in the batch.
        let replies = try await atOnce(24) { index in
            let body =
                index.isMultiple(of: 3)
                ? #"{"answers": {"variant": "a", "safety": 3, "profile_area": "nowhere"}}"#
                : #"{"answers": {"variant": "b", "safety": \#(index % 5 + 1)}}"#
            let reply = try await residents[index].post(path, json: body)
            let fields = Set((reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            return (index, reply.status, fields)
        }
        for (index, status, fields) in replies {
            if index.isMultiple(of: 3) {
                #expect(status == 422 && fields == ["profile_area"], "resident \(index): \(status) \(fields)")
            } else {
                #expect(status == 201 && fields.isEmpty, "resident \(index): \(status) \(fields)")
            }
        }
        let stored = try await site.contributions()
        let safety = stored.compactMap { (($0["payload"] as? [String: Any])?["answers"] as? [String: Any])?["safety"] as? Int }
        let expected = (0..<24).filter { !$0.isMultiple(of: 3) }.map { $0 % 5 + 1 }
        #expect(safety.sorted() == expected.sorted(), "the 16 valid answers, each once: \(stored)")
    }

    @Test("with the default limit (burst 10), the 11th quick submission from one client gets 429 with Retry-After; other clients go on")
    func rateLimit() async throws {
        let site = try await PublicSite.open(rateLimited: true)
        let answers = validAnswers
        let path = jsonResponses
        // Fetching forms is not limited: every resident gets a cookie first.
        var browsers: [PublicClient] = []
        for _ in 0..<11 {
            let browser = site.browser()
            #expect(try await browser.get(jsonForm).status == 200)
            browsers.append(browser)
        }
        let lastOnForm = site.browser()
        let token = try #require(PublicClient.formToken(try await lastOnForm.get(formPath).text))
        let ten = browsers.prefix(10)

        let first = try await atOnce(10) { index in try await ten[index].post(path, json: answers).status }
        #expect(first == Array(repeating: 201, count: 10), "\(first)")
        let eleventh = try await browsers[10].post(path, json: answers)
        #expect(eleventh.status == 429 && eleventh.problemCode == "rate_limited", "\(eleventh.text)")
        #expect(eleventh.headers.first(name: "Retry-After") == "60")
        let onForm = try await lastOnForm.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "3")])
        #expect(onForm.status == 429 && onForm.headers.first(name: "Retry-After") == "60")
        #expect(text(onForm).contains("Even geduld") && text(onForm).contains("Wacht een minuut"), "\(text(onForm))")

        // Another resident, behind the municipality's proxy on this machine, is not held up.
        let elsewhere = site.browser([("X-Forwarded-For", "203.0.113.7")])
        #expect(try await elsewhere.get(jsonForm).status == 200)
        let other = try await elsewhere.post(path, json: answers)
        #expect(other.status == 201, "\(other.text)")
        #expect(try await site.contributions().count == 11)
    }

    /// A regression test: until 994028b the limiter took the first entry, which the client writes itself.
    @Test("behind a proxy that appends to X-Forwarded-For, a client cannot escape the limit by writing its own X-Forwarded-For")
    func spoofedForwardedFor() async throws {
        let site = try await PublicSite.open(rateLimited: true)
        let answers = validAnswers
        let path = jsonResponses
        // nginx's `$proxy_add_x_forwarded_for` keeps what the client sent and appends the address it saw:
        // the client is 198.51.100.7 every time; the first entries are whatever it chose to send.
        var browsers: [PublicClient] = []
        for index in 0..<11 {
            let browser = site.browser([("X-Forwarded-For", "192.0.2.\(index + 1), 198.51.100.7")])
            #expect(try await browser.get(jsonForm).status == 200)
            browsers.append(browser)
        }
        let ten = browsers.prefix(10)
        let first = try await atOnce(10) { index in try await ten[index].post(path, json: answers).status }
        #expect(first == Array(repeating: 201, count: 10), "\(first)")
        let eleventh = try await browsers[10].post(path, json: answers)
        #expect(eleventh.status == 429, "one client, eleven quick submissions: \(eleventh.status) \(eleventh.text)")
    }

    // MARK: - When a poll does not take responses

    @Test("closes includes its last minute; a poll that closed yesterday is closed everywhere; one that opens later says when")
    func openingAndClosing() async throws {
        let site = try await PublicSite.start()
        let now = Date()
        // `closes` names a minute of the workspace's local time, and that whole minute still counts.
        try await site.apply(try PublicSite.plan(closes: PublicSite.local(now.addingTimeInterval(10))))
        let resident = site.browser()
        let lastMinute = try await resident.get(formPath)
        #expect(lastMinute.status == 200, "\(text(lastMinute))")
        let token = try #require(PublicClient.formToken(lastMinute.text))

        try await site.apply(try PublicSite.plan(closes: PublicSite.local(now.addingTimeInterval(-86_400))))
        let closed = try await resident.get(formPath)
        #expect(closed.status == 410)
        #expect(text(closed).contains("Deze peiling is gesloten") && text(closed).contains("U kunt niet meer reageren."), "\(text(closed))")
        #expect(closed.text.contains("<a href=\"\(trajectoryPath)\">"), "the page leads back to the project")
        #expect(PageCheck.problems(closed).isEmpty, "\(PageCheck.problems(closed))")
        #expect(text(try await resident.get(formPath + "?lang=en")).contains("This poll is closed"))
        let late = try await resident.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "3")])
        #expect(late.status == 410, "\(text(late))")
        let app = site.browser()
        let lateJSON = try await app.post(jsonResponses, json: validAnswers)
        #expect(lateJSON.status == 410 && lateJSON.problemCode == "closed", "\(lateJSON.text)")
        #expect(try await app.get(jsonForm).json["state"] as? String == "closed", "the description says the poll is closed")
        #expect(text(try await resident.get(PublicSite.municipalityPath)).contains("Er zijn nu geen activiteiten waaraan u kunt meedoen."))
        #expect(!(try await resident.get(trajectoryPath)).text.contains("href=\"\(formPath)\""), "no link to a closed poll")

        let opens = now.addingTimeInterval(3 * 3600)
        try await site.apply(try PublicSite.plan(opens: PublicSite.local(opens)))
        let early = try await resident.get(formPath)
        #expect(early.status == 403)
        let when = PublicSite.residentText(PublicSite.local(opens))
        #expect(
            text(early).contains("Deze peiling is nog niet open") && text(early).contains("Open vanaf \(when)."),
            "local time \(when): \(text(early))")
        let earlyJSON = try await app.post(jsonResponses, json: validAnswers)
        #expect(earlyJSON.status == 403 && earlyJSON.problemCode == "not_yet_open", "\(earlyJSON.text)")
        #expect((earlyJSON.json["detail"] as? String)?.contains(when) == true, "\(earlyJSON.text)")
        #expect(try await app.get(jsonForm).json["state"] as? String == "not_yet_open")
        #expect(try await resident.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "3")]).status == 403)
        #expect(try await site.contributions().isEmpty)

        // The times are read in the workspace's time zone: in Tokyo, a Tokyo time two minutes ago has passed
        // (read as Amsterdam time it would be hours ahead).
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        let moved = try await site.daemon.stipctl("workspace", "update", PublicSite.workspace, "--timezone", "Asia/Tokyo")
        #expect(moved.status == 0, "\(moved.stderr)")
        try await site.apply(try PublicSite.plan(closes: PublicSite.local(now.addingTimeInterval(-120), in: tokyo)))
        #expect(try await resident.get(formPath).status == 410)
        try await site.apply(try PublicSite.plan(opens: PublicSite.local(now.addingTimeInterval(-120), in: tokyo)))
        #expect(try await resident.get(formPath).status == 200)
    }

    @Test("unknown addresses and draft trajectories are 404 pages; a suspended municipality is a 503 page with Retry-After")
    func notFoundAndUnavailable() async throws {
        let site = try await PublicSite.start()
        try await site.apply(try PublicSite.plan(), activate: false)
        let resident = site.browser()
        for path in [trajectoryPath, formPath] {
            let draft = try await resident.get(path)
            #expect(draft.status == 404, "a draft trajectory is not public: \(path) \(draft.status)")
        }
        #expect(try await resident.get(jsonForm).status == 404)
        let municipality = try await resident.get(PublicSite.municipalityPath)
        #expect(municipality.status == 200 && !municipality.text.contains("herinrichting-stationsplein"), "\(municipality.text)")

        let activated = try await site.daemon.stipctl("trajectory", "status", PublicSite.trajectory, "active")
        #expect(activated.status == 0, "\(activated.stderr)")
        #expect(try await resident.get(trajectoryPath).status == 200)
        for path in [
            "/nergensdorp", "/voorbeeldstad/onbekend-project/", "/voorbeeldstad/herinrichting-stationsplein/onbekende-peiling",
            "/nergensdorp/x/y",
        ] {
            let missing = try await resident.get(path)
            #expect(missing.status == 404, "\(path)")
            #expect(
                missing.contentType?.hasPrefix("text/html") == true && text(missing).contains("Pagina niet gevonden"),
                "\(path): \(missing.text)")
            #expect(PageCheck.problems(missing).isEmpty, "\(path): \(PageCheck.problems(missing))")
        }
        let unknownJSON = try await resident.get("/api/v1/nergensdorp/x/y/form")
        #expect(unknownJSON.status == 404 && unknownJSON.problemCode == "not_found", "\(unknownJSON.text)")

        let token = try #require(PublicClient.formToken(try await resident.get(formPath).text))
        let suspended = try await site.daemon.stipctl("workspace", "suspend", PublicSite.workspace)
        #expect(suspended.status == 0, "\(suspended.stderr)")
        for path in [PublicSite.municipalityPath, trajectoryPath, formPath] {
            let away = try await resident.get(path)
            #expect(away.status == 503, "\(path)")
            #expect(away.headers.first(name: "Retry-After") != nil, "\(path) says when to come back")
            #expect(text(away).contains("Tijdelijk niet beschikbaar"), "\(path): \(text(away))")
            #expect(PageCheck.problems(away).isEmpty, "\(path): \(PageCheck.problems(away))")
        }
        #expect(try await resident.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "3")]).status == 503)
        #expect(try await resident.post(jsonResponses, json: validAnswers).status == 503)
        #expect(try await site.contributions().isEmpty)

        let resumed = try await site.daemon.stipctl("workspace", "resume", PublicSite.workspace)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try await resident.get(formPath).status == 200)
    }

    @Test("an activity whose method has no resident form, or whose method the workspace no longer enables, is not found")
    func activityWithoutForm() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let workshop = try await resident.get("/voorbeeldstad/herinrichting-stationsplein/kickoff-workshop")
        #expect(workshop.status == 404, "not a 'try again later' for a form that will never come: \(workshop.status) \(text(workshop))")
        #expect(text(workshop).contains("Pagina niet gevonden"), "\(text(workshop))")
        #expect(workshop.headers.first(name: "Retry-After") == nil)
        let json = try await resident.get("/api/v1/voorbeeldstad/herinrichting-stationsplein/kickoff-workshop/form")
        #expect(json.status == 404 && json.problemCode == "not_found", "\(json.text)")
        #expect(!text(try await resident.get(PublicSite.municipalityPath)).contains("Werksessie"), "not listed under Doe mee")

        let disabled = try await site.daemon.stipctl("workspace", "disable-method", PublicSite.workspace, "poll")
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(try await resident.get(formPath).status == 404, "a poll of a method the workspace stopped using")
        #expect(try await resident.post(jsonResponses, json: validAnswers).status == 404)
        #expect(try await site.contributions().isEmpty)
    }

    // MARK: - Plugin down

    @Test("with the poll plugin down, a submission on a form already shown is kept as pending and accepted once the plugin is back")
    func pluginDown() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let page = try await resident.get(formPath)
        #expect(page.status == 200)
        let token = try #require(PublicClient.formToken(page.text))

        let plugin = site.daemon.pluginsDirectory.appending(path: "poll")
        let parked = site.daemon.root.appending(path: "poll-parked")
        try FileManager.default.moveItem(at: plugin, to: parked)
        let stopped = try await site.daemon.stipctl("plugin", "reload")
        #expect(stopped.status == 0 && stopped.stdout.contains("removed:   poll"), "\(stopped.stdout) \(stopped.stderr)")

        let sent = try await resident.post(formPath, form: [("stip-token", token), ("variant", "c"), ("safety", "3")])
        #expect(sent.status == 303, "\(text(sent))")
        let location = sent.headers.first(name: "Location") ?? ""
        #expect(location.hasPrefix(formPath + "/thanks?status=pending"), "\(location)")
        let thanks = text(try await resident.get(location))
        #expect(
            thanks.contains("Uw reactie is ontvangen en veilig opgeslagen.") && thanks.contains("u hoeft niets meer te doen"), "\(thanks)")
        // The JSON twin reads the same cached form: the description is still served, a response is 202, pending.
        let app = site.browser()
        let described = try await app.get(jsonForm)
        #expect(described.status == 200 && described.json["state"] as? String == "open", "\(described.text)")
        let viaJSON = try await app.post(jsonResponses, json: #"{"answers": {"variant": "a", "safety": 1}}"#)
        #expect(viaJSON.status == 202 && viaJSON.json["state"] as? String == "pending_validation", "\(viaJSON.text)")

        let pending = try await site.contributions("--state", "pending_validation")
        #expect(pending.count == 2 && pending.allSatisfy { $0["channel"] as? String == "online" }, "\(pending)")

        try FileManager.default.moveItem(at: parked, to: plugin)
        let back = try await site.daemon.stipctl("plugin", "reload")
        #expect(back.status == 0, "\(back.stderr)")
        let deadline = ContinuousClock.now + .seconds(20)
        var states: [String] = []
        while ContinuousClock.now < deadline {
            states = try await site.contributions().compactMap { $0["state"] as? String }
            if states == ["accepted", "accepted"] { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(states == ["accepted", "accepted"], "\(site.daemon.log)")
        let stored = try await site.contributions()
        let variants = Set(stored.compactMap { (($0["payload"] as? [String: Any])?["answers"] as? [String: Any])?["variant"] as? String })
        #expect(variants == ["a", "c"], "\(stored)")
    }

    // MARK: - More kinds of questions

    @Test("ranking and multiple-choice questions: selects and checkboxes with labels, places kept after a mistake, answers stored in order")
    func rankingAndMultipleChoice() async throws {
        let site = try await PublicSite.start()
        let questions = """
                    - id: priorities
                      type: ranking
                      text: Zet deze punten in volgorde van belang
                      options:
                        - { id: groen, label: Groen }
                        - { id: fiets, label: Fietsenstalling }
                        - { id: licht, label: Verlichting }
                    - id: uses
                      type: multiple_choice
                      text: Waarvoor gebruikt u het plein?
                      max_selections: 2
                      options:
                        - { id: trein, label: De trein }
                        - { id: bus, label: De bus }
                        - { id: winkels, label: De winkels }
                  profile_questions: [age_band, area, role]
            """
        let plan = try PublicSite.plan().replacingOccurrences(of: "      profile_questions: [age_band, area, role]", with: questions)
        try #require(plan.contains("type: ranking"))
        try await site.apply(plan)

        let resident = site.browser()
        let page = try await resident.get(formPath)
        #expect(page.status == 200)
        #expect(page.text.matches(of: #/<select id="f-priorities-/#).count == 3, "one select per option: \(page.text)")
        #expect(page.text.matches(of: #/type="checkbox" id="f-uses-/#).count == 3)
        #expect(PageCheck.problems(page).isEmpty, "\(PageCheck.problems(page))")
        #expect(text(page).contains("Kies er 1 tot en met 2."), "the hint says how many: \(text(page))")

        let twice = try await resident.fillIn(
            formPath,
            [
                ("variant", "a"), ("safety", "2"), ("priorities__rank__groen", "2"), ("priorities__rank__fiets", "2"),
                ("priorities__rank__licht", "1"), ("uses", "trein"),
            ])
        #expect(twice.status == 422)
        let ranking = PageCheck.element(id: "f-priorities", in: twice.text) ?? ""
        #expect(ranking.contains("Geef elke keuze een andere plaats, van 1 tot en met 3."), "\(ranking)")
        #expect(
            ranking.matches(of: #/<option value="2" selected>/#).count == 2 && ranking.contains("<option value=\"1\" selected>"),
            "places kept")
        #expect((PageCheck.element(id: "f-uses", in: twice.text) ?? "").contains("value=\"trein\" checked"))
        #expect(PageCheck.problems(twice).isEmpty, "\(PageCheck.problems(twice))")

        let tooMany = try await resident.fillIn(
            formPath,
            [
                ("variant", "a"), ("safety", "2"), ("priorities__rank__groen", "2"), ("priorities__rank__fiets", "3"),
                ("priorities__rank__licht", "1"), ("uses", "trein"), ("uses", "bus"), ("uses", "winkels"),
            ])
        #expect(tooMany.status == 422, "at most two uses")
        let uses = PageCheck.element(id: "f-uses", in: tooMany.text) ?? ""
        #expect(uses.contains("class=\"error\""), "the plugin's message sits at the question: \(uses)")
        let message = uses.firstMatch(of: #/<p class="error" id="f-uses-error">([^<]*)</p>/#).map { String($0.1) } ?? ""
        // The form says how many may be chosen, so the host answers in the page's language.
        #expect(message == "U koos er 3; kies er 1 tot en met 2.", "Dutch page, message: \(message)")

        let sent = try await resident.fillIn(
            formPath,
            [
                ("variant", "a"), ("safety", "2"), ("priorities__rank__groen", "2"), ("priorities__rank__fiets", "3"),
                ("priorities__rank__licht", "1"), ("uses", "trein"), ("uses", "winkels"),
            ])
        #expect(sent.status == 303, "\(text(sent))")

        let app = site.browser()
        _ = try await app.get(jsonForm)
        let incomplete = try await app.post(
            jsonResponses, json: #"{"answers": {"variant": "b", "safety": 4, "priorities": ["fiets", "groen"], "uses": ["bus"]}}"#)
        #expect(incomplete.status == 422 && fields(incomplete) == ["priorities"], "\(incomplete.text)")
        let viaJSON = try await app.post(
            jsonResponses, json: #"{"answers": {"variant": "b", "safety": 4, "priorities": ["fiets", "groen", "licht"], "uses": ["bus"]}}"#)
        #expect(viaJSON.status == 201, "\(viaJSON.text)")

        let stored = try await site.contributions()
        let answers = stored.compactMap { ($0["payload"] as? [String: Any])?["answers"] as? [String: Any] }
        let orders = Set(answers.compactMap { ($0["priorities"] as? [String])?.joined(separator: ",") })
        #expect(orders == ["licht,groen,fiets", "fiets,groen,licht"], "\(answers)")
        let chosen = Set(answers.compactMap { ($0["uses"] as? [String])?.joined(separator: ",") })
        #expect(chosen == ["trein,winkels", "bus"], "\(answers)")
    }

    // MARK: - A closed trajectory

    /// A regression test: until 994028b a closed trajectory's poll still took responses while its window was open.
    @Test("a closed trajectory takes no more responses, as the admin API refuses contributions to it")
    func closedTrajectory() async throws {
        let site = try await PublicSite.open()
        let resident = site.browser()
        let token = try #require(PublicClient.formToken(try await resident.get(formPath).text))
        let app = site.browser()
        _ = try await app.get(jsonForm)

        let closed = try await site.daemon.stipctl("trajectory", "status", PublicSite.trajectory, "closed")
        #expect(closed.status == 0, "\(closed.stderr)")
        let admin = try await site.daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json", #"{"type":"idea","text":"Laat","theme":"groen"}"#)
        #expect(admin.status == 1 && admin.stderr.contains("trajectory_closed"), "\(admin.stderr)")
        #expect(
            !(try await resident.get(trajectoryPath)).text.contains("href=\"\(formPath)\""), "the project page no longer links the poll")

        let page = try await resident.get(formPath)
        #expect(page.status == 410 && text(page).contains("Deze peiling is gesloten"), "\(page.status) \(text(page))")
        let viaForm = try await resident.post(formPath, form: [("stip-token", token), ("variant", "a"), ("safety", "3")])
        #expect(
            viaForm.status == 410, "form post on a closed trajectory: \(viaForm.status) \(viaForm.headers.first(name: "Location") ?? "")")
        let viaJSON = try await app.post(jsonResponses, json: validAnswers)
        #expect(
            viaJSON.status == 410 && viaJSON.problemCode == "closed", "JSON post on a closed trajectory: \(viaJSON.status) \(viaJSON.text)")
        #expect(try await site.contributions().isEmpty)

        // Reopened, it takes responses again.
        let reopened = try await site.daemon.stipctl("trajectory", "status", PublicSite.trajectory, "active")
        #expect(reopened.status == 0, "\(reopened.stderr)")
        #expect(try await app.post(jsonResponses, json: validAnswers).status == 201)
    }

    // MARK: - The checks themselves

    @Test("the page check finds what it should: a missing label, a loose radio, scripts, inline styles, outside resources, missing headers")
    func pageCheckFindsProblems() {
        let bad = """
            <!doctype html>
            <html>
            <head><script src="https://cdn.example.org/x.js"></script></head>
            <body>
            <p id="a">x</p><p id="a">y</p>
            <input type="text" id="name" name="name">
            <input type="radio" id="r1" name="r" value="1"><label for="r1">1</label>
            <fieldset><input type="checkbox" id="c1" name="c"><label for="c1">c</label></fieldset>
            <p style="color: red" onclick="go()">z</p>
            <a href="http://example.org/">elsewhere</a> <a href="#nowhere">here</a>
            </body>
            </html>
            """
        let problems = PageCheck.problems(HTTPReply(status: 200, headers: HTTPHeaders(), body: Data(bad.utf8)))
        for expected in [
            "no <html lang", "id a is used 2 times", "no <label for=\"name\">", "radio r1 is not in a fieldset",
            "the fieldset of c1 has no legend",
            "a <script>", "a style= attribute", "an inline event handler", "an external reference", "link to a missing id #nowhere",
            "no Content-Security-Policy", "no X-Content-Type-Options", "no Referrer-Policy",
        ] {
            #expect(problems.contains { $0.hasPrefix(expected) }, "\(expected) not found in \(problems)")
        }
        let good = """
            <!doctype html>
            <html lang="nl"><body><main id="main"><a href="#main">top</a>
            <fieldset><legend>Keuze</legend><input type="radio" id="r1" name="r" value="&quot; onclick=&quot;x"><label for="r1">1</label></fieldset>
            <label for="t">T</label><textarea id="t" name="t">style="a" <b></textarea>
            </main></body></html>
            """
        var headers = HTTPHeaders()
        headers.add(name: "Content-Security-Policy", value: "default-src 'none'")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        headers.add(name: "Referrer-Policy", value: "no-referrer")
        #expect(PageCheck.problems(HTTPReply(status: 200, headers: headers, body: Data(good.utf8))).isEmpty)
    }
}
