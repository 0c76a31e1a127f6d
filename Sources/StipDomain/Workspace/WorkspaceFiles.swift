public import Foundation

/// A finished export: a tar file the caller streams and then removes.
public struct WorkspaceExport: Sendable {
    /// Where the archive was written.
    public var file: URL
    /// A suggested download name, e.g. `utrecht-20261129T101500Z.tar`.
    public var suggestedName: String
    /// Its size in bytes.
    public var size: UInt64

    /// Creates a description of an archive.
    public init(file: URL, suggestedName: String, size: UInt64) {
        self.file = file
        self.suggestedName = suggestedName
        self.size = size
    }
}

/// Where a deleted workspace went.
public struct DeletedWorkspace: Sendable, Codable {
    /// The workspace, in state `deleted`.
    public var workspace: Workspace
    /// Paths relative to the data directory.
    public var trash: Trash

    /// The trash files of one deletion.
    public struct Trash: Sendable, Codable {
        public var database: String
        public var export: String

        public init(database: String, export: String) {
            self.database = database
            self.export = export
        }
    }

    public init(workspace: Workspace, trash: Trash) {
        self.workspace = workspace
        self.trash = trash
    }
}

/// A method a workspace may use.
public struct EnabledMethod: Sendable, Codable, Equatable {
    public var id: String
    public var enabledAt: Date

    public init(id: String, enabledAt: Date) {
        self.id = id
        self.enabledAt = enabledAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case enabledAt = "enabled_at"
    }
}
