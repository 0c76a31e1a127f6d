/// A rule of the domain was broken by input; carries a stable code and a message that says what to do.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable codes; the admin API passes them on as its problem `code`.
    public enum Code: String, Sendable {
        case invalidSlug = "invalid_slug"
        case invalidValue = "invalid_value"
    }

    /// The stable code.
    public var code: Code
    /// A sentence for people: what is wrong and what to do.
    public var message: String
    /// Field-level details, when the problem is about named fields.
    public var fieldIssues: [FieldIssue]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: what is wrong and what to do.
    ///   - fieldIssues: per-field details.
    public init(code: Code, message: String, fieldIssues: [FieldIssue] = []) {
        self.code = code
        self.message = message
        self.fieldIssues = fieldIssues
    }

    public var description: String { message }
}

/// One problem with one field of an input document.
public struct FieldIssue: Sendable, Equatable, Codable {
    /// The field's name or path, in the input's own (snake_case) spelling.
    public var field: String
    /// What is wrong with it and what would be accepted.
    public var message: String
    /// The file the input came from, when it came from one (a plan, an import).
    public var file: String?
    /// 1-based line and column in that file.
    public var line: Int?
    public var column: Int?
    /// The row of an imported file (CSV: the header is row 1).
    public var row: Int?

    /// Creates an issue.
    public init(field: String, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.field = field
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.row = row
    }
}
