import Foundation
import StipVocabulary

/// Reads the CBS "Kerncijfers wijken en buurten" CSV export: semicolon separated, quoted text, column names
/// with a numeric suffix (`k_15Tot25Jaar_9`) that changes between editions, `.` for a suppressed figure.
///
/// Columns are matched by name without the suffix, so every year's edition reads the same way. Counts that
/// CBS rounded to multiples of 5 are taken as they are: age bands need not add up to the inhabitants.
public enum CBSKerncijfersCSV {
    /// The outcome of reading a file.
    public struct Result: Sendable {
        public var figures: [PopulationFigures] = []
        public var rowsRead = 0
        /// Rows left out, with their row number (the header is row 1) and why.
        public var skipped: [RowNote] = []
        /// Rows stored with some figures suppressed by CBS.
        public var suppressed: [RowNote] = []
    }

    /// A remark about one row.
    public struct RowNote: Codable, Sendable, Equatable {
        public var row: Int
        public var region: String?
        public var reason: String
    }

    /// A file that cannot be read at all.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    static let bandColumns: [(column: String, band: AgeBand)] = [
        ("k_0Tot15Jaar", .under15), ("k_15Tot25Jaar", .from15To25), ("k_25Tot45Jaar", .from25To45),
        ("k_45Tot65Jaar", .from45To65), ("k_65JaarOfOuder", .over65),
    ]

    /// Reads a whole `text`.
    /// - Throws: ``FileError`` when the file is not CSV or lacks a column Stip needs.
    public static func read(_ text: String) throws(FileError) -> Result {
        var result = Result()
        var reader: Reader?
        var stream = CSVReader.guessingDelimiter(of: text).stream()
        do {
            let collect = { (record: CSVReader.Record) throws in
                guard reader != nil else {
                    reader = try Reader(header: record)
                    return
                }
                // In place: a copy written back would copy the table of regions seen on every row.
                if let figures = try reader!.read(record) { result.figures.append(figures) }
            }
            try stream.feed(Array(text.utf8), collect)
            try stream.finish(collect)
        } catch let error as FileError {
            throw error
        } catch {
            throw FileError(description: "\(error)")
        }
        guard let reader else { throw FileError(description: "the file is empty; export the table with its header row") }
        result.rowsRead = reader.rowsRead
        result.skipped = reader.skipped
        result.suppressed = reader.suppressed
        return result
    }

    /// Reads the rows of an export one at a time, after its header: a file of any size is read in constant
    /// memory (apart from one fingerprint per region, to tell a repeated row from a contradicting one).
    public struct Reader: Sendable {
        let columns: [String: Int]
        let codeColumn: Int
        let fieldCount: Int
        /// The workspace's municipality: a row of another one refuses the file.
        let municipality: CBSMunicipalityCode?
        /// The year the figures are imported as: a row whose `Perioden` names another refuses the file.
        let year: Int?
        public private(set) var rowsRead = 0
        /// Rows left out, with their row number (the header is row 1) and why.
        public private(set) var skipped: [RowNote] = []
        /// Rows stored with some figures suppressed by CBS.
        public private(set) var suppressed: [RowNote] = []
        /// Per region the row it was first read on and a fingerprint of its figures.
        private var firstRows: [String: (row: Int, fingerprint: Int)] = [:]

        /// - Parameters:
        ///   - municipality: the workspace's CBS code; rows of other municipalities refuse the file.
        ///   - year: the year the figures are imported as; a `Perioden` column naming another refuses the file.
        /// - Throws: ``FileError`` when the header lacks a column Stip needs.
        public init(header: CSVReader.Record, municipality: CBSMunicipalityCode? = nil, year: Int? = nil) throws(FileError) {
            var columns: [String: Int] = [:]
            for (index, name) in header.fields.enumerated() {
                columns[baseName(name)] = columns[baseName(name)] ?? index
            }
            guard let codeColumn = columns["Codering"] ?? columns["WijkenEnBuurten"] else {
                throw FileError(
                    description:
                        "no column Codering or WijkenEnBuurten with the region codes; is this a CBS Kerncijfers wijken en buurten export?")
            }
            guard columns["AantalInwoners"] != nil else {
                throw FileError(description: "no column AantalInwoners; export the table with the population columns")
            }
            self.columns = columns
            self.codeColumn = codeColumn
            self.fieldCount = header.fields.count
            self.municipality = municipality
            self.year = year
        }

        /// The figures of one row, or `nil` when it is skipped (the reason is in ``skipped``).
        /// - Throws: ``FileError`` when a region comes back with other figures than before.
        public mutating func read(_ record: CSVReader.Record) throws(FileError) -> PopulationFigures? {
            rowsRead += 1
            let row = rowsRead + 1
            func cell(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                return record.fields[index].trimmingCharacters(in: .whitespaces)
            }
            guard record.fields.count == fieldCount else {
                skipped.append(
                    RowNote(row: row, region: cell(codeColumn), reason: "has \(record.fields.count) fields, the header has \(fieldCount)"))
                return nil
            }
            let rawCode = cell(codeColumn) ?? ""
            guard let code = RegionCode(rawCode) else {
                skipped.append(RowNote(row: row, region: rawCode, reason: "\"\(rawCode)\" is not a CBS region code"))
                return nil
            }
            try checkBelongs(code, period: cell(columns["Perioden"]), row: row)
            var suppressedFields: [String] = []
            var unreadable: [String] = []
            func count(_ column: String) -> Int? {
                guard let text = cell(columns[column]) else { return nil }
                if text == "." || text.isEmpty {
                    suppressedFields.append(column)
                    return nil
                }
                guard let value = Int(text), value >= 0 else {
                    unreadable.append("\(column)=\(text)")
                    return nil
                }
                return value
            }
            let inhabitants = count("AantalInwoners")
            var bands: [String: Int?] = [:]
            for (column, band) in bandColumns where columns[column] != nil { bands[band.rawValue] = count(column) }
            let households = count("HuishoudensTotaal")
            guard unreadable.isEmpty else {
                skipped.append(RowNote(row: row, region: code.rawValue, reason: "not a count: \(unreadable.joined(separator: ", "))"))
                return nil
            }
            // Real exports name the region in WijkenEnBuurten; some put the code there. The municipality's
            // name only fits the municipality's own row.
            let own = cell(columns["WijkenEnBuurten"]).flatMap { !$0.isEmpty && RegionCode($0) == nil ? $0 : nil }
            let municipality = code.kind == .municipality ? cell(columns["Gemeentenaam"]) : nil
            let figures = PopulationFigures(
                region: code.rawValue, kind: code.kind, name: own ?? municipality ?? code.rawValue, inhabitants: inhabitants,
                ageBands: bands, households: households)
            if let first = firstRows[code.rawValue] {
                // A repeated row changes nothing and is reported; two different sets of figures for one region
                // cannot both be right, and Stip will not pick one.
                guard first.fingerprint == figures.hashValue else {
                    throw FileError(
                        description:
                            "region \(code.rawValue) appears twice with different figures (rows \(first.row) and \(row)); keep one row per region and import again"
                    )
                }
                skipped.append(RowNote(row: row, region: code.rawValue, reason: "repeats row \(first.row); stored once"))
                return nil
            }
            firstRows[code.rawValue] = (row, figures.hashValue)
            if !suppressedFields.isEmpty {
                suppressed.append(
                    RowNote(
                        row: row, region: code.rawValue,
                        reason: "suppressed by CBS (.), stored as unknown: \(suppressedFields.joined(separator: ", "))"))
            }
            return figures
        }
    }

    /// The year of a `Perioden` cell: `2024JJ00` as CBS writes a whole year, or `2024`.
    public static func year(ofPeriod text: String) -> Int? {
        let digits = text.trimmingCharacters(in: .whitespaces).prefix(4)
        guard digits.count == 4, digits.allSatisfy(\.isNumber), let year = Int(digits) else { return nil }
        let rest = text.trimmingCharacters(in: .whitespaces).dropFirst(4)
        return rest.isEmpty || rest == "JJ00" ? year : nil
    }

    /// The year a file's figures are of, when it says so: the `Perioden` column of its first row (exports of
    /// tables that span several years have one).
    public static func year(inContents text: String) -> Int? {
        // The header and the first row are enough; the rest of a large export need not be read twice.
        let head = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).prefix(2).joined(separator: "\n")
        guard let records = try? CSVReader.guessingDelimiter(of: head).records(head), records.count >= 2
        else { return nil }
        guard let column = records[0].fields.firstIndex(where: { baseName($0) == "Perioden" }), column < records[1].fields.count else {
            return nil
        }
        return year(ofPeriod: records[1].fields[column])
    }

    /// The edition's year when a file name carries one (`kwb-2024.csv`), for imports that do not say.
    public static func year(inFileName name: String) -> Int? {
        name.split(whereSeparator: { !$0.isNumber }).compactMap { $0.count == 4 ? Int($0) : nil }.first { (1990...2100).contains($0) }
    }

    /// `k_15Tot25Jaar_9` → `k_15Tot25Jaar`: the suffix is the column's position in that year's edition.
    static func baseName(_ column: String) -> String {
        let trimmed = column.trimmingCharacters(in: .whitespaces)
        guard let underscore = trimmed.lastIndex(of: "_") else { return trimmed }
        let suffix = trimmed[trimmed.index(after: underscore)...]
        return !suffix.isEmpty && suffix.allSatisfy(\.isNumber) ? String(trimmed[..<underscore]) : trimmed
    }
}

extension CBSKerncijfersCSV.Reader {
    /// Refuses a file that is not the workspace's: a region of another municipality, or figures of another year
    /// than they are imported as. Either would be stored without a trace and measured against later.
    func checkBelongs(_ code: RegionCode, period: String?, row: Int) throws(CBSKerncijfersCSV.FileError) {
        if let municipality, let own = RegionCode(municipality.rawValue), !own.contains(code) {
            let theirs = "GM" + code.rawValue.dropFirst(2).prefix(4)
            throw CBSKerncijfersCSV.FileError(
                description:
                    "row \(row) (\(code)) is a region of municipality \(theirs), but this workspace is \(municipality); "
                    + "export the table for \(municipality) and import that file")
        }
        if let year, let period, !period.isEmpty, let theirs = CBSKerncijfersCSV.year(ofPeriod: period), theirs != year {
            throw CBSKerncijfersCSV.FileError(
                description:
                    "row \(row) (\(code)) holds figures of \(theirs) (Perioden \(period)), but the file is imported as \(year); "
                    + "import it with --year \(theirs)")
        }
    }
}
