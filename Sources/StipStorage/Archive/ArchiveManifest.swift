import Foundation
import StipDomain

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

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
