import Foundation
import Testing

/// What a consultant imports arrives whole and on its own day: a column the method does not read refuses the
/// file, every contribution is dated on the day it was made, and nothing is dated in the future.
@Suite("offline imports keep every column and the day it happened", .timeLimit(.minutes(3)))
struct OfflineImportTests {
    func applied() async throws -> Daemon { try await Participation.applied() }

    func contributions(_ daemon: Daemon) async throws -> [[String: Any]] {
        let result = try await daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json")
        return Participation.json(result.stdout)["contributions"] as? [[String: Any]] ?? []
    }

    @Test("a walk sheet with columns the walk does not read is refused, naming them, the known ones and a did-you-mean")
    func unknownColumnsRefused() async throws {
        let daemon = try await applied()
        let sheet = try Participation.write(
            "sequence,location.address,categroy,description,urgency,follow_up.owner,follow_up.due,theme\n"
                + "1,Stationsplein 4,safety,Kapotte lantaarnpaal,high,Gemeente,2027-02-10,Inclusief spelen\n",
            "walk.csv", in: daemon)
        let refused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", sheet)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("does not read a column \"follow_up.due\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("does not read a column \"theme\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("\"categroy\" (did you mean category?)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("it reads sequence, location.lat"), "the known columns: \(refused.stderr)")
        #expect(refused.stderr.contains("--ignore-column"), "\(refused.stderr)")
        #expect(try await contributions(daemon).isEmpty)

        let typo = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/youth-walk", sheet, "--ignore-column", "them")
        #expect(typo.status == 1 && typo.stderr.contains("--ignore-column them: the file has no such column; did you mean theme?"))

        let renamed = try Participation.write(
            "sequence,location.address,category,description,urgency,follow_up.owner,follow_up.deadline,theme\n"
                + "1,Stationsplein 4,safety,Kapotte lantaarnpaal,high,Gemeente,2027-02-10,Inclusief spelen\n",
            "walk-renamed.csv", in: daemon)
        let checked = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/youth-walk", renamed, "--ignore-column", "theme", "--dry-run")
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(checked.stdout.contains("would import 1 of 1 rows"), "\(checked.stdout)")
        #expect(try await contributions(daemon).isEmpty, "a dry run stores nothing")

        let imported = try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", renamed, "--ignore-column", "theme")
        #expect(imported.status == 0 && imported.stdout.contains("imported 1 of 1 rows"), "\(imported.stdout)\(imported.stderr)")
        let stored = try #require(try await contributions(daemon).first)
        let payload = stored["payload"] as? [String: Any] ?? [:]
        #expect((payload["follow_up"] as? [String: Any])?["deadline"] as? String == "2027-02-10", "the follow-up arrived: \(payload)")
        #expect(stored["occurred_on"] as? String == Participation.walkDay, "dated on the walk's day: \(stored)")
    }

    @Test("a column's values outside its allowed set are reported once, with the allowed values and the rows")
    func allowedValuesOncePerColumn() async throws {
        let daemon = try await applied()
        let sheet = try Participation.write(
            "sequence,location.address,category,description,urgency\n"
                + "1,Stationsplein 4,gevaarlijk,Lamp kapot,high\n"
                + "2,Stationsplein 6,rommel,Zwerfafval,low\n"
                + "3,Stationsplein 8,gevaarlijk,Stoeptegel los,low\n",
            "walk.csv", in: daemon)
        let refused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", sheet)
        #expect(refused.status == 1)
        let lines = refused.stderr.split(separator: "\n").filter { $0.contains("category") }
        #expect(lines.count == 1, "one line for the column, not one per row: \(refused.stderr)")
        #expect(lines.first?.contains("rows 2, 3, 4") == true, "\(refused.stderr)")
        #expect(lines.first?.contains("\"gevaarlijk\", \"rommel\"") == true, "\(refused.stderr)")
    }

