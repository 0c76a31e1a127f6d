import StipConfig
import StipJSON

/// What the method said about a file's columns (CSV) or fields (YAML) across the `import` batches (protocol 1.3, `columns`).
struct ColumnReport {
    /// The columns the method reads; `nil` while no batch said.
    var known: [String]?
    /// Columns of the file the method does not read, in the order first seen.
    var unknown: [String] = []

    mutating func add(_ columns: JSONValue?) {
        guard let columns, let known = columns["known"]?.elements else { return }
        self.known = known.compactMap(\.stringValue)
        for name in columns["unknown"]?.elements.compactMap(\.stringValue) ?? [] where !unknown.contains(name) {
            unknown.append(name)
        }
    }

    /// The file is refused for a column (CSV) or top-level field (YAML) the method does not read: its data would
    /// be lost. The error is about the file, not a row, so it names no row (row 0) in YAML, where fields are per row.
    static func unknownColumn(
        _ name: String, known: [String], method: String, format: ContributionImport.Format
    ) -> ContributionImport.RowError {
        let hint = closestName(to: name, among: known).map { " (did you mean \($0)?)" } ?? ""
        let noun = format == .csv ? "column" : "field"
        return ContributionImport.RowError(
            row: format == .csv ? 1 : 0, line: format == .csv ? 1 : nil, column: name, pointer: "",
            message: "method \(method) does not read a \(noun) \"\(name)\"\(hint); it reads \(known.joined(separator: ", ")). "
                + "Rename the \(noun), or leave it out on purpose with --ignore-column \(name)",
            rows: nil, allowed: nil)
    }
}

extension ContributionImport.RowError {
    /// Errors about a value outside a column's allowed set come once per column, naming the rows and the values
    /// found, rather than once per row with the same list of allowed values.
    static func grouped(_ errors: [Self], rows sheet: ImportSheet) -> [Self] {
        var result: [Self] = []
        var groups: [String: Int] = [:]
        for error in errors {
            guard let allowed = error.allowed, !allowed.isEmpty else {
                result.append(error)
                continue
            }
            let key = "\(error.column ?? "")|\(error.pointer)"
            let found = Self.cell(sheet.row(error.row), error)
            if let index = groups[key] {
                result[index].rows?.append(error.row)
                if let found, result[index].values?.contains(found) == false { result[index].values?.append(found) }
                continue
            }
            var group = error
            group.rows = [error.row]
            group.values = found.map { [$0] } ?? []
            groups[key] = result.count
            result.append(group)
        }
        for index in groups.values {
            let group = result[index]
            guard let rows = group.rows, rows.count > 1, let allowed = group.allowed else {
                result[index].rows = nil
                result[index].values = nil
                continue
            }
            let values = (group.values ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
            result[index].message =
                "must be one of \(allowed.joined(separator: ", "))" + (values.isEmpty ? "" : "; found \(values)")
                + " in rows \(rows.map(String.init).joined(separator: ", "))"
        }
        return result.sorted { ($0.row, $0.pointer) < ($1.row, $1.pointer) }
    }

    /// The cell an error is about: its column, or the field its pointer names.
    private static func cell(_ row: ImportSheet.Row?, _ error: Self) -> String? {
        guard let row else { return nil }
        let name = error.column ?? (JSONPointer(error.pointer)?.tokens ?? []).joined(separator: ".")
        let match = row.value.objectKeys.first { $0.lowercased() == name.lowercased() }
        return match.flatMap { row.value[$0]?.stringValue }
    }
}
