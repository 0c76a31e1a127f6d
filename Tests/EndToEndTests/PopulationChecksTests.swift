import Foundation
import NIOHTTP1
import Testing

/// A population file must be the workspace's, of a year it says or is told; a year can be deleted.
@Suite("population checks end to end", .timeLimit(.minutes(3)))
struct PopulationChecksTests {
    @Test("a population file of another municipality is refused")
    func otherMunicipality() async throws {
        let daemon = try await Participation.start(cbsCode: "GM9997")
        let population = try await daemon.stipctl(
            "population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        #expect(population.status == 1 && population.stderr.contains("invalid_population_file"), "\(population.stderr)")
        #expect(population.stderr.contains("is a region of municipality GM9999, but this workspace is GM9997"), "\(population.stderr)")
    }

    @Test("population: without --year the year comes from the file or is asked for; a year can be deleted")
    func populationYears() async throws {
        let daemon = try await Participation.start(cbsCode: "GM9999")
        let noYear = try await daemon.stipctl("population", "import", "voorbeeldstad", Participation.populationFile.path)
        #expect(noYear.status != 0 && noYear.stderr.contains("give it with --year"), "\(noYear.stderr)")
        let named = daemon.root.appending(path: "kwb-2023.csv")
        try FileManager.default.copyItem(at: Participation.populationFile, to: named)
        let fromName = try await daemon.stipctl("population", "import", "voorbeeldstad", named.path)
        #expect(fromName.status == 0 && fromName.stdout.contains("population 2023 of voorbeeldstad"), "\(fromName.stderr)")
        let given = try await daemon.stipctl("population", "import", "voorbeeldstad", Participation.populationFile.path, "--year", "2024")
        #expect(given.status == 0, "\(given.stderr)")

        let deleted = try await daemon.stipctl("population", "delete", "voorbeeldstad", "--year", "2024")
        #expect(deleted.status == 0 && deleted.stdout.contains("population 2024 of voorbeeldstad deleted: 10 regions"), "\(deleted.stderr)")
        let newest = try await daemon.stipctl("population", "show", "voorbeeldstad", "-o", "json")
        #expect(Participation.json(newest.stdout)["year"] as? Int == 2023, "the year before is the newest again")
        let absent = try await daemon.http(.DELETE, "/v1/workspaces/voorbeeldstad/population/2024")
        #expect(absent.status == 404 && absent.problemCode == "population_not_found", "\(absent.text)")
        #expect(absent.text.contains("it has 2023"), "\(absent.text)")
    }
}
