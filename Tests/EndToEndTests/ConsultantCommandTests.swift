import Foundation
import Testing

/// stipctl as a consultant uses it day to day: participants listed and corrected, one person whatever the letter
/// case of their id, an access request answered with a letter, lists that show what a contribution says, numbers
/// rounded for people, and `-o` always the output format.
@Suite("stipctl for consultants", .timeLimit(.minutes(3)))
struct ConsultantCommandTests {
    func applied() async throws -> Daemon { try await Participation.applied() }

    @Test("participants are listed without addresses, updated, and ids differing only in case are one person")
    func participants() async throws {
        let daemon = try await applied()
        let added = try await daemon.stipctl(
            "participant", "add", "voorbeeldstad", "--id", "p-sam", "--age-band", "15-25", "--email", "sam@example.org",
            "--consent-report-back")
        #expect(added.status == 0, "\(added.stderr)")
        let twin = try await daemon.stipctl("participant", "add", "voorbeeldstad", "--id", "P-Sam")
        #expect(twin.status == 1 && twin.stderr.contains("\"p-sam\"") && twin.stderr.contains("letter case"), "\(twin.stderr)")
        let contributed = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", "P-SAM", "-o", "json", "--json",
            #"{"type": "idea", "session": 1, "text": "Meer bankjes op het plein, ook in de schaduw", "theme": "zitten"}"#)
        #expect(Participation.json(contributed.stdout)["participant"] as? String == "p-sam", "the registered one: \(contributed.stdout)")

        let listed = try await daemon.stipctl("participant", "list", "voorbeeldstad", "-o", "json")
        let people = Participation.json(listed.stdout)["participants"] as? [[String: Any]] ?? []
        #expect(people.count == 1 && people[0]["contributions"] as? Int == 1 && people[0]["has_email"] as? Bool == true)
        #expect(!listed.stdout.contains("sam@example.org"), "a list never shows addresses")
        let table = try await daemon.stipctl("participant", "list", "voorbeeldstad")
        #expect(table.stdout.contains("p-sam") && table.stdout.contains("15-25"), "\(table.stdout)")

        let exported = try await daemon.stipctl("participant", "export", "voorbeeldstad", "P-Sam")
        #expect(exported.status == 0 && exported.stdout.contains("\"p-sam\""), "found in any letter case: \(exported.stderr)")
        let moved = try await daemon.stipctl("participant", "update", "voorbeeldstad", "P-SAM", "--age-band", "25-45", "-o", "json")
        #expect((Participation.json(moved.stdout)["profile"] as? [String: Any])?["age_band"] as? String == "25-45", "\(moved.stderr)")
        let withdrawn = try await daemon.stipctl(
            "participant", "update", "voorbeeldstad", "p-sam", "--no-consent-report-back", "-o", "json")
        let after = Participation.json(withdrawn.stdout)
        #expect(after["email"] == nil, "withdrawn consent deletes the address: \(withdrawn.stdout)")
        let refused = try await daemon.stipctl("participant", "update", "voorbeeldstad", "p-sam", "--email", "new@example.org")
        #expect(refused.status == 1 && refused.stderr.contains("consent"), "\(refused.stderr)")
        let badBand = try await daemon.stipctl("participant", "update", "voorbeeldstad", "p-sam", "--age-band", "16-25")
        #expect(badBand.status == 1 && badBand.stderr.contains("age_band"), "\(badBand.stderr)")
    }

    @Test("an access request is answered with a letter in the workspace's language")
    func accessLetter() async throws {
        let daemon = try await applied()
        _ = try await daemon.stipctl(
            "participant", "add", "voorbeeldstad", "--id", "p-anna", "--age-band", "25-45", "--role", "resident", "--email",
            "anna@example.org", "--consent-report-back")
        let added = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", "p-anna", "-o", "json", "--json",
            #"{"type": "idea", "session": 1, "text": "Speelplek bij het station", "theme": "spelen"}"#)
        let id = try #require(Participation.json(added.stdout)["id"] as? String)
        _ = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(id)", "--status", "adopted", "--reason", "Er komt een speelplek", "--decided-by", "college")
        let file = daemon.root.appending(path: "inzage.txt")
        let written = try await daemon.stipctl("participant", "export", "voorbeeldstad", "p-anna", "-o", "letter", "--out", file.path)
        #expect(written.status == 0, "\(written.stderr)")
        let letter = try String(contentsOf: file, encoding: .utf8)
        #expect(letter.hasPrefix("Inzage in uw gegevens (AVG, artikel 15)"), "\(letter)")
        for expected in [
            "Uw kenmerk: p-anna", "Leeftijdsgroep: 25-45 jaar", "Rol: bewoner", "anna@example.org", "26 november 2026",
            "\"Speelplek bij het station\"", "overgenomen — Er komt een speelplek",
        ] {
            #expect(letter.contains(expected), "\(expected) in \(letter)")
        }
        #expect(!letter.contains("age_band") && !letter.contains("{"), "no keys or JSON in a letter: \(letter)")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("lists show what a contribution says; shares are percentages; -o is the format and --out a file")
    func readableOutput() async throws {
        let daemon = try await applied()
        for text in ["Meer bankjes op het plein", "Bomen", "Licht bij de fietsenstalling"] {
            _ = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json",
                #"{"type": "idea", "session": 1, "text": "\#(text)", "theme": "plein"}"#)
        }
        let list = try await daemon.stipctl("contributions", "list", "voorbeeldstad")
        #expect(list.stdout.contains("Meer bankjes op het plein") && list.stdout.contains("TEXT"), "\(list.stdout)")
        // Answer "Bomen", so that the light waits (the list's order is not the order of adding).
        let listed =
            Participation.json(try await daemon.stipctl("contributions", "list", "voorbeeldstad", "-o", "json").stdout)[
                "contributions"] as? [[String: Any]] ?? []
        let trees = try #require(
            listed.first { (($0["payload"] as? [String: Any])?["text"] as? String) == "Bomen" }?["id"] as? String, "\(listed)")
        _ = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(trees)", "--status", "adopted", "--reason", "Komt er", "--decided-by", "college")
        let feedback = try await daemon.stipctl("feedback", "voorbeeldstad/herinrichting-stationsplein")
        #expect(feedback.stdout.contains("responded share:          33%"), "\(feedback.stdout)")
        #expect(feedback.stdout.contains("Licht bij de fietsenstalling"), "what waits, with its words: \(feedback.stdout)")
        let json = Participation.json(
            try await daemon.stipctl("feedback", "voorbeeldstad/herinrichting-stationsplein", "-o", "json").stdout)
        let share = try #require(json["responded_share"] as? Double)
        #expect(abs(share - 1.0 / 3.0) < 1e-12, "full precision for scripts: \(share)")

        let archive = daemon.root.appending(path: "voorbeeldstad.tar")
        let exported = try await daemon.stipctl("workspace", "export", "voorbeeldstad", "--out", archive.path)
        #expect(exported.status == 0 && FileManager.default.fileExists(atPath: archive.path), "\(exported.stderr)")
        let oldStyle = try await daemon.stipctl("workspace", "export", "voorbeeldstad", "-o", archive.path)
        #expect(oldStyle.status == 2, "-o is not a file name: \(oldStyle.stderr)")
    }
}
