/// A type that checks its own values after decoding and reports problems at key paths.
///
/// The decoder calls ``validate()`` on every decoded value that conforms (the root and nested values) and
/// turns each issue into an `.invalidValue` ``YAMLProblem`` positioned at the node the issue's path names,
/// relative to where the value sits — so `socket_mode: "0999"` is reported at its own line and column.
/// Validation problems do not stop decoding; they are reported together with everything else.
public protocol YAMLValidatable {
    /// The problems with this value; empty when it is acceptable.
    func validate() -> [YAMLValidationIssue]
}

/// One problem found by ``YAMLValidatable/validate()``.
public struct YAMLValidationIssue: Sendable, Hashable {
    /// Where the problem is, relative to the validated value: `["socket_mode"]`, `["goals", 2, "target"]`,
    /// `[]` for the value itself. If the path does not exist in the document (an absent optional key), the
    /// problem is positioned at the deepest node that does.
    public var path: [YAMLNode.PathComponent]
    /// What is wrong and what to do, e.g. `"0999 is not an octal file mode; use something like 0660"`.
    public var message: String

    /// Creates an issue.
    public init(path: [YAMLNode.PathComponent], message: String) {
        self.path = path
        self.message = message
    }
}
