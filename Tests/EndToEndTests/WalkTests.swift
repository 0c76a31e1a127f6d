import Foundation
import Testing

/// A neighbourhood walk's life after the walk: observations imported, follow-ups kept up to date, open
/// points carried to the next walk, exports for the reporting desk and GIS.
@Suite("neighbourhood walks end to end", .timeLimit(.minutes(3)))
struct WalkTests {
    static let secondWalk = """
          - id: second-walk
            method: neighbourhood-walk
            phase: choose
            access: open
            config:
              date: 2026-12-05
              meeting_point: Fietsenstalling noordzijde
              route:
                - { lat: 52.0907, lon: 5.1214, label: Noordingang }
          - id: variant-poll
        """

    @Test("import observations, update a follow-up, carry open points to the next walk, export CSV and GeoJSON")
    func walkLifecycle() async throws {
        let daemon = try await Participation.start()
        let plan = try Participation.write(
            try Participation.plan(replacing: [("  - id: variant-poll", Self.secondWalk)]), "walks.yaml", in: daemon)
        let applied = try await daemon.stipctl("apply", "-f", plan)
        #expect(applied.status == 0, "\(applied.stderr)")
        let sheet = try Participation.write(
            "sequence,location.lat,location.lon,location.address,category,description,urgency,follow_up.owner,follow_up.deadline\n"
                + "1,\"52,0905\",\"5,1218\",,safety,Kapotte lantaarnpaal,high,Gemeente,2027-02-10\n"
                + "2,,,Stationsplein 4,greenery,\"Boomspiegel vol zwerfafval, \"\"vies\"\"\",low,,\n",
            "walk.csv", in: daemon)
        let imported = try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", sheet)
        #expect(imported.status == 0 && imported.stdout.contains("imported 2 of 2"), "\(imported.stderr)")

        // The checklist of the coming walk: points still open from earlier walks, written by the walk's plugin.
        let before = try await daemon.stipctl("contributions", "export", "voorbeeldstad/second-walk", "--format", "checklist")
        #expect(before.status == 0, "\(before.stderr)")
        let open = before.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(open.count == 2, "\(before.stdout)")
        let lamp = try #require(open.first { $0.count > 2 && $0[2] == "1" }?.last.map(String.init))

        let refused = try await daemon.stipctl("contributions", "amend", "voorbeeldstad/\(lamp)", "--set", "follow_up.status=finished")
        #expect(refused.status == 1 && refused.stderr.contains("/follow_up/status"), "\(refused.stderr)")
        let done = try await daemon.stipctl(
            "contributions", "amend", "voorbeeldstad/\(lamp)", "--set", "follow_up.status=done", "--set", "follow_up.resolved_on=2026-12-02"
        )
        #expect(done.status == 0, "\(done.stderr)")
        let after = try await daemon.stipctl("contributions", "export", "voorbeeldstad/second-walk", "--format", "checklist")
        #expect(after.stdout.split(separator: "\r\n").count == 2, "the header and the one point still open: \(after.stdout)")

        let csvFile = daemon.root.appending(path: "observations.csv")
        let csv = try await daemon.stipctl("contributions", "export", "voorbeeldstad/youth-walk", "--format", "csv", "--out", csvFile.path)
        #expect(csv.status == 0, "\(csv.stderr)")
        let text = try String(contentsOf: csvFile, encoding: .utf8)
        #expect(text.hasPrefix("walk,walk_date,sequence,location.lat,location.lon,location.address,category"))
        #expect(text.contains("\"Boomspiegel vol zwerfafval, \"\"vies\"\"\""), "quotes and commas survive: \(text)")
        #expect(text.contains(",done,"))

        let geoFile = daemon.root.appending(path: "observations.geojson")
        _ = try await daemon.stipctl("contributions", "export", "voorbeeldstad/youth-walk", "--format", "geojson", "--out", geoFile.path)
        let geo = try JSONSerialization.jsonObject(with: Data(contentsOf: geoFile)) as? [String: Any] ?? [:]
        #expect(geo["type"] as? String == "FeatureCollection")
        let features = geo["features"] as? [[String: Any]] ?? []
        #expect(features.count == 2)
        let point = features.first { ($0["geometry"] as? [String: Any])?["type"] as? String == "Point" }
        #expect((point?["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [5.1218, 52.0905], "GeoJSON is lon, lat")

        // What the export writes imports back as it is (the columns are the import's own).
        let reimported = try await daemon.stipctl("contributions", "import", "voorbeeldstad/youth-walk", csvFile.path)
        #expect(reimported.status == 0 && reimported.stdout.contains("imported 2 of 2"), "\(reimported.stdout) \(reimported.stderr)")

        // A workshop exports nothing, and says so with what to do instead.
        let notWalk = try await daemon.stipctl("contributions", "export", "voorbeeldstad/kickoff-workshop", "--format", "csv")
        #expect(
            notWalk.status == 1 && notWalk.stderr.contains("unsupported_format") && notWalk.stderr.contains("exports nothing"),
            "\(notWalk.stderr)")
        let unknownFormat = try await daemon.stipctl("contributions", "export", "voorbeeldstad/youth-walk", "--format", "kml")
        #expect(unknownFormat.status == 1 && unknownFormat.stderr.contains("csv, geojson, checklist"), "\(unknownFormat.stderr)")
    }
}
