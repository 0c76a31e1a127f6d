public import Foundation

/// One file of a node backup: a consistent copy under `tmp/`, with what the manifest records of it.
/// The caller streams it and deletes it.
public struct BackupFile: Sendable {
    public var file: URL
    public var size: Int64
    /// SHA-256 of the file.
    public var sha256: Data
    /// The newest migration in the copy (catalog and workspace databases).
    public var schemaVersion: String?

    /// Memberwise initialiser.
    public init(file: URL, size: Int64, sha256: Data, schemaVersion: String?) {
        self.file = file
        self.size = size
        self.sha256 = sha256
        self.schemaVersion = schemaVersion
    }
}
