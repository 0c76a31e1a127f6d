import Foundation

/// The media type of a `Content-Type` field without its parameters, lower case: `application/json; charset=utf-8`
/// is `application/json`, and `application/jsonx` is not.
public enum RequestMediaType {
    public static func of(_ field: String?) -> String {
        // Byte by byte (every request with a body asks): the part before any `;`, without spaces or tabs around
        // it, in lower case (media types are ASCII).
        guard let field else { return "" }
        let bytes = field.utf8
        let end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes[..<end].firstIndex(where: { !blank($0) }) else { return "" }
        let last = bytes[first..<end].lastIndex(where: { !blank($0) })!
        return String(decoding: bytes[first...last].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether `field` names exactly `type` (parameters aside).
    public static func field(_ field: String?, is type: String) -> Bool {
        of(field) == type
    }
}
