import CYAML
import Foundation

/// An anchored node, with what an alias to it costs once expanded.
struct AnchoredNode {
    var node: YAMLNode
    /// Node count with all aliases inside expanded.
    var expandedSize: Int
    /// Nesting levels of collections inside, so an alias can be checked against the depth limit.
    var height: Int
}

/// Builds node trees from libyaml events, enforcing limits and collecting non-fatal problems.
struct TreeBuilder {
    let file: String?
    let limits: YAMLLimits
    private(set) var documents: [YAMLNode] = []
    private(set) var problems: [YAMLProblem] = []

    private var stack: [Frame] = []
    private var root: YAMLNode?
    private var anchors: [String: AnchoredNode] = [:]
    /// Nodes of the current document with every alias expanded, counted as events arrive.
    private var expandedCount = 0

    init(file: String?, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    /// A collection being built.
    private struct Frame {
        enum Entry {
            case pair(key: YAMLNode, value: YAMLNode)
            /// Mappings merged in by `<<`, earlier ones winning.
            case merge([[(key: YAMLNode, value: YAMLNode)]])
        }

        var isMapping: Bool
        var mark: YAMLMark
        var anchor: String?
        /// `expandedCount` before this node, so its own expanded size is the difference at the end.
        var countBefore: Int
        var childHeight = 0
        var items: [YAMLNode] = []
        var entries: [Entry] = []
        var pendingKey: YAMLNode?
        var pendingIsMerge = false
        var pendingIsDuplicate = false
        /// First position of each key, to report duplicates with both positions.
        var seenKeys: [String: YAMLMark] = [:]
    }

    mutating func handle(_ event: yaml_event_t) throws(YAMLError) {
        let mark = yamlMark(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            // Anchors are scoped to one document.
            anchors = [:]
            expandedCount = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            documents.append(root ?? .scalar("", style: .plain, tag: nil, mark: mark))
            root = nil
        case YAML_ALIAS_EVENT:
            let name = cString(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                throw fatal(.syntax, mark, "the alias *\(name) refers to no anchor; define &\(name) before using it")
            }
            try count(anchored.expandedSize, at: mark)
            guard stack.count + anchored.height <= limits.maxDepth else { throw tooDeep(mark) }
            attach(anchored.node, height: anchored.height)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let node = YAMLNode.scalar(value, style: Self.style(scalar.style), tag: cString(scalar.tag), mark: mark)
            try count(1, at: mark)
            if let anchor = cString(scalar.anchor) {
                anchors[anchor] = AnchoredNode(node: node, expandedSize: 1, height: 0)
            }
            attach(node, height: 0)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            guard stack.count < limits.maxDepth else { throw tooDeep(mark) }
            let anchor =
                isMapping ? cString(event.data.mapping_start.anchor) : cString(event.data.sequence_start.anchor)
            stack.append(Frame(isMapping: isMapping, mark: mark, anchor: anchor, countBefore: expandedCount))
            try count(1, at: mark)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            let frame = stack.removeLast()
            let node: YAMLNode =
                frame.isMapping
                ? .mapping(Self.resolveMerges(frame.entries), mark: frame.mark)
                : .sequence(frame.items, mark: frame.mark)
            let height = frame.childHeight + 1
            if let anchor = frame.anchor {
                anchors[anchor] = AnchoredNode(
                    node: node, expandedSize: expandedCount - frame.countBefore, height: height)
            }
            attach(node, height: height)
        default:
            break  // stream start: nothing to do
        }
    }

    /// Adds a finished node to the collection being built (as item, key or value), or makes it the root.
    private mutating func attach(_ node: YAMLNode, height: Int) {
        guard var frame = stack.popLast() else {
            root = node
            return
        }
        defer { stack.append(frame) }
        frame.childHeight = max(frame.childHeight, height)
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        guard let key = frame.pendingKey else {
            frame.pendingKey = node
            frame.pendingIsMerge = Self.isMergeKey(node)
            frame.pendingIsDuplicate = false
            if !frame.pendingIsMerge, let text = node.scalarValue {
                if let first = frame.seenKeys[text] {
                    frame.pendingIsDuplicate = true
                    problems.append(
                        YAMLProblem(
                            kind: .duplicateKey, file: file, mark: node.mark,
                            path: renderPath(currentPath() + [.key(text)]),
                            message: "duplicate key \"\(text)\": it is already defined at line \(first.line), "
                                + "column \(first.column); remove one of the two (the first one is used)"
                        ))
                } else {
                    frame.seenKeys[text] = node.mark
                }
            }
            return
        }
        frame.pendingKey = nil
        if frame.pendingIsMerge {
            if let sources = mergeSources(node, keyMark: key.mark) { frame.entries.append(.merge(sources)) }
        } else if !frame.pendingIsDuplicate {
            frame.entries.append(.pair(key: key, value: node))
        }
    }

    /// The mappings a `<<` value merges in, or `nil` (with a problem recorded) when it is not mergeable.
    private mutating func mergeSources(_ value: YAMLNode, keyMark: YAMLMark) -> [[(key: YAMLNode, value: YAMLNode)]]? {
        switch value {
        case .mapping(let pairs, _):
            return [pairs]
        case .sequence(let items, _):
            var sources: [[(key: YAMLNode, value: YAMLNode)]] = []
            for item in items {
                guard case .mapping(let pairs, _) = item else { return badMerge(item.mark) }
                sources.append(pairs)
            }
            return sources
        case .scalar:
            return badMerge(value.mark)
        }
    }

    private mutating func badMerge(_ mark: YAMLMark) -> [[(key: YAMLNode, value: YAMLNode)]]? {
        problems.append(
            YAMLProblem(
                kind: .invalidValue, file: file, mark: mark, path: renderPath(currentPath()),
                message: "the merge key \"<<\" needs a mapping or a list of mappings, such as <<: *defaults"
            ))
        return nil
    }

    /// Flattens explicit pairs and merged mappings: explicit keys win over merged ones, earlier merged
    /// mappings over later ones; merged pairs take the place of their `<<` key.
    private static func resolveMerges(_ entries: [Frame.Entry]) -> [(key: YAMLNode, value: YAMLNode)] {
        var taken = Set<String>()
        for case .pair(let key, _) in entries {
            if let text = key.scalarValue { taken.insert(text) }
        }
        var result: [(key: YAMLNode, value: YAMLNode)] = []
        for entry in entries {
            switch entry {
            case .pair(let key, let value):
                result.append((key, value))
            case .merge(let sources):
                for pair in sources.joined() {
                    if let text = pair.key.scalarValue {
                        guard !taken.contains(text) else { continue }
                        taken.insert(text)
                    }
                    result.append(pair)
                }
            }
        }
        return result
    }

    private static func isMergeKey(_ node: YAMLNode) -> Bool {
        guard case .scalar("<<", .plain, let tag, _) = node else { return false }
        return tag == nil || tag == "tag:yaml.org,2002:merge"
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLNode.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    /// Where the builder currently is, for problem paths.
    private func currentPath() -> [YAMLNode.PathComponent] {
        stack.compactMap { frame in
            if !frame.isMapping { return .index(frame.items.count) }
            return frame.pendingKey.map { .key($0.scalarValue ?? "?") }
        }
    }

    private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        expandedCount += nodes
        guard expandedCount <= limits.maxExpandedNodes else {
            throw fatal(
                .tooLarge, mark,
                "the document expands to more than \(limits.maxExpandedNodes) nodes once its aliases (*name) are "
                    + "expanded; reduce the aliases or split the document"
            )
        }
    }

    private func tooDeep(_ mark: YAMLMark) -> YAMLError {
        fatal(.tooDeep, mark, "the document nests more than \(limits.maxDepth) levels deep; flatten this structure")
    }

    /// A stopping problem, reported together with the problems collected so far.
    private func fatal(_ kind: YAMLProblem.Kind, _ mark: YAMLMark?, _ message: String) -> YAMLError {
        YAMLError(
            problems: problems + [
                YAMLProblem(kind: kind, file: file, mark: mark, path: renderPath(currentPath()), message: message)
            ]
        )
    }

    /// Describes a libyaml parse failure in the user's terms, at libyaml's problem position, with a hint
    /// for the usual causes (indentation, tabs, an unquoted `: ` in a value).
    func syntaxProblem(from parser: yaml_parser_t, text: String) -> YAMLProblem {
        var message = cString(parser.problem) ?? "the text is not valid YAML"
        var mark: YAMLMark? = yamlMark(parser.problem_mark)
        switch parser.error {
        case YAML_MEMORY_ERROR:
            message = "out of memory while reading the YAML"
            mark = nil
        case YAML_READER_ERROR:
            // Encoding problems have a byte offset, not a line and column.
            message += " at byte offset \(parser.problem_offset); the file must be UTF-8 text"
            mark = nil
        default:
            if cString(parser.context) == "while scanning a block scalar",
                let hint = Self.unquotedComparison(in: text, at: yamlMark(parser.context_mark))
            {
                return YAMLProblem(
                    kind: .syntax, file: file, mark: yamlMark(parser.context_mark), path: renderPath(currentPath()), message: hint)
            }
            if let context = cString(parser.context), context != "while scanning for the next token" {
                let contextMark = yamlMark(parser.context_mark)
                message += " (\(context) that starts at line \(contextMark.line), column \(contextMark.column))"
            }
            if let mark, Self.character(in: text, at: mark) == "\t" {
                message += "; tabs cannot indent YAML, use spaces"
            } else if message.hasPrefix("mapping values are not allowed") {
                message += "; if the value contains \": \", put it in quotes, otherwise check the indentation"
            } else if ["expected key", "expected ':'", "expected <block end>", "expected '-'"].contains(
                where: message.contains)
            {
                message += "; check the indentation of this line and the lines above it"
            }
        }
        return YAMLProblem(kind: .syntax, file: file, mark: mark, path: renderPath(currentPath()), message: message)
    }

    /// `target: >= 150` unquoted: YAML reads `>` (and `|`) as the start of folded text, and libyaml's complaint
    /// about the block scalar's header says nothing a consultant recognises. A value such as `>= 150` or `> 0.5`
    /// after the indicator is a comparison meant as text.
    static func unquotedComparison(in text: String, at mark: YAMLMark) -> String? {
        let lines = text.split(separator: "\n", maxSplits: mark.line, omittingEmptySubsequences: false)
        guard mark.line <= lines.count else { return nil }
        var value = String(lines[mark.line - 1].dropFirst(mark.column - 1))
        if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
        value = value.trimmingCharacters(in: .whitespaces)
        guard let first = value.first, first == ">" || first == "|", value.count > 1,
            value.dropFirst().contains(where: { $0 == "=" || $0.isNumber })
        else { return nil }
        let quoted = "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return "\(value) is read as the start of folded text, because a plain value cannot start with \(first) in YAML; "
            + "quote it: `\(quoted)`"
    }

    /// The character at a 1-based mark, if there is one.
    private static func character(in text: String, at mark: YAMLMark) -> Character? {
        let lines = text.split(separator: "\n", maxSplits: mark.line, omittingEmptySubsequences: false)
        guard mark.line <= lines.count else { return nil }
        return lines[mark.line - 1].dropFirst(mark.column - 1).first
    }
}

private func cString(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
}
