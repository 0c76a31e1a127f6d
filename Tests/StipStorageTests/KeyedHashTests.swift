import Crypto
import Foundation
import StipDomain
@testable import StipStorage
import Testing

@Suite("Keyed hashes and readable ids")
struct KeyedHashTests {
    let key = SymmetricKey(data: Array(0..<32) as [UInt8])

    /// The reference: HMAC-SHA256 with the key prepared for each message, as the stored hashes were made.
    func reference(_ text: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }

    @Test("a key prepared once gives the same MAC as HMAC-SHA256 each time, so stored hashes still match")
    func sameAsReference() {
        let hash = KeyedHash(key: key)
        for text in [
            "", "browser:stationsplein/variant-poll:0123456789abcdef", "code:t/a:ABCD-EFGH-JKL", String(repeating: "é", count: 200),
        ] {
            #expect(hash.hex(text) == reference(text))
            #expect(hash.hex(text) == reference(text), "a second use of the prepared key must not be changed by the first")
            #expect(hash.mac(text).count == 32)
            #expect(KeyedHash.hex(hash.mac(text)) == reference(text), "the MAC's bytes and its hex agree")
        }
        #expect(hash.hex("a") != hash.hex("b"))
        #expect(KeyedHash(key: SymmetricKey(size: .bits256)).hex("a") != hash.hex("a"))
    }

    @Test("the hex of the known RFC 4231 test case 2")
    func knownAnswer() {
        let hash = KeyedHash(key: SymmetricKey(data: Array("Jefe".utf8)))
        #expect(hash.hex("what do ya want for nothing?") == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test("readable ids have the prefix and ten characters without look-alikes, and do not repeat")
    func readableIDs() {
        let allowed = Set("abcdefghjkmnpqrstuvwxyz23456789")
        var seen: Set<String> = []
        for _ in 0..<20_000 {
            let id = ReadableID.make(prefix: "c-")
            #expect(id.hasPrefix("c-"))
            #expect(id.count == 12)
            #expect(id.dropFirst(2).allSatisfy(allowed.contains))
            seen.insert(id)
        }
        #expect(seen.count == 20_000)
        // Every character of the alphabet turns up, in every position.
        for position in 2..<12 {
            let used = Set(seen.map { Array($0)[position] })
            #expect(used == allowed, "position \(position) uses \(used.count) of 31 characters")
        }
    }
}
