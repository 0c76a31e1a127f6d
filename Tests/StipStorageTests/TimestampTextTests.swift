import Foundation
import GRDB
@testable import StipStorage
import Testing

@Suite("timestamps as stored")
struct TimestampTextTests {
    @Test("the text kept for the last second is the text GRDB writes, and another second gets its own")
    func sameAsGRDB() {
        let first = Date(timeIntervalSince1970: 1_795_000_000)
        let next = first.addingTimeInterval(1)
        #expect(SQLiteWorkspaceStore.databaseText(of: first) == first.databaseValue)
        #expect(SQLiteWorkspaceStore.databaseText(of: first) == first.databaseValue, "from the kept text")
        #expect(SQLiteWorkspaceStore.databaseText(of: next) == next.databaseValue)
        #expect(SQLiteWorkspaceStore.databaseText(of: first) == first.databaseValue, "an earlier second again")
        #expect(SQLiteWorkspaceStore.databaseText(of: next) != SQLiteWorkspaceStore.databaseText(of: first))
    }
}
