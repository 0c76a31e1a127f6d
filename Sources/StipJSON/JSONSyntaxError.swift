/// JSON text that could not be read: what is wrong and where, for people.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the problem in the text.
    public var offset: Int
    /// 1-based line and column (columns count characters, not bytes).
    public var line: Int
    public var column: Int
    /// What is wrong, e.g. "the JSON ends too early: a value is missing".
    public var message: String

    /// Creates an error.
    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// "message at line L, column C".
    public var description: String { "\(message) at line \(line), column \(column)" }
}
