import GRDB

extension StorageError {
    /// What SQLite reported, when it is something a person can act on; `nil` for anything else.
    ///
    /// A full disk (`SQLITE_FULL`) rolls the transaction back, so nothing half-written is kept: the caller
    /// can say "not saved, try again" instead of an internal error, and it works again once there is space.
    public init?(recognizing error: any Error) {
        guard let database = error as? DatabaseError, database.resultCode == .SQLITE_FULL else { return nil }
        self.init(
            .storageFull,
            "the disk of the data directory is full, so nothing was stored (SQLite: \(database.message ?? "database or disk is full")); free space there — stipd carries on by itself once there is room"
        )
    }
}
