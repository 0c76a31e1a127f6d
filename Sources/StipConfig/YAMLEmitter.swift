/// Writes an ``EncodedNode`` tree as block-style YAML with 2-space indentation.
struct YAMLEmitter {
    private(set) var output = ""

    /// A scalar as written: on the current line, or as a literal block of lines below it.
    private enum Rendered {
        case inline(String)
        case block(header: String, lines: [String], trailingEmptyLines: Int)
    }

    mutating func emitDocument(_ node: EncodedNode) {
        switch node.kind {
        case .mapping where !node.keys.isEmpty:
            emitMapping(node, indent: 0, firstOnCurrentLine: false)
        case .sequence where !node.items.isEmpty:
            emitSequence(node, indent: 0, firstOnCurrentLine: false)
        default:
            emitScalarLike(node, indent: 0, separator: "")
        }
    }

    private mutating func emitMapping(_ node: EncodedNode, indent: Int, firstOnCurrentLine: Bool) {
        for (offset, key) in node.keys.enumerated() {
            if offset > 0 || !firstOnCurrentLine { output += String(repeating: " ", count: indent) }
            output += Self.renderKey(key) + ":"
            if let value = node.values[key] { emitValue(value, indent: indent, afterDash: false) }
        }
    }

    private mutating func emitSequence(_ node: EncodedNode, indent: Int, firstOnCurrentLine: Bool) {
        for (offset, item) in node.items.enumerated() {
            if offset > 0 || !firstOnCurrentLine { output += String(repeating: " ", count: indent) }
            output += "- "
            emitValue(item, indent: indent, afterDash: true)
        }
    }

    /// Writes the value that follows `key:` or `- ` on the current line. After a dash, a collection starts
    /// on the dash line (`- id: reach`); after a key, it starts on the next line, indented.
    private mutating func emitValue(_ node: EncodedNode, indent: Int, afterDash: Bool) {
        switch node.kind {
        case .mapping where !node.keys.isEmpty:
            if !afterDash { output += "\n" }
            emitMapping(node, indent: indent + 2, firstOnCurrentLine: afterDash)
        case .sequence where !node.items.isEmpty:
            if !afterDash { output += "\n" }
            emitSequence(node, indent: indent + 2, firstOnCurrentLine: afterDash)
        default:
            emitScalarLike(node, indent: indent + 2, separator: afterDash ? "" : " ")
        }
    }

    /// Writes a scalar or an empty collection, then ends the line; block lines are indented by `indent`.
    private mutating func emitScalarLike(_ node: EncodedNode, indent: Int, separator: String) {
        let rendered: Rendered
        switch node.kind {
        case .unset, .mapping: rendered = .inline("{}")
        case .sequence: rendered = .inline("[]")
        case .scalar:
            switch node.scalar {
            case .null: rendered = .inline("null")
            case .bool(let value): rendered = .inline(value ? "true" : "false")
            case .number(let text): rendered = .inline(text)
            case .string(let text): rendered = Self.render(text)
            }
        }
        switch rendered {
        case .inline(let text):
            output += separator + text + "\n"
        case .block(let header, let lines, let trailingEmptyLines):
            output += separator + header + "\n"
            let padding = String(repeating: " ", count: indent)
            for line in lines { output += line.isEmpty ? "\n" : padding + line + "\n" }
            output += String(repeating: "\n", count: trailingEmptyLines)
        }
    }

    // MARK: Strings

    private static func renderKey(_ key: String) -> String {
        Scalars.needsQuotes(key) ? doubleQuoted(key) : key
    }

    /// Plain when it reads back as the same string, a literal block for clean multi-line text,
    /// double-quoted otherwise.
    private static func render(_ text: String) -> Rendered {
        if !text.utf8.contains(UInt8(ascii: "\n")) {
            return .inline(Scalars.needsQuotes(text) ? doubleQuoted(text) : text)
        }
        return literalBlock(text) ?? .inline(doubleQuoted(text))
    }

    /// A `|` block, or `nil` when the text cannot survive one unchanged (or would be fragile in an editor:
    /// trailing spaces are often stripped).
    private static func literalBlock(_ text: String) -> Rendered? {
        var content = Substring(text)
        var trailingNewlines = 0
        while content.last == "\n" {
            content = content.dropLast()
            trailingNewlines += 1
        }
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false)
        // Block indentation is taken from the first line, so it must start with visible text.
        guard let first = lines.first, let firstCharacter = first.first, firstCharacter != " ", firstCharacter != "\t"
        else { return nil }
        for line in lines {
            if line.last == " " || line.last == "\t" { return nil }
            if line.unicodeScalars.contains(where: { $0 != "\t" && Scalars.needsEscape($0) }) { return nil }
        }
        let header = trailingNewlines == 0 ? "|-" : trailingNewlines == 1 ? "|" : "|+"
        return .block(header: header, lines: lines.map(String.init), trailingEmptyLines: max(0, trailingNewlines - 1))
    }

    private static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            case "\u{85}": result += "\\N"
            case "\u{2028}": result += "\\L"
            case "\u{2029}": result += "\\P"
            default:
                if Scalars.needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result +=
                        scalar.value <= 0xFF
                        ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
