/// Reads delimiter-separated text (RFC 4180 quoting: `"a;b"`, `"say ""hi"""`), as spreadsheets and CBS export it.
///
/// Tolerates a UTF-8 byte order mark, CRLF or CR line ends and a missing final newline. Blank lines are skipped
/// but counted, so record numbers match what a person sees in the file. It reads bytes as they come
/// (``feed(_:)``), so a file of hundreds of megabytes is read record by record without being held in memory;
/// ``records(_:)`` reads a whole text at once.
public struct CSVReader: Sendable {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A quote that is never closed, or bytes that are not UTF-8.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var notUTF8 = false
        public var description: String {
            notUTF8
                ? "line \(line): the text is not UTF-8; save the file as UTF-8 (in Excel: CSV UTF-8) and send it again"
                : "line \(line): a quoted field is never closed; check the quotes on this line"
        }
    }

    public var delimiter: UInt8

    public init(delimiter: Character = ",") {
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
    }

    /// Guesses `;` or `,` from the header line: whichever occurs more often outside quotes.
    public static func guessingDelimiter(of text: String) -> CSVReader {
        guessingDelimiter(ofHeader: Array(text.utf8.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }))
    }

    /// The same guess from the first bytes of a file (its header line, or as much of it as has come).
    public static func guessingDelimiter(ofHeader bytes: some Sequence<UInt8>) -> CSVReader {
        var inQuotes = false
        var semicolons = 0
        var commas = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes && byte == UInt8(ascii: ";") { semicolons += 1 }
            if !inQuotes && byte == UInt8(ascii: ",") { commas += 1 }
        }
        return CSVReader(delimiter: semicolons > commas ? ";" : ",")
    }

    /// All records of `text`.
    public func records(_ text: String) throws(SyntaxError) -> [Record] {
        var stream = stream()
        var records: [Record] = []
        do {
            try stream.feed(Array(text.utf8)) { records.append($0) }
            try stream.finish { records.append($0) }
        } catch let error as SyntaxError {
            throw error
        } catch {
            preconditionFailure("collecting records cannot fail: \(error)")
        }
        return records
    }

    /// A reader of bytes that arrive in pieces.
    public func stream() -> Stream {
        Stream(delimiter: delimiter)
    }

    /// Parses bytes as they arrive; a record is handed out as soon as its line ends.
    public struct Stream: Sendable {
        let delimiter: UInt8
        private var fields: [String] = []
        private var field: [UInt8] = []
        private var inQuotes = false
        /// A quote inside a quoted field: either the closing one or the first of `""`.
        private var quotePending = false
        private var fieldWasQuoted = false
        private var lastWasCR = false
        private var line = 1
        private var recordLine = 1
        private var started = false
        private var bomChecked: [UInt8] = []

        init(delimiter: UInt8) {
            self.delimiter = delimiter
        }

        /// Reads `bytes`, handing each complete record to `emit`.
        /// - Throws: ``SyntaxError``, or what `emit` throws.
        public mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: (Record) throws -> Void) throws {
            for byte in bytes {
                // A UTF-8 byte order mark at the very start is not part of the first field.
                if !started {
                    bomChecked.append(byte)
                    if [0xEF, 0xBB, 0xBF].starts(with: bomChecked) {
                        if bomChecked.count < 3 { continue }
                        started = true
                        bomChecked = []
                        continue
                    }
                    started = true
                    let pending = bomChecked
                    bomChecked = []
                    for earlier in pending { try consume(earlier, emit) }
                    continue
                }
                try consume(byte, emit)
            }
        }

        /// The last record, when the text does not end with a newline.
        public mutating func finish(_ emit: (Record) throws -> Void) throws {
            if !started, !bomChecked.isEmpty {
                started = true
                let pending = bomChecked
                bomChecked = []
                for byte in pending { try consume(byte, emit) }
            }
            if quotePending {
                quotePending = false
                inQuotes = false
            }
            if inQuotes { throw SyntaxError(line: recordLine) }
            if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { try endRecord(emit) }
        }

        private mutating func consume(_ byte: UInt8, _ emit: (Record) throws -> Void) throws {
            let quote = UInt8(ascii: "\"")
            let newline = UInt8(ascii: "\n")
            let carriageReturn = UInt8(ascii: "\r")
            if quotePending {
                quotePending = false
                if byte == quote {
                    field.append(quote)
                    return
                }
                inQuotes = false  // that quote closed the field; this byte is read outside it
            }
            if inQuotes {
                if byte == quote {
                    quotePending = true
                } else {
                    if byte == newline || (byte == carriageReturn) { line += byte == newline && lastWasCR ? 0 : 1 }
                    lastWasCR = byte == carriageReturn
                    field.append(byte)
                }
                return
            }
            defer { lastWasCR = byte == carriageReturn }
            switch byte {
            case quote where field.isEmpty:
                inQuotes = true
                fieldWasQuoted = true
            case delimiter:
                try endField()
            case newline where lastWasCR:
                return  // the second half of CRLF: the record ended at the CR
            case newline, carriageReturn:
                try endRecord(emit)
                line += 1
                recordLine = line
            default:
                field.append(byte)
            }
        }

        private mutating func endField() throws(SyntaxError) {
            guard let text = String(validating: field, as: UTF8.self) else { throw SyntaxError(line: recordLine, notUTF8: true) }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        private mutating func endRecord(_ emit: (Record) throws -> Void) throws {
            let blank = fields.isEmpty && field.isEmpty && !fieldWasQuoted
            try endField()
            let record = Record(line: recordLine, fields: fields)
            fields.removeAll(keepingCapacity: true)
            if !blank { try emit(record) }
        }
    }
}
