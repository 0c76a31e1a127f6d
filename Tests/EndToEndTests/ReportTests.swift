import Foundation
import NIOHTTP1
import StipJSON
import StipPluginProtocol
import Testing

/// `stipctl report`: a cycle's report from its snapshot, in every format and both languages, for each audience.
@Suite("cycle reports", .timeLimit(.minutes(3)))
struct ReportTests {
    static let schema = PluginFixtures.repository.appending(path: "docs/report.schema.json")

    /// A daemon with the example plan, five workshop ideas by profiled participants, and one finished cycle.
    static func evaluated() async throws -> Daemon {
        let daemon = try await Participation.start()
        _ = try await daemon.stipctl("population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        _ = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        for (id, band) in [("p-1", "25-45"), ("p-2", "45-65"), ("p-3", "65+"), ("p-4", "25-45"), ("p-5", "45-65")] {
            _ = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--id", id, "--age-band", band, "--area", "BU99990101")
            _ = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", id, "--json",
                #"{"type": "idea", "session": 1, "text": "Idee <b>van</b> \#(id)", "theme": "plein"}"#)
        }
        let cycle = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait")
        #expect(cycle.status == 0, "\(cycle.stderr)")
        return daemon
    }

    func report(_ daemon: Daemon, _ arguments: String...) async throws -> String {
        let file = daemon.root.appending(path: "report-\(UUID().uuidString)").path
        let run = try await daemon.stipctl(arguments: ["report", "voorbeeldstad/herinrichting-stationsplein", "-o", file] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }

    @Test("Markdown and HTML in Dutch and English: the summary first, goals with verdicts, findings with what to do; self-contained HTML")
    func formats() async throws {
        let daemon = try await Self.evaluated()
        let dutch = try await report(daemon, "--format", "md", "--lang", "nl")
        #expect(dutch.hasPrefix("# Herinrichting Stationsplein"), "\(dutch.prefix(200))")
        #expect(dutch.contains("## Samenvatting") && dutch.contains(#"| reach | \>= 300 | 5 |  | niet gehaald |"#), "\(dutch)")
        #expect(dutch.contains("Plan een doelgroepgerichte activiteit voor 15-25-jarigen"), "\(dutch)")
        #expect(dutch.contains("Eigenaar: "), "the council sees who owns the trajectory")
        let summary = try #require(dutch.range(of: "## Samenvatting")), context = try #require(dutch.range(of: "## Aanleiding"))
        #expect(summary.lowerBound < context.lowerBound, "the summary comes first")
        // Beside each group's ratio, the participants' share (2 of 5 aged 25–45, with its interval) and the population's.
        #expect(dutch.contains("| leeftijd 25-45 | 40% ("), "\(dutch)")

        // A reflection, a decision on the ideas' theme, and a second cycle: the next report has the reflection, the
        // decision with its explanation, and each goal across both cycles.
        let decided = try await daemon.stipctl(
            "respond", "voorbeeldstad/herinrichting-stationsplein", "--theme", "plein", "--status", "partly_adopted", "--reason",
            "Er komen bankjes aan de zuidzijde", "--decided-by", "college")
        #expect(decided.status == 0, "\(decided.stderr)")
        let reflected = try await daemon.stipctl(
            "trajectory", "reflect", "voorbeeldstad/herinrichting-stationsplein", "explore", "--went-well", "Goede opkomst 65+",
            "--to-change", "Jongeren gericht uitnodigen")
        #expect(reflected.status == 0, "\(reflected.stderr)")
        #expect(try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait").status == 0)
        let second = try await report(daemon, "--format", "md", "--lang", "nl")
        #expect(second.contains("## Reflectie per fase") && second.contains("Jongeren gericht uitnodigen"), "\(second)")
        #expect(second.contains("- reach: Cyclus 1 (") && second.contains("Cyclus 2 ("), "\(second)")
        #expect(second.contains("## Wat is er met de inbreng gedaan") && second.contains("- bijdragen ontvangen: 5"), "\(second)")
        #expect(second.contains("| deels overgenomen | Er komen bankjes aan de zuidzijde |"), "\(second)")
        #expect(second.contains("### Stand van de reacties") && second.contains("- deels overgenomen: 1"), "\(second)")
        let english = try await report(daemon, "--format", "md", "--lang", "en")
        #expect(english.contains("## Summary") && english.contains("Plan a targeted activity for people aged 15-25"), "\(english)")

        let html = try await report(daemon, "--format", "html", "--lang", "en")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"en\">"))
        #expect(!html.lowercased().contains("<script"), "no script")
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src="), "no external reference")
        #expect(html.contains("<caption>") && html.contains("scope=\"col\""), "tables a screen reader can follow")
        #expect(html.contains("role=\"img\"") && html.contains("<title id=\"chart-title\">"), "the chart has a text alternative")
        #expect(html.contains("counter(pages)"), "page numbers when printed")
        #expect(html.contains("<polyline points="), "the trend across the two cycles is drawn")

