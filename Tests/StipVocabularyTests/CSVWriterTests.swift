import StipVocabulary
import Testing

@Suite("CSVWriter: CSV the way spreadsheets read it")
struct CSVWriterTests {
    @Test("plain text stays as it is")
    func plainFields() {
        #expect(CSVWriter.field("Stationsplein") == "Stationsplein")
        #expect(CSVWriter.field("") == "")
        #expect(CSVWriter.field("een 'citaat' met spaties") == "een 'citaat' met spaties")
    }

    @Test("a comma, a quote or a line break is quoted, and quotes inside are doubled")
    func quoting() {
        #expect(CSVWriter.field("groen, veilig") == "\"groen, veilig\"")
        #expect(CSVWriter.field("het \"nieuwe\" plein") == "\"het \"\"nieuwe\"\" plein\"")
        #expect(CSVWriter.field("regel 1\nregel 2") == "\"regel 1\nregel 2\"")
        #expect(CSVWriter.field("regel 1\r\nregel 2") == "\"regel 1\r\nregel 2\"")
        #expect(CSVWriter.field("\"") == "\"\"\"\"")
    }

    @Test("a document is rows of fields joined by commas, every row ending in CRLF")
    func document() {
        let text = CSVWriter.document([["id", "tekst"], ["c-1", "meer bomen, minder auto's"], ["c-2", "zeg \"ja\""]])
        #expect(text == "id,tekst\r\nc-1,\"meer bomen, minder auto's\"\r\nc-2,\"zeg \"\"ja\"\"\"\r\n")
        #expect(CSVWriter.document([["alleen"]]) == "alleen\r\n")
    }

    @Test("a field with a line break stays one field: the row count of the document does not change")
    func embeddedNewlineKeepsRows() {
        let text = CSVWriter.document([["a", "twee\nregels"], ["b", "een"]])
        #expect(text == "a,\"twee\nregels\"\r\nb,een\r\n")
        #expect(text.split(separator: "\r\n", omittingEmptySubsequences: false).count == 3)
    }
}
