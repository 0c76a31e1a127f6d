import CYAML

/// Turns YAML text into ``YAMLNode`` trees with libyaml's event parser.
///
/// Events (rather than libyaml's document loader) keep every node's position and let the loader resolve
/// anchors itself: an alias shares the anchored node, and its expanded size is added up as it goes, so an
/// alias bomb is refused long before anything is expanded.
public enum YAMLLoader {
    /// Loads every document of a stream (documents are separated by `---`).
    ///
    /// An empty stream gives no documents; a document with no content (`---` alone) gives an empty plain
    /// scalar. Duplicate keys and malformed merge keys are reported together after the whole stream is read.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file name to put into problems, as the user should see it.
    ///   - limits: Bounds on depth, expanded size and input size.
    public static func load(_ text: String, file: String? = nil, limits: YAMLLimits = .init()) throws(YAMLError)
        -> [YAMLNode]
    {
        let loaded = try loadCollectingProblems(text, file: file, limits: limits)
        guard loaded.problems.isEmpty else { throw YAMLError(problems: loaded.problems) }
        return loaded.documents
    }

    /// Loads a stream, returning the problems that do not stop loading (duplicate keys, bad merges)
    /// alongside the documents, so a decoder can report them together with its own findings.
    static func loadCollectingProblems(_ text: String, file: String?, limits: YAMLLimits) throws(YAMLError)
        -> (documents: [YAMLNode], problems: [YAMLProblem])
    {
        let byteCount = text.utf8.count
        guard byteCount <= limits.maxDocumentBytes else {
            throw YAMLError(problems: [
                YAMLProblem(
                    kind: .tooLarge, file: file,
                    message: "the input is \(byteCount) bytes, more than the limit of \(limits.maxDocumentBytes) bytes"
                )
            ])
        }
        guard byteCount > 0 else { return ([], []) }

        // libyaml reads from the buffer while parsing, so it must outlive the parser; a manual
        // allocation avoids a throwing closure, which would lose the typed error.
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: byteCount)
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: text.utf8)

        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(problems: [YAMLProblem(kind: .syntax, file: file, message: "libyaml could not start")])
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, byteCount)

        var builder = TreeBuilder(file: file, limits: limits)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw YAMLError(problems: builder.problems + [builder.syntaxProblem(from: parser, text: text)])
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { break }
            try builder.handle(event)
        }
        return (builder.documents, builder.problems)
    }
}

/// Converts a libyaml 0-based mark into a 1-based one.
func yamlMark(_ mark: yaml_mark_t) -> YAMLMark {
    YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
}

/// Reads a libyaml NUL-terminated string (anchor, tag) if present.
func cString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: UnsafePointer($0)) }
}
