// Writing `JSONValue` as compact or indented JSON text, object keys sorted so that the same value always
// gives the same bytes (stored documents, signatures, snapshot tests).

extension JSONValue {
    /// Compact JSON text with object keys sorted, as bytes.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, indent: nil, level: 0)
        return out
    }

    /// Compact JSON text with object keys sorted.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }

    /// JSON text for people: two-space indentation, object keys sorted, no trailing newline.
    public var prettyJSONText: String {
        var out: [UInt8] = []
        write(into: &out, indent: 2, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value (object keys sorted) to `out`.
    public func appendJSON(to out: inout [UInt8]) {
        write(into: &out, indent: nil, level: 0)
    }

    private func write(into out: inout [UInt8], indent: Int?, level: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): Self.writeInteger(value, into: &out)
        case .double(let value):
            // JSON has no infinities or NaN.
            out.append(contentsOf: (value.isFinite ? "\(value)" : "null").utf8)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, indent, level + 1)
                value.write(into: &out, indent: indent, level: level + 1)
            }
            if !values.isEmpty { Self.newline(&out, indent, level) }
            out.append(UInt8(ascii: "]"))
        case .object(let values):
            out.append(UInt8(ascii: "{"))
            if values.count == 1, let (key, value) = values.first {
                Self.newline(&out, indent, level + 1)
                Self.writeMember(key, value, into: &out, indent: indent, level: level + 1)
            } else {
                for (index, member) in values.sorted(by: { $0.key < $1.key }).enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    Self.newline(&out, indent, level + 1)
                    Self.writeMember(member.key, member.value, into: &out, indent: indent, level: level + 1)
                }
            }
            if !values.isEmpty { Self.newline(&out, indent, level) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func writeMember(_ key: String, _ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int) {
        writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
        if indent != nil { out.append(UInt8(ascii: " ")) }
        value.write(into: &out, indent: indent, level: level)
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    private static func writeInteger(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // At most 20 digits; written backwards into a small buffer, then appended in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Appends `string` as a JSON string literal to `out`.
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Most strings need no escapes: copy them whole.
            var clean = 0
            while clean < bytes.count, bytes[clean] >= 0x20, bytes[clean] != UInt8(ascii: "\""), bytes[clean] != UInt8(ascii: "\\") {
                clean += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<clean]))
            for byte in bytes[clean...] {
                switch byte {
                case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    out += [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                        hex[Int(byte & 0xF)],
                    ]
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
