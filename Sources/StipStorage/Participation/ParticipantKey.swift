import Crypto
import Foundation
import GRDB

/// Keyed hashes of participant ids (HMAC-SHA256 with the workspace's own key).
///
/// The hash outlives an erased participant, so one-response rules still hold for them, while the id
/// itself cannot be read back from it without the key, which never leaves the workspace's database.
enum ParticipantKey {
    static func key(_ db: Database) throws -> SymmetricKey {
        guard let text = try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'hash_key'"),
            let data = Data(base64Encoded: text)
        else { throw StorageError(.workspaceUnavailable, "the workspace database has no hash key; restore it from a backup") }
        return SymmetricKey(data: data)
    }

    static func hash(_ participantID: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(participantID.utf8), using: key)
        // Hex by hand: String(format:) per byte showed up in profiles of busy polls.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in mac {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Short random identifiers that people can read out: no look-alike characters.
enum ReadableID {
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    static func make(prefix: String, length: Int = 10) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
