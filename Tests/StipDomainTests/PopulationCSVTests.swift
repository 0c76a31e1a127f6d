import Foundation
import StipDomain
import Testing

@Suite("CSV and the CBS Kerncijfers export")
struct PopulationCSVTests {
    @Test("the example export: every region, suppressed figures kept as unknown and reported")
    func exampleExport() throws {
        let result = try CBSKerncijfersCSV.read(try String(contentsOf: ExampleFiles.populationURL, encoding: .utf8))
        #expect(result.rowsRead == 10)
        #expect(result.figures.count == 10)
        #expect(result.skipped.isEmpty)
        let municipality = try #require(result.figures.first { $0.region == "GM9999" })
        #expect(municipality.kind == .municipality && municipality.inhabitants == 24000 && municipality.households == 11428)
        #expect(municipality.ageBands["15-25"] == .some(2837))
        let buurt = try #require(result.figures.first { $0.region == "BU99990102" })
        #expect(buurt.kind == .neighbourhood && buurt.ageBands["65+"] == .some(1190))
        let suppressed = try #require(result.figures.first { $0.region == "BU99990204" })
        #expect(suppressed.inhabitants == 5)
        #expect(suppressed.ageBands["15-25"] == .some(nil))
        #expect(result.suppressed.map(\.row) == [11])
        #expect(result.suppressed[0].reason.contains("k_15Tot25Jaar"))
    }

    @Test("columns are matched without their edition's numeric suffix, in any order")
    func suffixesIgnored() throws {
        let text = """
            "Codering_12";"k_15Tot25Jaar_99";"AantalInwoners_7";"WijkenEnBuurten"
            "BU00010001  ";"15";"100";"Centrum"
            "WK000101";".";"200";"Wijk 01"
            "nonsense";"1";"2";"x"
            """
        let result = try CBSKerncijfersCSV.read(text)
        #expect(result.figures.map(\.region) == ["BU00010001", "WK000101"])
        #expect(result.figures[0].name == "Centrum" && result.figures[0].ageBands["15-25"] == .some(15))
        #expect(result.skipped.map(\.row) == [4])
    }

    @Test("a file without the code or population columns is refused as a whole")
    func missingColumns() {
        #expect(throws: CBSKerncijfersCSV.FileError.self) { try CBSKerncijfersCSV.read("a;b\n1;2\n") }
        #expect(throws: CBSKerncijfersCSV.FileError.self) { try CBSKerncijfersCSV.read("\"Codering_3\";\"x\"\n\"GM0001\";1\n") }
    }

    @Test("CSV: quotes, doubled quotes, delimiters in quotes, CRLF, BOM and blank lines")
    func csvReader() throws {
        let text = "\u{FEFF}name,text\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\r\nc,\"two\nlines\"\nd,"
        let records = try CSVReader.guessingDelimiter(of: text).records(text)
        #expect(records.map(\.fields) == [["name", "text"], ["a,b", "say \"hi\""], ["c", "two\nlines"], ["d", ""]])
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(throws: CSVReader.SyntaxError.self) { try CSVReader().records("a,\"b\n") }
    }
}

@Suite("a region twice in a CBS file")
struct PopulationDuplicateTests {
    @Test("a repeated row is stored once and reported; two different sets of figures for one region refuse the file")
    func duplicates() throws {
        let repeated = """
            "Codering";"AantalInwoners";"WijkenEnBuurten"
            "BU00010001";"100";"Centrum"
            "BU00010001";"100";"Centrum"
            "BU00010002";"50";"Haven"
            """
        let result = try CBSKerncijfersCSV.read(repeated)
        #expect(result.figures.map(\.region) == ["BU00010001", "BU00010002"], "each region stored once")
        #expect(result.skipped.map(\.row) == [3] && result.skipped[0].reason.contains("repeats row 2"), "\(result.skipped)")

        let contradicting = repeated.replacingOccurrences(
            of: "\"BU00010001\";\"100\";\"Centrum\"\n\"BU00010001\";\"100\"",
            with: "\"BU00010001\";\"100\";\"Centrum\"\n\"BU00010001\";\"120\"")
        #expect(throws: CBSKerncijfersCSV.FileError.self) { try CBSKerncijfersCSV.read(contradicting) }
        do {
            _ = try CBSKerncijfersCSV.read(contradicting)
        } catch {
            #expect(error.description.contains("rows 2 and 3"), "\(error.description)")
        }
    }
}