        // PDF is printed by WeasyPrint; where it is not installed, the error names the package to install.
        let pdfFile = daemon.root.appending(path: "report.pdf").path
        let pdf = try await daemon.stipctl(
            "report", "voorbeeldstad/herinrichting-stationsplein", "--format", "pdf", "--lang", "en", "-o", pdfFile)
        let weasyprint = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/weasyprint") }
        if weasyprint {
            #expect(pdf.status == 0, "\(pdf.stderr)")
            #expect((try? Data(contentsOf: URL(filePath: pdfFile)).prefix(5)) == Data("%PDF-".utf8))
            // Its text and pages, read back by poppler-utils where they are installed: the summary alone on page 1.
            if FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") {
                let text = try await ProcessRunner.run(URL(filePath: "/usr/bin/pdftotext"), ["-layout", pdfFile, "-"])
                let pages = text.stdout.components(separatedBy: "\u{0C}").filter {
                    !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                }
                #expect(pages.count >= 3, "\(pages.count) pages")
                #expect(pages.first?.contains("Summary") == true && pages.first?.contains("Background") == false, "\(pages.first ?? "")")
                #expect(text.stdout.contains("page 1 / \(pages.count)"), "page numbers: \(text.stdout.suffix(300))")
            }
        } else {
            #expect(pdf.status == 1 && pdf.stderr.contains("pdf_renderer_missing") && pdf.stderr.contains("weasyprint"), "\(pdf.stderr)")
        }
    }

    @Test(
        "JSON validates against docs/report.schema.json; the public audience leaves out the owner; an old cycle renders the same after the plan changed"
    )
    func jsonAndAudience() async throws {
        let daemon = try await Self.evaluated()
        let text = try await report(daemon, "--format", "json", "--cycle", "1")
        let json = try JSONValue.parse(bytes: Array(text.utf8))
        let schema = JSONSchema(try JSONValue.parse(bytes: Array(try Data(contentsOf: Self.schema))))
        #expect(schema.validate(json).isEmpty, "\(schema.validate(json))")
        #expect(json["context"]?["owner"] != nil)
        // A broken report is refused by the same check.
        guard case .object(var members) = json else { Issue.record("the report is not an object"); return }
        members["goals"] = .string("none")
        #expect(!schema.validate(.object(members)).isEmpty)

        let public_ = try await report(daemon, "--format", "json", "--audience", "public")
        let publicJSON = try JSONValue.parse(bytes: Array(public_.utf8))
        #expect(publicJSON["context"]?["owner"] == nil, "\(public_)")
        #expect(publicJSON["audience"] == .string("public"))
        let owner = try #require(json["context"]?["owner"]?.stringValue)
        #expect(!public_.contains(owner))

        // The plan changes; cycle 1's report does not.
        let changed = try Participation.plan(replacing: [("target: \">= 300\"", "target: \">= 900\"")])
        #expect(try await daemon.stipctl("apply", "-f", try Participation.write(changed, "changed.yaml", in: daemon)).status == 0)
        let again = try await report(daemon, "--format", "json", "--cycle", "1")
        #expect(again == text)

        // The municipality's report: every trajectory as its latest cycle measured it.
        let municipalityFile = daemon.root.appending(path: "gemeente.md").path
        let municipality = try await daemon.stipctl("report", "voorbeeldstad", "--overview", "--format", "md", "-o", municipalityFile)
        #expect(municipality.status == 0, "\(municipality.stderr)")
        let overview = try String(contentsOfFile: municipalityFile, encoding: .utf8)
        #expect(overview.hasPrefix("# Participatie in Gemeente voorbeeldstad"), "\(overview)")
        #expect(overview.contains("## Herinrichting Stationsplein") && overview.contains("Evaluatiecyclus 1,"), "\(overview)")
        let overviewHTML = try await daemon.http(.GET, "/v1/workspaces/voorbeeldstad/report?format=html&lang=en")
        #expect(overviewHTML.status == 200 && overviewHTML.text.contains("<h1>Participation in Gemeente voorbeeldstad</h1>"))
        let both = try await daemon.stipctl("report", "voorbeeldstad/herinrichting-stationsplein", "--overview")
        #expect(both.status != 0 && both.stderr.contains("not a reference of the form workspace"), "\(both.stderr)")

        let missing = try await daemon.stipctl("report", "voorbeeldstad/herinrichting-stationsplein", "--cycle", "9")
        #expect(missing.status == 1 && missing.stderr.contains("cycle_not_found"), "\(missing.stderr)")
        let badQuery = try await daemon.http(
            .GET, "/v1/workspaces/voorbeeldstad/trajectories/herinrichting-stationsplein/cycles/1/report?format=docx")
        #expect(badQuery.status == 400 && badQuery.text.contains("invalid_query"), "\(badQuery.text)")
    }

    @Test(
        "a workspace's own template is refused at upload when it would not render, with its line and column; a good one is used until reset"
    )
    func houseStyle() async throws {
        let daemon = try await Self.evaluated()
        func set(_ name: String, _ text: String) async throws -> CommandResult {
            let file = try Participation.write(text, "\(UUID().uuidString).mustache", in: daemon)
            return try await daemon.stipctl("report", "template", "set", "voorbeeldstad", name, file)
        }
        let unclosed = try await set("report-md", "# {{title}}\n\n{{#goals}}\n- {{id}}\n")
        #expect(
            unclosed.status == 1 && unclosed.stderr.contains("invalid_value") && unclosed.stderr.contains("line "), "\(unclosed.stderr)")
        let unescaped = try await set("report-html", "<h1>{{title}}</h1>\n<p>{{{municipality}}}</p>")
        #expect(
            unescaped.status == 1 && unescaped.stderr.contains("line 2, column 4") && unescaped.stderr.contains("escaping"),
            "\(unescaped.stderr)")
        let unknown = try await set("report-docx", "{{title}}")
        #expect(unknown.status == 1 && unknown.stderr.contains("report-html, report-md"), "\(unknown.stderr)")

        let house = "{{% CONTENT_TYPE: MARKDOWN}}\n# {{municipality}}: {{title}}\n{{#goals}}\n- {{id}}: {{verdict}}\n{{/goals}}\n"
        let accepted = try await set("report-md", house)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let listed = try await daemon.stipctl("report", "template", "list", "voorbeeldstad")
        #expect(listed.stdout.contains("report-md") && listed.stdout.contains("the workspace's own"), "\(listed.stdout)")
        let own = try await report(daemon, "--format", "md", "--lang", "nl")
        #expect(own.hasPrefix("# Gemeente voorbeeldstad: Herinrichting Stationsplein\n- reach: niet gehaald"), "\(own)")
        #expect(!own.contains("## Samenvatting"))

        let reset = try await daemon.stipctl("report", "template", "reset", "voorbeeldstad", "report-md")
        #expect(reset.stdout.contains("built-in report-md again"), "\(reset.stdout)")
        #expect(try await report(daemon, "--format", "md", "--lang", "nl").contains("## Samenvatting"))
    }
}
