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

    /// Reads `text`.
    /// - Throws: ``FileError`` when the file is not CSV or lacks a column Stip needs.
    public static func read(_ text: String) throws(FileError) -> Result {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.guessingDelimiter(of: text).records(text)
        } catch {
            throw FileError(description: error.description)
        }
        guard let header = records.first else { throw FileError(description: "the file is empty; export the table with its header row") }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            columns[baseName(name)] = columns[baseName(name)] ?? index
        }
        let codeColumn = columns["Codering"] ?? columns["WijkenEnBuurten"]
        guard let codeColumn else {
            throw FileError(
                description:
                    "no column Codering or WijkenEnBuurten with the region codes; is this a CBS Kerncijfers wijken en buurten export?")
        }
        guard let inhabitantsColumn = columns["AantalInwoners"] else {
            throw FileError(description: "no column AantalInwoners; export the table with the population columns")
        }
        var result = Result()
        for (position, record) in records.dropFirst().enumerated() {
            let row = position + 2
            result.rowsRead += 1
            func cell(_ index: Int?) -> String? {
                guard let index, index < record.fields.count else { return nil }
                return record.fields[index].trimmingCharacters(in: .whitespaces)
            }
            guard record.fields.count == header.fields.count else {
                result.skipped.append(
                    RowNote(
                        row: row, region: cell(codeColumn),
                        reason: "has \(record.fields.count) fields, the header has \(header.fields.count)"))
                continue
            }
            let rawCode = cell(codeColumn) ?? ""
            guard let code = RegionCode(rawCode) else {
                result.skipped.append(RowNote(row: row, region: rawCode, reason: "\"\(rawCode)\" is not a CBS region code"))
                continue
            }
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
                result.skipped.append(
                    RowNote(row: row, region: code.rawValue, reason: "not a count: \(unreadable.joined(separator: ", "))"))
                continue
            }
            _ = inhabitantsColumn
            // Real exports name the region in WijkenEnBuurten; some put the code there. The municipality's
            // name only fits the municipality's own row.
            let own = cell(columns["WijkenEnBuurten"]).flatMap { !$0.isEmpty && RegionCode($0) == nil ? $0 : nil }
            let municipality = code.kind == .municipality ? cell(columns["Gemeentenaam"]) : nil
            let name = own ?? municipality ?? code.rawValue
            result.figures.append(
                PopulationFigures(
                    region: code.rawValue, kind: code.kind, name: name, inhabitants: inhabitants, ageBands: bands, households: households))
            if !suppressedFields.isEmpty {
                result.suppressed.append(
                    RowNote(
                        row: row, region: code.rawValue,
                        reason: "suppressed by CBS (.), stored as unknown: \(suppressedFields.joined(separator: ", "))"))
            }
        }
        return result
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
