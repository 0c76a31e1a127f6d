import Foundation
import GRDB
@testable import StipStorage
import Testing

/// A full disk is something an operator can act on, not an internal error (found by `make drills`: residents got a 500).
@Suite("a full disk")
struct DiskFullTests {
    @Test("SQLite's SQLITE_FULL is recognised as storage_full with what to do; other errors are not")
    func recognised() throws {
        let temp = try TemporaryDirectory()
        let queue = try DatabaseQueue(path: temp.url.appending(path: "small.sqlite").path)
        // A database that may not grow past a few pages fails exactly as a full disk does.
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (x BLOB)")
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = 8")
        }
        var caught: (any Error)?
        do {
            try queue.write { db in
                for _ in 0..<64 { try db.execute(sql: "INSERT INTO t VALUES (zeroblob(4096))") }
            }
        } catch {
            caught = error
        }
        let error = try #require(caught, "the small database never filled up")
        let storage = try #require(StorageError(recognizing: error), "\(error)")
        #expect(storage.code == .storageFull)
        #expect(storage.message.contains("disk of the data directory is full") && storage.message.contains("free space"))
        #expect(try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM t") } == 0, "the transaction was rolled back whole")
        #expect(StorageError(recognizing: DatabaseError(resultCode: .SQLITE_CONSTRAINT)) == nil)
        #expect(StorageError(recognizing: CocoaError(.fileNoSuchFile)) == nil)
    }
}
