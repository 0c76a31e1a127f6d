// A small, fast JSON reader for `JSONValue`. Plugin messages are read on every call, resident responses on
// every submission; Foundation's reader costs several times more per message and says less about mistakes.

extension JSONValue {
    /// Parses JSON text (RFC 8259): exactly one value, UTF-8, at most 512 levels deep.
    /// - Throws: ``JSONSyntaxError`` saying what is wrong, with line and column.
    public static func parse(bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        // Arrays and slices of them are read in place; other collections are copied first.
        let parsed =
            bytes.withContiguousStorageIfAvailable { parse(buffer: $0) } ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0) }
        return try parsed.get()
    }

    /// Parses JSON text held in a `String`.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    private static func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONSyntaxError> {
        var reader = JSONReader(bytes: buffer)
        do throws(JSONSyntaxError) {
            reader.skipWhitespace()
            guard reader.index < buffer.count else {
                throw reader.error(
                    buffer.isEmpty ? "the text is empty; send a JSON value" : "the text holds only white space; send a JSON value")
            }
            let value = try reader.readValue(depth: 0)
            reader.skipWhitespace()
            guard reader.index == buffer.count else {
                throw reader.error("unexpected text after the JSON value; send exactly one value")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// Reads one value from UTF-8 bytes.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    static let maxDepth = 512

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// An error at the current position, with line and column counted now (only errors pay for it).
    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[0..<offset] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Continuation bytes belong to the character before them.
                column += 1
            }
        }
        return JSONSyntaxError(offset: offset, line: line, column: column, message: message)
    }

    private var endOfText: JSONSyntaxError { error("the JSON ends too early: a value or a closing bracket is missing") }

    mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    mutating func readValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth < Self.maxDepth else { throw error("the JSON is nested deeper than \(Self.maxDepth) levels") }
        guard index < bytes.count else { throw endOfText }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        case UInt8(ascii: "'"): throw error("strings are written in double quotes (\"…\"), not single quotes")
        default:
            throw error(
                "unexpected \(describeCharacter()) where a value should start; a value is an object, list, string, number, true, false or null"
            )
        }
    }

    /// The character at the current position, quoted, for messages.
    func describeCharacter() -> String {
        guard index < bytes.count else { return "end of text" }
        let byte = bytes[index]
        if byte < 0x20 { return "control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(to: 4))" }
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80, end - index < 4 { end += 1 }
        if let text = String(validating: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self) { return "'\(text)'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        for offset in 0..<count where index + offset >= bytes.count || bytes[index + offset] != word.utf8Start[offset] {
            var end = index
            while end < bytes.count, end - index < 12, (0x61...0x7A).contains(bytes[end]) || (0x41...0x5A).contains(bytes[end]) { end += 1 }
            let found = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<max(end, index + 1)]), as: UTF8.self)
            throw error("\"\(found)\" is not a JSON value; write true, false or null, or put text in double quotes")
        }
        index += count
    }

    mutating func readObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        // Room for a few members from the start: growing from empty rehashes every member at each doubling.
        var values = [String: JSONValue](minimumCapacity: 4)
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(values)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw endOfText }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(describeCharacter())")
            }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count else { throw endOfText }
            guard bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after the member name \"\(key)\"") }
            index += 1
            skipWhitespace()
            values[key] = try readValue(depth: depth + 1)
            if try reachedEnd(closing: UInt8(ascii: "}"), after: "a member") { return .object(values) }
        }
    }

    mutating func readArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(values)
        }
        while true {
            skipWhitespace()
            values.append(try readValue(depth: depth + 1))
            if try reachedEnd(closing: UInt8(ascii: "]"), after: "a list element") { return .array(values) }
        }
    }

    /// After a member or element: `true` at the closing bracket (consumed), `false` after a comma (consumed).
    private mutating func reachedEnd(closing: UInt8, after what: String) throws(JSONSyntaxError) -> Bool {
        let bracket = Character(Unicode.Scalar(closing))
        skipWhitespace()
        guard index < bytes.count else { throw endOfText }
        if bytes[index] == UInt8(ascii: ",") {
            let comma = index
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == closing { throw error("a comma before '\(bracket)': remove it", at: comma) }
            return false
        }
        if bytes[index] == closing {
            index += 1
            return true
        }
        throw error("expected ',' or '\(bracket)' after \(what), found \(describeCharacter())")
    }

    /// The text of `bytes` if they are valid UTF-8. Decoding repairs what is not valid by putting U+FFFD in
    /// place of each broken sequence, which always changes the bytes (a broken sequence is never the three
    /// bytes of U+FFFD itself), so the text is valid exactly when its bytes are the ones given. This is the
    /// specialised path; `String(validating:)` takes a generic one that costs several times more.
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }

    mutating func readString() throws(JSONSyntaxError) -> String {
        let opening = index
        index += 1
        let start = index
        // Fast path: no escapes.
        var highBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<index])
                // ASCII is valid UTF-8: `String(decoding:)` is the specialised fast path, while
                // `String(validating:)` goes through a generic one that costs more than the rest of the read.
                if highBits < 0x80 {
                    index += 1
                    return String(decoding: content, as: UTF8.self)
                }
                guard let text = Self.validUTF8(content) else {
                    throw error("the string is not valid UTF-8; send the text as UTF-8", at: invalidUTF8Offset(start, index))
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            index += 1
        }
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = out.withUnsafeBufferPointer(Self.validUTF8) else {
                    throw error("the string is not valid UTF-8; send the text as UTF-8", at: opening)
                }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                let escapeStart = index
                index += 1
                guard index < bytes.count else { throw error("the text ends inside a string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xDC00..<0xE000).contains(scalar) {
                        throw error(
                            "a lone UTF-16 low surrogate (\\u\(String(scalar, radix: 16))); a character outside the BMP needs both halves",
                            at: escapeStart)
                    }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error(
                                "a lone UTF-16 high surrogate (\\u\(String(scalar, radix: 16))); a character outside the BMP needs both halves",
                                at: escapeStart)
                        }
                        index += 2
                        let low = try readHex4()
                        guard (0xDC00..<0xE000).contains(low) else {
                            throw error("a UTF-16 high surrogate not followed by a low one", at: escapeStart)
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("\\u escape is not a character", at: escapeStart) }
                    out += Array(String(Character(unicode)).utf8)
                default:
                    throw error(
                        "unknown escape \\\(Character(Unicode.Scalar(escape))); use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX",
                        at: escapeStart)
                }
            case 0..<0x20:
                throw error("a control character inside a string; write a line break as \\n and a tab as \\t")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw error("the text ends inside a string that starts here; close it with \"", at: opening)
    }

    /// Where the first invalid UTF-8 sequence in `start..<end` begins.
    private func invalidUTF8Offset(_ start: Int, _ end: Int) -> Int {
        var position = start
        while position < end {
            var length = 1
            while length <= 4, position + length <= end {
                if String(validating: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self) != nil { break }
                length += 1
            }
            if length > 4 || position + length > end { return position }
            position += length
        }
        return start
    }

    mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("the text ends inside a \\u escape") }
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func isDigit(_ position: Int) -> Bool {
        position < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
    }

    mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error("expected a digit after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("a number does not start with 0 followed by digits", at: start) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(index) else { throw error("expected a digit after the decimal point") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("expected the digits of an exponent") }
            while isDigit(index) { index += 1 }
        }
        if isInteger, index - start <= 18 {
            // Up to 18 characters: fits an Int64 whatever the digits.
            var position = start
            let negative = bytes[position] == UInt8(ascii: "-")
            if negative { position += 1 }
            var value: Int64 = 0
            while position < index {
                value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
                position += 1
            }
            return .int(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text.prefix(40)) is out of range", at: start)
        }
        return .double(value)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
