/// Reads delimiter-separated text (RFC 4180 quoting: `"a;b"`, `"say ""hi"""`), as spreadsheets and CBS export it.
///
/// Tolerates a UTF-8 byte order mark, CRLF line ends and a missing final newline. Blank lines are skipped
/// but counted, so record numbers match what a person sees in the file.
public struct CSVReader: Sendable {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A quote that is never closed.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var description: String { "line \(line): a quoted field is never closed; check the quotes on this line" }
    }

    public var delimiter: Character

    public init(delimiter: Character = ",") {
        self.delimiter = delimiter
    }

    /// Guesses `;` or `,` from the header line: whichever occurs more often outside quotes.
    public static func guessingDelimiter(of text: String) -> CSVReader {
        let header = text.prefix { $0 != "\n" && $0 != "\r\n" }
        var inQuotes = false
        var semicolons = 0
        var commas = 0
        for character in header {
            if character == "\"" { inQuotes.toggle() }
            if !inQuotes && character == ";" { semicolons += 1 }
            if !inQuotes && character == "," { commas += 1 }
        }
        return CSVReader(delimiter: semicolons > commas ? ";" : ",")
    }

    /// All records of `text`.
    public func records(_ text: String) throws(SyntaxError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
        }
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                inQuotes = true
                fieldWasQuoted = true
            case delimiter:
                fields.append(field)
                field = ""
                fieldWasQuoted = false
            case "\n", "\r\n":
                endRecord()
                line += 1
                recordLine = line
            case "\r":
                break
            default:
                field.append(character)
            }
        }
        if inQuotes { throw SyntaxError(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
