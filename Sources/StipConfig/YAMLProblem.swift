/// One thing wrong with a YAML document, positioned so a person can find and fix it.
public struct YAMLProblem: Sendable, Hashable, CustomStringConvertible {
    /// What sort of problem this is; stable strings for logs and API responses.
    public enum Kind: String, Sendable, Hashable {
        /// The text is not valid YAML (reported by libyaml), or an alias names no anchor.
        case syntax
        /// A mapping key the target type does not know.
        case unknownKey = "unknown_key"
        /// A value of the wrong shape or type, e.g. text where a number is expected.
        case typeMismatch = "type_mismatch"
        /// A required key is absent.
        case missingKey = "missing_key"
        /// The same key appears twice in one mapping.
        case duplicateKey = "duplicate_key"
        /// A value of the right type that is still not acceptable (validation, unknown enum case, …).
        case invalidValue = "invalid_value"
        /// Nesting deeper than ``YAMLLimits/maxDepth``.
        case tooDeep = "too_deep"
        /// Input or alias expansion larger than the ``YAMLLimits``.
        case tooLarge = "too_large"
    }

    /// What sort of problem this is.
    public var kind: Kind
    /// The file name exactly as the caller gave it, if any.
    public var file: String?
    /// Where in the text the problem is, if it can be tied to a position.
    public var mark: YAMLMark?
    /// Where in the document's structure: `admin.socket_mode`, `goals[2].target`, `""` for the root.
    public var path: String
    /// What is wrong and what to do about it.
    public var message: String

    /// Creates a problem.
    public init(kind: Kind, file: String? = nil, mark: YAMLMark? = nil, path: String = "", message: String) {
        self.kind = kind
        self.file = file
        self.mark = mark
        self.path = path
        self.message = message
    }

    /// `file:line:column: path: message`, leaving out whatever is unknown — the form compilers use,
    /// so editors and terminals can jump to the position.
    public var description: String {
        var location = file ?? ""
        if let mark {
            location += location.isEmpty ? "\(mark)" : ":\(mark)"
        }
        return [location, path, message].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}

/// Everything wrong with a document: all unknown keys, duplicates and validation issues found, plus the
/// first hard error (if any) that stopped decoding.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order they appear in the text.
    public var problems: [YAMLProblem]

    /// Creates an error from problems; they are sorted by position (problems without one come first).
    public init(problems: [YAMLProblem]) {
        self.problems = problems.enumerated().sorted { lhs, rhs in
            switch (lhs.element.mark, rhs.element.mark) {
            case (nil, nil): return lhs.offset < rhs.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let left?, let right?): return left == right ? lhs.offset < rhs.offset : left < right
            }
        }.map(\.element)
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
