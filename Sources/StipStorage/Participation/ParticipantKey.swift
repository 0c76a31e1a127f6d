import StipDomain
import Crypto
import Foundation
import GRDB

/// Keyed hashes of participant ids (HMAC-SHA256 with the workspace's own key).
///
/// The hash outlives an erased participant, so one-response rules still hold for them, while the id
/// itself cannot be read back from it without the key, which never leaves the workspace's database.
enum ParticipantKey {
    static func key(_ db: Database) throws -> KeyedHash {
        // Prepared once per connection: every batch of public responses reads it.
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM workspace_info WHERE key = 'hash_key'")),
            let data = Data(base64Encoded: text)
        else { throw StorageError(.workspaceUnavailable, "the workspace database has no hash key; restore it from a backup") }
        return KeyedHash(key: SymmetricKey(data: data))
    }

    static func hash(_ participantID: String, key: KeyedHash) -> String {
        key.hex(participantID)
    }
}

/// Short random identifiers that people can read out: no look-alike characters.
enum ReadableID {
    private static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789".utf8)

    /// `prefix` and `length` (at most 12) characters. One random draw gives all of them — a system call per
    /// character showed in profiles of busy polls.
    static func make(prefix: String, length: Int = 10) -> String {
        precondition(length <= 12, "31^12 is the most one UInt64 holds")
        let base = UInt64(alphabet.count)
        var bound: UInt64 = 1
        for _ in 0..<length { bound *= base }
        var generator = SystemRandomNumberGenerator()
        var value = UInt64.random(in: 0..<bound, using: &generator)
        var characters = Array(prefix.utf8)
        for _ in 0..<length {
            characters.append(alphabet[Int(value % base)])
            value /= base
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
