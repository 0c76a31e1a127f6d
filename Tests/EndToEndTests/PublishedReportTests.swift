import Foundation
import Testing

/// `stipctl report publish` and `unpublish`: the public report on the trajectory's resident page.
@Suite("published reports", .timeLimit(.minutes(3)))
struct PublishedReportTests {
    @Test(
        "nothing is public until published; then the page shows the cycle's goals and findings and links the report; unpublish takes it off"
    )
    func publish() async throws {
        let site = try await PublicSite.open()
        let daemon = site.daemon
        _ = try await daemon.stipctl("population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        let cycle = try await daemon.stipctl("evaluate", "voorbeeldstad/herinrichting-stationsplein", "--wait")
        #expect(cycle.status == 0, "\(cycle.stderr)")
        let browser = site.browser()
        let page = "/voorbeeldstad/herinrichting-stationsplein/"
        #expect(!(try await browser.get(page)).text.contains("Evaluatie van"))
        #expect(try await browser.get(page + "report.html").status == 404)

        let missing = try await daemon.stipctl("report", "publish", "voorbeeldstad/herinrichting-stationsplein", "--cycle", "9")
        #expect(missing.status == 1 && missing.stderr.contains("cycle_not_found"), "\(missing.stderr)")
        let published = try await daemon.stipctl("report", "publish", "voorbeeldstad/herinrichting-stationsplein", "--cycle", "1")
        #expect(published.status == 0 && published.stdout.contains("published the public report of cycle 1"), "\(published.stderr)")

        let shown = try await browser.get(page).text
        #expect(shown.contains("Evaluatie van") && shown.contains("reach") && shown.contains("Lees het hele verslag"), "\(shown)")
        let english = try await browser.get("/voorbeeldstad/herinrichting-stationsplein/?lang=en").text
        #expect(english.contains("Evaluation of") && english.contains("Read the whole report"), "\(english)")
        let document = try await browser.get(page + "report.html")
        #expect(document.status == 200 && document.text.contains("<h2 id=\"summary\">Summary</h2>"), "\(document.text.prefix(300))")
        // In the language the resident chose (English, remembered), and the public version: no owner.
        #expect(!document.text.contains("Team Openbare Ruimte"))
        let weasyprint = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/weasyprint") }
        if weasyprint {
            let pdf = try await browser.get(page + "report.pdf")
            #expect(pdf.status == 200 && pdf.body.prefix(5) == Data("%PDF-".utf8))
        }
        let audit = try await daemon.stipctl("audit", "--workspace", "voorbeeldstad", "-o", "json")
        #expect(audit.stdout.contains("report.publish"), "\(audit.stdout.prefix(500))")

        let unpublished = try await daemon.stipctl("report", "unpublish", "voorbeeldstad/herinrichting-stationsplein")
        #expect(unpublished.status == 0 && unpublished.stdout.contains("off the page"), "\(unpublished.stderr)")
        #expect(!(try await browser.get(page)).text.contains("Evaluatie van"))
        #expect(try await browser.get(page + "report.html").status == 404)
        let again = try await daemon.stipctl("report", "unpublish", "voorbeeldstad/herinrichting-stationsplein")
        #expect(again.stdout.contains("nothing changed"), "\(again.stdout)")
    }
}
