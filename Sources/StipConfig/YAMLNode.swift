/// One node of a loaded YAML document: a scalar, a sequence or a mapping, each with its position.
///
/// Aliases (`*name`) are resolved while loading: they refer to the very node that carries the anchor
/// (the storage is shared, not copied), so the node graph of a document full of aliases stays small.
/// Merge keys (`<<`) are resolved too: a mapping already contains the merged pairs.
public indirect enum YAMLNode: Sendable {
    /// A scalar exactly as written (no type resolution yet — that depends on the type requested later).
    case scalar(String, style: ScalarStyle, tag: String?, mark: YAMLMark)
    /// A sequence (`- item` or `[a, b]`).
    case sequence([YAMLNode], mark: YAMLMark)
    /// A mapping, with its pairs in the order they were written.
    case mapping([(key: YAMLNode, value: YAMLNode)], mark: YAMLMark)

    /// How a scalar was written. Quoted scalars never resolve to `null`, booleans or numbers.
    public enum ScalarStyle: String, Sendable, Hashable {
        /// Unquoted text.
        case plain
        /// `'text'`
        case singleQuoted
        /// `"text"`
        case doubleQuoted
        /// `|` block.
        case literal
        /// `>` block.
        case folded
    }

    /// Where the node starts in the text (for a quoted scalar: the opening quote).
    public var mark: YAMLMark {
        switch self {
        case .scalar(_, _, _, let mark), .sequence(_, let mark), .mapping(_, let mark):
            return mark
        }
    }

    /// The text of a scalar node, or `nil` for collections.
    public var scalarValue: String? {
        if case .scalar(let value, _, _, _) = self { return value }
        return nil
    }

    /// A short, user-facing description of the node's kind, used in "found …" messages.
    var kindDescription: String {
        switch self {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .scalar(let text, let style, _, _):
            if isNull { return "null (an empty value)" }
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return style == .plain ? "\"\(shown)\"" : "the quoted string \"\(shown)\""
        }
    }
}
