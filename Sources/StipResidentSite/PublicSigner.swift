public import Crypto
public import Foundation
import StipDomain

/// Signs what the resident pages hand to browsers: the browser cookie and the form tokens (CSRF).
/// The key lives in the data directory so that cookies stay valid across restarts.
public struct PublicSigner: Sendable {
    let hash: KeyedHash

    public init(key: SymmetricKey) {
        hash = KeyedHash(key: key)
    }

    /// Reads the key file, creating it (32 random bytes, mode 0600) when absent.
    public static func loadOrCreate(at url: URL) throws -> PublicSigner {
        if let data = FileManager.default.contents(atPath: url.path), data.count == 32 {
            return PublicSigner(key: SymmetricKey(data: data))
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        return PublicSigner(key: key)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The MAC of `text`, base64url without padding (RFC 4648 §5), written by hand because it sits on the hot path.
    func mac(_ text: String) -> String {
        let code = hash.mac(text)
        let alphabet = Self.base64URLAlphabet
        var out: [UInt8] = []
        out.reserveCapacity(43)
        var index = 0
        while index < code.count {
            let b0 = UInt32(code[index])
            let b1 = index + 1 < code.count ? UInt32(code[index + 1]) : 0
            let b2 = index + 2 < code.count ? UInt32(code[index + 2]) : 0
            let group = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            if index + 1 < code.count { out.append(alphabet[Int(group >> 6 & 63)]) }
            if index + 2 < code.count { out.append(alphabet[Int(group & 63)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A new browser id with its signature: the cookie value (public for load generators).
    public func newBrowserCookie() -> (id: String, value: String) {
        // 128 random bits drawn in two calls (not one system call per digit), written as 32 hex digits.
        var generator = SystemRandomNumberGenerator()
        let words = [generator.next(), generator.next()] as [UInt64]
        let id = KeyedHash.hex(words.withUnsafeBytes { Array($0) })
        return (id, "\(id).\(mac("browser:\(id)"))")
    }

    /// The browser id in a cookie value, when its signature holds.
    func browserID(fromCookie value: String) -> String? {
        // Bytes, not Characters: every response checks one.
        guard let dot = value.utf8.firstIndex(of: UInt8(ascii: ".")), value.utf8.distance(from: value.utf8.startIndex, to: dot) == 32
        else { return nil }
        let id = String(value[..<dot])
        let signature = String(value[value.utf8.index(after: dot)...])
        guard constantTimeEqual(mac("browser:\(id)"), signature) else { return nil }
        return id
    }

    /// The form token of one browser for one form (double-submit bound to the signed cookie).
    func formToken(browser: String, path: String) -> String {
        mac("form:\(browser):\(path)")
    }

    func checkFormToken(_ token: String, browser: String, path: String) -> Bool {
        constantTimeEqual(formToken(browser: browser, path: path), token)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
