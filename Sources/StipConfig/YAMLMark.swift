/// A position in a YAML text, as an editor shows it.
///
/// Both numbers are 1-based so they can be pasted into `file:line:column` references;
/// libyaml's 0-based marks are converted when the document is loaded.
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The line, starting at 1.
    public var line: Int
    /// The column, starting at 1, counted in characters (not bytes).
    public var column: Int

    /// Creates a mark from 1-based line and column numbers.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders marks by position in the text, so problems can be listed top to bottom.
    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `line:column`, the form used inside problem descriptions.
    public var description: String { "\(line):\(column)" }
}
