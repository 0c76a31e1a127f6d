import Foundation
import Testing

/// `stipctl standing`: the host metrics of docs/metrics.md computed from a workspace's data, each goal judged
/// with the uncertainty of its figure. The right answers are worked out by hand below.
@Suite("where a trajectory stands against its goals", .timeLimit(.minutes(3)))
struct StandingTests {
    @Test("participants, contributions, representation with its interval, feedback, and a verdict per goal")
    func standing() async throws {
        let daemon = try await Participation.start()
        let imported = try await daemon.stipctl(
            "population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        #expect(imported.status == 0, "\(imported.stderr)")
        let applied = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(applied.status == 0, "\(applied.stderr)")
        let people: [(String, String, String?)] = [
            ("p-1", "15-25", "BU99990101"), ("p-2", "25-45", "BU99990101"), ("p-3", "45-65", "BU99990102"),
            ("p-4", "65+", "BU99990103"), ("p-5", "25-45", nil),
        ]
        var ids: [String] = []
        for (id, band, area) in people {
            var arguments = ["participant", "add", "voorbeeldstad", "--id", id, "--age-band", band]
            if let area { arguments += ["--area", area] }
            let added = try await daemon.stipctl(arguments: arguments)
            #expect(added.status == 0, "\(added.stderr)")
            let contributed = try await daemon.stipctl(
                "contributions", "add", "voorbeeldstad/kickoff-workshop", "--participant", id, "-o", "json", "--json",
                #"{"type": "idea", "session": 1, "text": "Idee van \#(id)", "theme": "plein"}"#)
            #expect(contributed.status == 0, "\(contributed.stderr)")
            ids.append(Participation.json(contributed.stdout)["id"] as? String ?? "")
        }
        // One more without a participant: a contribution, not a participant.
        _ = try await daemon.stipctl(
            "contributions", "add", "voorbeeldstad/kickoff-workshop", "--json",
            #"{"type": "idea", "session": 1, "text": "Anoniem", "theme": "plein"}"#)
        let responded = try await daemon.stipctl(
            "respond", "voorbeeldstad/\(ids[0])", "--status", "adopted", "--reason", "Komt er", "--decided-by", "college")
        #expect(responded.status == 0, "\(responded.stderr)")

        let reply = try await daemon.stipctl("standing", "voorbeeldstad/herinrichting-stationsplein", "-o", "json")
        #expect(reply.status == 0, "\(reply.stderr)")
        let standing = Participation.json(reply.stdout)
        let metrics = standing["metrics"] as? [String: [String: Any]] ?? [:]
        #expect(standing["population_year"] as? Int == 2024)
        #expect(metrics["participants.unique"]?["value"] as? Double == 5)
        #expect(metrics["contributions.count"]?["value"] as? Double == 6)
        #expect(metrics["contributions.per_participant"]?["value"] as? Double == 1)
        // 1 of 5 participants who gave their age is 15–25 (20 %); in the area 1 425 of 10 600 are (13.4 %):
        // ratio 1.49. Wilson's 95 % interval for 1 of 5 is 3.6 %–62.4 %, so the ratio lies between 0.27 and 4.65.
        let youth = try #require(metrics["representation.age.15-25"])
        #expect(abs((youth["value"] as? Double ?? 0) - 1.487_719) < 1e-5, "\(youth)")
        #expect(abs((youth["low"] as? Double ?? 0) - 0.269_457) < 1e-5, "\(youth)")
        #expect(abs((youth["high"] as? Double ?? 0) - 4.645_146) < 1e-5, "\(youth)")
        #expect(youth["n"] as? Int == 5)
        // Every idea expects an answer; one of six has one.
        #expect(abs((metrics["feedback.responded_share"]?["value"] as? Double ?? 0) - 1.0 / 6.0) < 1e-12)
        let days = Participation.daysSince(Participation.workshopDay)
        #expect(metrics["feedback.median_days_to_response"]?["value"] as? Double == Double(days))

        let goals = Dictionary(
            uniqueKeysWithValues: (standing["goals"] as? [[String: Any]] ?? []).map {
                ($0["id"] as? String ?? "", $0["verdict"] as? String ?? "")
            })
        #expect(goals["reach"] == "not_met", "5 of 300: \(goals)")
        #expect(goals["youth"] == "undecided", "an interval across 0.8: \(goals)")
        #expect(goals["feedback-coverage"] == "not_met", "\(goals)")
        #expect(goals["feedback-speed"] == (days <= 42 ? "met" : "not_met"), "\(goals)")

        let table = try await daemon.stipctl("standing", "voorbeeldstad/herinrichting-stationsplein")
        #expect(
            table.stdout.contains("undecided") && table.stdout.contains("1.49") && table.stdout.contains("0.27–4.65 (n=5)"),
            "\(table.stdout)")
    }

    @Test("without population figures, representation cannot be judged, and says why")
    func withoutPopulation() async throws {
        let daemon = try await Participation.applied()
        let reply = try await daemon.stipctl("standing", "voorbeeldstad/herinrichting-stationsplein", "-o", "json")
        let goals = Participation.json(reply.stdout)["goals"] as? [[String: Any]] ?? []
        let youth = try #require(goals.first { $0["id"] as? String == "youth" })
        #expect(youth["verdict"] as? String == "not_measurable")
        #expect((youth["reason"] as? String)?.contains("stipctl population import") == true, "\(youth)")
        let missing = try await daemon.stipctl("standing", "voorbeeldstad/nergens")
        #expect(missing.status == 1 && missing.stderr.contains("trajectory_not_found"), "\(missing.stderr)")
    }
}
