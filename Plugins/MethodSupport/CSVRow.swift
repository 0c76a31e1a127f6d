import Foundation
public import StipPluginKit

/// Turns one CSV record (header → cell text) into a submission-shaped JSON object.
///
/// A column is named after the field's path with dots: `follow_up.deadline` fills
/// `{"follow_up": {"deadline": …}}`. Empty cells are left out, and so are columns nobody asks for.
/// A cell that does not parse is recorded at the field's pointer, with the column named in the message.
public struct CSVRow {
    private let cells: [String: String]
    private let problems: FieldProblems
    public private(set) var submission: [String: JSONValue] = [:]

    /// Nil, after recording a problem, when the row is not a mapping.
    public init?(_ row: JSONValue, problems: FieldProblems) {
        guard let members = row.members else {
            problems.add(.root, "each row must be a mapping of column names to cells (it is \(row.kindDescription))")
            return nil
        }
        var cells: [String: String] = [:]
        for (column, value) in members {
            let text: String
            switch value {
            case .string(let string): text = string
            case .int(let number): text = String(number)
            case .double(let number): text = String(number)
            case .bool(let flag): text = flag ? "true" : "false"
            default: continue
            }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { cells[column.trimmingCharacters(in: .whitespaces).lowercased()] = trimmed }
        }
        self.cells = cells
        self.problems = problems
    }

    /// The trimmed text of a column, nil when empty or missing.
    public func cell(_ column: String) -> String? {
        cells[column]
    }

    // Each copy puts the cell at the field that `field` names (dotted path), by default the column's own name.

    /// Copies a text column.
    public mutating func text(_ column: String, field: String? = nil) {
        if let cell = cells[column] { set(field ?? column, .string(cell)) }
    }

    /// Copies a whole-number column.
    public mutating func int(_ column: String, field: String? = nil) {
        guard let cell = cells[column] else { return }
        guard let number = CSVCell.int(cell) else {
            problems.add(pointer(field ?? column), "column \(column): \"\(cell)\" is not a whole number")
            return
        }
        set(field ?? column, .int(Int64(number)))
    }

    /// Copies a decimal column (`52.09` or `52,09`).
    public mutating func number(_ column: String, field: String? = nil) {
        guard let cell = cells[column] else { return }
        guard let number = CSVCell.number(cell) else {
            problems.add(pointer(field ?? column), "column \(column): \"\(cell)\" is not a number")
            return
        }
        set(field ?? column, .double(number))
    }

    /// Copies a list column, items separated by `;` or `,`.
    public mutating func list(_ column: String, field: String? = nil) {
        if let cell = cells[column] { set(field ?? column, .array(CSVCell.list(cell).map { .string($0) })) }
    }

    /// Puts a value at `field` (a dotted path: `follow_up.owner`).
    public mutating func set(_ field: String, _ value: JSONValue) {
        let path = field.split(separator: ".").map(String.init)
        submission = Self.setting(submission, path[...], value)
    }

    /// The submission built so far.
    public var json: JSONValue { .object(submission) }

    /// The pointer of a field: `follow_up.deadline` → `/follow_up/deadline`.
    public func pointer(_ field: String) -> JSONPointer {
        JSONPointer(tokens: field.split(separator: ".").map(String.init))
    }

    private static func setting(_ object: [String: JSONValue], _ path: ArraySlice<String>, _ value: JSONValue) -> [String: JSONValue] {
        guard let head = path.first else { return object }
        var object = object
        if path.count == 1 {
            object[head] = value
        } else {
            object[head] = .object(setting(object[head]?.members ?? [:], path.dropFirst(), value))
        }
        return object
    }
}
