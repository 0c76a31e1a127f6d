import GRDB

extension WorkspaceSchema {
    /// One-response rules of public activities: poll codes (only their keyed hashes) and the keys of
    /// browsers that already responded. Both are checked in the same transaction as the contribution,
    /// so two simultaneous submissions with one code or one browser cannot both get through.
    static func createPublicResponseTables(_ db: Database) throws {
        try db.create(table: "poll_code") { t in
            t.column("trajectory_id", .text).notNull()
            t.column("activity_id", .text).notNull()
            t.column("code_hash", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("used_at", .datetime)
            t.column("revoked_at", .datetime)
            t.primaryKey(["trajectory_id", "activity_id", "code_hash"])
        }
        try db.create(table: "response_key") { t in
            t.column("trajectory_id", .text).notNull()
            t.column("activity_id", .text).notNull()
            t.column("key_hash", .text).notNull()
            t.column("contribution_id", .text).notNull()
            t.primaryKey(["trajectory_id", "activity_id", "key_hash"])
        }
    }
}
