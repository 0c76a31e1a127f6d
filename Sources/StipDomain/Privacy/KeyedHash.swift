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
        var hmac = prepared
        var text = text
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return Array(hmac.finalize())
    }

    /// The MAC as 64 lowercase hex digits.
    public func hex(_ text: String) -> String {
        Self.hex(mac(text))
    }

    /// `bytes` as lowercase hex digits (written by hand: `String(format:)` per byte showed in profiles).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        digits.withUTF8Buffer { digits in
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
