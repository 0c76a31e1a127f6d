import Foundation
import StipDomain
import StipJSON

/// `manifest.json` inside a workspace archive: what it holds and which Stip wrote it.
struct ArchiveManifest: Codable {
    static let formatName = "stip-workspace-archive"
    static let currentFormatVersion = 1
    static let databaseMember = "workspace.sqlite"
    static let manifestMember = "manifest.json"

    struct File: Codable {
        var name: String
        var size: UInt64
    }

    var format: String
    var formatVersion: Int
    var stipVersion: String
    var exportedAt: Date
    var workspace: Workspace
    var schemaVersion: String
    var files: [File]

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case stipVersion = "stip_version"
        case exportedAt = "exported_at"
        case workspace
        case schemaVersion = "schema_version"
        case files
    }

    /// The manifest as indented JSON text.
    func encoded() throws -> Data {
        Data((try JSONValue(encoding: self).prettyJSONText + "\n").utf8)
    }

    /// Reads a manifest.
    /// - Throws: ``JSONSyntaxError`` or `DecodingError`.
    static func decode(_ data: Data) throws -> ArchiveManifest {
        try JSONValue.parse(data).decode(ArchiveManifest.self)
    }
}
