import Foundation
import StipDomain
import Testing

/// A population file must be the workspace's: its municipality's regions, and the year it is imported as.
@Suite("population files: whose and which year")
struct PopulationBelongsTests {
    /// Reads `text` as the export of `municipality`'s workspace, imported as `year`.
    func read(_ text: String, municipality: String?, year: Int?) throws(CBSKerncijfersCSV.FileError) -> Int {
        let records = try! CSVReader(delimiter: ";").records(text)
        var reader = try CBSKerncijfersCSV.Reader(
            header: records[0], municipality: municipality.flatMap(CBSMunicipalityCode.init), year: year)
        var count = 0
        for record in records.dropFirst() where try reader.read(record) != nil { count += 1 }
        return count
    }

    /// Why `body` refused the file; `nil` when it did not.
    func refusal(_ body: () throws(CBSKerncijfersCSV.FileError) -> Int) -> String? {
        do {
            _ = try body()
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a file of another municipality is refused, naming the row and both municipalities")
    func otherMunicipality() throws {
        let example = try String(contentsOf: ExampleFiles.populationURL, encoding: .utf8)
        #expect(try read(example, municipality: "GM9999", year: 2024) == 10)
        #expect(try read(example, municipality: nil, year: 2024) == 10)
        #expect(
            refusal { () throws(CBSKerncijfersCSV.FileError) in try read(example, municipality: "GM9997", year: 2024) }
                == "row 2 (GM9999) is a region of municipality GM9999, but this workspace is GM9997; export the table for GM9997 and import that file"
        )
    }

    @Test("the year comes from the file's Perioden column, and a file of another year than it is imported as is refused")
    func yearFromTheFile() throws {
        let text = "Perioden;Codering_3;AantalInwoners_5\n2023JJ00;GM9999;24000\n2023JJ00;BU99990101;2500\n"
        #expect(CBSKerncijfersCSV.year(inContents: text) == 2023)
        #expect(CBSKerncijfersCSV.year(inContents: try String(contentsOf: ExampleFiles.populationURL, encoding: .utf8)) == nil)
        #expect(CBSKerncijfersCSV.year(inFileName: "kwb-2024.csv") == 2024)
        #expect(try read(text, municipality: "GM9999", year: 2023) == 2)
        #expect(
            refusal { () throws(CBSKerncijfersCSV.FileError) in try read(text, municipality: "GM9999", year: 2024) }
                == "row 2 (GM9999) holds figures of 2023 (Perioden 2023JJ00), but the file is imported as 2024; import it with --year 2023")
    }
}