    @Test("rows are dated by their date column, the session's day or --occurred-on; a day that does not exist or lies ahead is refused")
    func dates() async throws {
        let daemon = try await applied()
        let tomorrow = Participation.day(offset: 1)
        let sheet = try Participation.write(
            "type;session;text;theme;datum\n"
                + "idea;1;Bomen op het plein;groen;25-11-2026\n"
                + "idea;1;Meer licht;veiligheid;\n"
                + "idea;1;Bankjes;groen;2027-02-31\n"
                + "idea;1;Fietsen;fiets;\(tomorrow)\n",
            "sheet.csv", in: daemon)
        let refused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", sheet)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("2027-02-31 is not a day: February 2027 has 28 days"), "\(refused.stderr)")
        #expect(refused.stderr.contains("\(tomorrow) is after today"), "\(refused.stderr)")

        let partial = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", sheet, "--skip-invalid")
        #expect(partial.status == 0 && partial.stdout.contains("imported 2 of 4 rows"), "\(partial.stdout)\(partial.stderr)")
        let days = Dictionary(
            try await contributions(daemon).map {
                (($0["payload"] as? [String: Any])?["text"] as? String ?? "", $0["occurred_on"] as? String ?? "")
            },
            uniquingKeysWith: { a, _ in a })
        #expect(days["Bomen op het plein"] == "2026-11-25", "its own date column: \(days)")
        #expect(days["Meer licht"] == Participation.workshopDay, "the session's day: \(days)")

        let yaml = try Participation.write("- {type: idea, session: 1, text: Speeltuin, theme: spelen}\n", "late.yaml", in: daemon)
        let given = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/kickoff-workshop", yaml, "--occurred-on", "2026-11-27")
        #expect(given.status == 0, "\(given.stderr)")
        let speeltuin = try await contributions(daemon).first { ($0["payload"] as? [String: Any])?["text"] as? String == "Speeltuin" }
        #expect(speeltuin?["occurred_on"] as? String == "2026-11-27")

        let ahead = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", yaml, "--occurred-on", tomorrow)
        #expect(ahead.status == 1 && ahead.stderr.contains("after today"), "\(ahead.stderr)")
        let impossible = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/kickoff-workshop", yaml, "--occurred-on", "2026-02-29")
        #expect(impossible.status == 2 && impossible.stderr.contains("February 2026 has 28 days"), "\(impossible.stderr)")
    }

    @Test("time to response counts from the workshop's day, not from the day its sheet was typed in")
    func medianFromTheDayItHappened() async throws {
        let daemon = try await applied()
        let sheet = try Participation.write("type;session;text;theme\nidea;1;Fietsenstalling;fiets\n", "sheet.csv", in: daemon)
        #expect(try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", sheet).status == 0)
        let id = try #require(try await contributions(daemon).first?["id"] as? String)
        let answered = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(id)", "--status", "adopted", "--reason", "Er komt een stalling", "--decided-by", "college",
            "--date", "2026-12-03")
        #expect(answered.status == 0, "\(answered.stderr)")
        let overview = Participation.json(
            try await daemon.stipctl("feedback", "voorbeeldstad/herinrichting-stationsplein", "-o", "json").stdout)
        #expect(overview["median_days_to_response"] as? Double == 7, "26 November to 3 December: \(overview)")
    }

    @Test("an admin sets and corrects the day; days ahead are refused for contributions and report-backs")
    func adminDays() async throws {
        let daemon = try await applied()
        let tomorrow = Participation.day(offset: 1)
        let ahead = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--occurred-on", tomorrow, "--json",
            #"{"type": "idea", "session": 1, "text": "Bomen", "theme": "groen"}"#)
        #expect(ahead.status == 1 && ahead.stderr.contains("after today"), "\(ahead.stderr)")
        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "-o", "json", "--json",
            #"{"type": "idea", "session": 1, "text": "Bomen", "theme": "groen"}"#)
        let contribution = Participation.json(added.stdout)
        #expect(contribution["occurred_on"] as? String == Participation.workshopDay, "the session's day: \(added.stdout)")
        let id = try #require(contribution["id"] as? String)
        let corrected = try await daemon.stipctl(
            "contributions", "amend", "voorbeeldstad/\(id)", "--occurred-on", "2026-11-27", "-o", "json")
        #expect(Participation.json(corrected.stdout)["occurred_on"] as? String == "2026-11-27", "\(corrected.stdout)\(corrected.stderr)")

        let future = try await daemon.stipctl(
            "report-back", "record", "voorbeeldstad/herinrichting-stationsplein", "--channel", "web", "--recipients", "40", "--summary",
            "Wat we deden", "--sent-on", tomorrow)
        #expect(future.status == 1 && future.stderr.contains("after today"), "\(future.stderr)")
    }
}

/// A YAML import is held to the same rule: a field the method does not read refuses the file.
@Suite("YAML imports keep every field", .timeLimit(.minutes(3)))
struct YAMLImportFieldTests {
    @Test("a field the workshop does not read refuses a YAML file, unless ignored on purpose")
    func unknownField() async throws {
        let daemon = try await Participation.applied()
        let yaml = try Participation.write(
            "- {type: idea, session: 1, text: Meer licht, theme: veiligheid, dots: 1, notitie: bellen met wijkagent}\n", "notes.yaml",
            in: daemon)
        let refused = try await daemon.stipctl("contributions", "import", "voorbeeldstad/kickoff-workshop", yaml)
        #expect(refused.status == 1 && refused.stderr.contains("does not read a field \"notitie\""), "\(refused.stderr)")
        let ignored = try await daemon.stipctl(
            "contributions", "import", "voorbeeldstad/kickoff-workshop", yaml, "--ignore-column", "notitie")
        #expect(ignored.status == 0 && ignored.stdout.contains("imported 1 of 1 rows"), "\(ignored.stdout)\(ignored.stderr)")
    }
}
