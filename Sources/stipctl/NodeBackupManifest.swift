import Foundation
import StipDomain

/// `manifest.json` of a node backup (`stipctl backup`): what each file is, its size and SHA-256, and the
/// schema version it carries. `stipctl restore` refuses a directory that does not match it.
struct NodeBackupManifest: Codable, Equatable {
    static let formatName = "stip-node-backup"
    static let currentFormatVersion = 1
    static let fileName = "manifest.json"

    /// One copied file.
    struct File: Codable, Equatable {
        /// `catalog`, `public_key` or `workspace`.
        var kind: String
        /// Relative to the backup directory: `catalog.sqlite`, `public-pages.key`, `workspaces/<slug>.sqlite`.
        var path: String
        var workspace: String?
        var size: Int
        /// Lower-case hex.
        var sha256: String
        var schemaVersion: String?

        enum CodingKeys: String, CodingKey {
            case kind, path, workspace, size, sha256
            case schemaVersion = "schema_version"
        }
    }

    var format = formatName
    var formatVersion = currentFormatVersion
    var stipVersion = StipVersion.current
    var startedAt: Date
    var finishedAt: Date
    /// Every live workspace of the node, or only those named with `--workspace`.
    var selection: String
    var files: [File]

    enum CodingKeys: String, CodingKey {
        case format
        case formatVersion = "format_version"
        case stipVersion = "stip_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case selection, files
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func decode(_ data: Data) throws -> NodeBackupManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(NodeBackupManifest.self, from: data)
    }
}

extension Data {
    /// Lower-case hex digits.
    var hexDigits: String { map { String(format: "%02x", $0) }.joined() }
}
