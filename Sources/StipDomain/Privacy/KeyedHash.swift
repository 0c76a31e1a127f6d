public import Crypto

/// HMAC-SHA256 under one key: how Stip pseudonymises (participants, browsers and codes are kept only as keyed
/// hashes) and signs what it hands to browsers. The key's inner and outer pads are hashed once: a busy poll computes one
/// for every cookie it checks and every response it stores, and preparing the key each time showed in profiles.
public struct KeyedHash: Sendable {
    private let prepared: HMAC<SHA256>

    public init(key: SymmetricKey) {
        prepared = HMAC<SHA256>(key: key)
    }

    /// The 32 bytes of the MAC of `text`'s UTF-8.
    public func mac(_ text: String) -> [UInt8] {
        digest(text) { Array($0) }
    }

    /// The MAC as 64 lowercase hex digits, straight from the digest's bytes (through an array and a generic
    /// sequence it cost twice the HMAC itself, and this runs several times for every resident's response).
    public func hex(_ text: String) -> String {
        digest(text, Self.hex(bytes:))
    }

    /// Hands the MAC of `text`'s UTF-8 to `body` as bytes.
    private func digest<Result>(_ text: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var hmac = prepared
        var text = text
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return hmac.finalize().withUnsafeBytes(body)
    }

    /// `bytes` as lowercase hex digits (written by hand: `String(format:)` per byte showed in profiles).
    public static func hex(bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            digits.withUTF8Buffer { digits in
                for (index, byte) in bytes.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
            }
            return bytes.count * 2
        }
    }

    /// `bytes` as lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        Array(bytes).withUnsafeBytes(hex(bytes:))
    }
}
