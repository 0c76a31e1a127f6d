/// Encodes `Encodable` values as block-style YAML that ``YAMLDecoder`` reads back to the same value.
///
/// Mapping keys keep the order they were encoded in, sequences are written `- item`, empty collections as
/// `[]` and `{}`. Strings are written plain when that is unambiguous, as a `|` block when they span
/// lines, and double-quoted otherwise (`"yes"`, `"12"`, `""`, `"a: b"` …). Dates are ISO 8601 in UTC,
/// `Data` is base64, and `nil` is left out when encoded with `encodeIfPresent` (`null` otherwise).
public struct YAMLEncoder: Sendable {
    /// Passed to the encoded types through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates an encoder.
    public init() {}

    /// Returns the YAML text for `value`, ending with a newline.
    public func encode<T: Encodable>(_ value: T) throws -> String {
        let root = EncodedNode()
        try encodeValue(value, into: root, codingPath: [], userInfo: userInfo)
        var emitter = YAMLEmitter()
        emitter.emitDocument(root)
        return emitter.output
    }
}
