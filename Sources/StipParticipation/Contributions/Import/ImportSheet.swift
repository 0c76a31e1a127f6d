import Foundation
import StipConfig
import StipDomain
import StipJSON
import StipVocabulary

/// A CSV or YAML file of contributions as the host reads it before the method sees it: its rows, the rows it
/// could not read, the day each row names in its `date` column, and the columns the consultant left out.
struct ImportSheet {
    /// One row for the plugin: its number (CSV: the header is row 1; YAML: 1-based position) and line.
    struct Row {
        var number: Int
        var line: Int
        var value: JSONValue
        /// What the row's `date` column says, and that column's name as the file spells it.
        var dateCell: (column: String, text: String)?

        /// The day the row gives, when it gives one that reads.
        var date: LocalDate? { dateCell.flatMap { ImportSheet.day($0.text) } }

        /// The row's date when it does not read or lies after `today`.
        func dateProblem(today: LocalDate) -> ContributionImport.RowError? {
            guard let (column, text) = dateCell else { return nil }
            guard let day = ImportSheet.day(text) else {
                return ContributionImport.RowError(
                    row: number, line: line, column: column, pointer: "",
                    message: LocalDate.problem(with: text).contains("is not a day")
                        ? LocalDate.problem(with: text) : "\"\(text)\" is not a date; write it as YYYY-MM-DD (or DD-MM-YYYY)",
                    rows: nil, allowed: nil)
            }
            return day > today ? ImportSheet.future(day, today: today, row: number, line: line, column: column) : nil
        }
    }

    /// The column that dates a row. The host reads it, so that every method's rows can be dated; the plugin
    /// never sees it.
    static let dateColumns: Set<String> = ["date", "datum", "occurred_on"]

    var rows: [Row]
    /// Rows the host could not read (a YAML item that is not a mapping).
    var unreadable: [ContributionImport.RowError]
    /// The columns of a CSV file, as written in its header.
    var header: [String]
    /// Columns left out at the consultant's request.
    var ignored: [String] = []

    /// How many rows the file has.
    var count: Int { rows.count + unreadable.count }

    func row(_ number: Int) -> Row? {
        rows.first { $0.number == number }
    }

    init(_ text: String, format: ContributionImport.Format, file: String?) throws(ContributionImport.Rejected) {
        switch format {
        case .csv:
            let records: [CSVReader.Record]
            do {
                records = try CSVReader.guessingDelimiter(of: text).records(text)
            } catch {
                throw ContributionImport.Rejected(message: error.description, errors: [])
            }
            guard let first = records.first else {
                throw ContributionImport.Rejected(message: "the file is empty; it needs a header row and data rows", errors: [])
            }
            header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let names = header
            rows = records.dropFirst().enumerated().map { offset, record in
                var object: [String: JSONValue] = [:]
                for (index, name) in names.enumerated() where !name.isEmpty {
                    object[name] = .string(index < record.fields.count ? record.fields[index] : "")
                }
                return Self.dated(Row(number: offset + 2, line: record.line, value: .object(object)))
            }
            unreadable = []
        case .yaml:
            let documents: [YAMLNode]
            do {
                documents = try YAMLLoader.load(text, file: file).filter { !$0.isEmptyDocument }
            } catch {
                throw ContributionImport.Rejected(message: error.description, errors: [])
            }
            guard documents.count == 1, case .sequence(let items, _) = documents[0] else {
                throw ContributionImport.Rejected(message: "a YAML import is one list of rows (each a mapping of field: value)", errors: [])
            }
            header = []
            rows = []
            unreadable = []
            for (offset, item) in items.enumerated() {
                guard case .mapping = item, let value = try? YAMLDecoder().decode(JSONValue.self, from: item, file: file) else {
                    unreadable.append(
                        ContributionImport.RowError(
                            row: offset + 1, line: item.mark.line, column: nil, pointer: "",
                            message: "a row must be a mapping of field: value", rows: nil, allowed: nil))
                    continue
                }
                rows.append(Self.dated(Row(number: offset + 1, line: item.mark.line, value: value)))
            }
        }
    }

    /// Takes the row's date column out of what the plugin gets, and keeps its text. An empty cell dates nothing.
    static func dated(_ row: Row) -> Row {
        guard case .object(var cells) = row.value else { return row }
        var row = row
        for name in cells.keys.sorted() where dateColumns.contains(name.lowercased()) {
            let value = cells.removeValue(forKey: name)
            let text = (value?.stringValue ?? value.map { String(decoding: $0.jsonBytes(), as: UTF8.self) } ?? "")
                .trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, row.dateCell == nil { row.dateCell = (name, text) }
        }
        row.value = .object(cells)
        return row
    }

    /// Leaves out the columns the consultant named; naming one the file does not have is refused (a typo would
    /// otherwise leave the real column in, and the file refused for it, without saying why).
    mutating func leaveOut(_ names: [String]) throws(ContributionImport.Rejected) {
        guard !names.isEmpty else { return }
        let present = header.isEmpty ? Set(rows.flatMap { $0.value.objectKeys }) : Set(header)
        var missing: [ContributionImport.RowError] = []
        var leave = Set<String>()
        for name in names {
            let matches = present.filter { $0.lowercased() == name.lowercased() }
            if matches.isEmpty {
                let hint = closestName(to: name, among: Array(present)).map { "; did you mean \($0)?" } ?? ""
                missing.append(
                    ContributionImport.RowError(
                        row: 1, line: 1, column: name, pointer: "",
                        message: "--ignore-column \(name): the file has no such column\(hint)", rows: nil, allowed: nil))
            }
            leave.formUnion(matches)
        }
        guard missing.isEmpty else {
            throw ContributionImport.Rejected(message: "a column to ignore is not in the file; nothing was imported", errors: missing)
        }
        ignored = leave.sorted()
        rows = rows.map { row in
            guard case .object(var cells) = row.value else { return row }
            for name in leave { cells.removeValue(forKey: name) }
            var row = row
            row.value = .object(cells)
            return row
        }
    }

    /// `YYYY-MM-DD`, or `DD-MM-YYYY` as Dutch spreadsheets write it (also with `/`).
    static func day(_ text: String) -> LocalDate? {
        if let day = LocalDate(text) { return day }
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard parts.count == 3, parts[2].count == 4, parts[0].count <= 2, parts[1].count <= 2,
            let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
        else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }

    static func future(_ day: LocalDate, today: LocalDate, row: Int, line: Int?, column: String?) -> ContributionImport.RowError {
        ContributionImport.RowError(
            row: row, line: line, column: column, pointer: "",
            message: "\(day) is after today (\(today)); a contribution is dated on the day it was made", rows: nil, allowed: nil)
    }

    static func undated(row: Int, line: Int?, method: String) -> ContributionImport.RowError {
        ContributionImport.RowError(
            row: row, line: line, column: "date", pointer: "",
            message: "no date: method \(method) does not know on which day this was made; "
                + "add a date column (YYYY-MM-DD) or import with --occurred-on YYYY-MM-DD",
            rows: nil, allowed: nil)
    }
}

extension JSONValue {
    /// The member names of an object; none for anything else.
    var objectKeys: [String] {
        if case .object(let members) = self { return Array(members.keys) }
        return []
    }
}
