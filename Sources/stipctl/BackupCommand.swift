import ArgumentParser
import NIOHTTP1
import Foundation
import StipAdminClient
import StipDomain
import StipJSON

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the node — catalog, every workspace database and the key — into a new directory while stipd serves.",
        discussion: """
            Each database is copied by stipd with SQLite's online backup, so the copy is consistent while residents \
            keep answering; stipctl checks each file against the SHA-256 stipd sent and writes manifest.json (sizes, \
            SHA-256, schema versions) last. A directory without manifest.json is an unfinished backup. Restore with \
            `stipctl restore DIR` on a stopped or empty node. The files hold personal data: keep them encrypted.
            """)

    @OptionGroup var connection: ConnectionOptions
    // `-o` is a directory here, as the issue of the command says; stipctl's other `-o` is an output format.
    @Option(name: [.customShort("o"), .customLong("out")], help: ArgumentHelp("A new or empty directory to write.", valueName: "dir"))
    var directory: String
    @Option(name: .customLong("workspace"), help: ArgumentHelp("Back up only this workspace (repeat for more).", valueName: "slug"))
    var workspaces: [String] = []
    @Flag(name: .customLong("quiet"), help: "Print only the summary, not each file.")
    var quiet = false

    func run() async throws {
        let started = Date()
        let root = URL(
            filePath: directory, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
        )
        .standardizedFileURL
        try Self.prepare(root)
        let client = try connection.client()
        var slugs = workspaces
        if slugs.isEmpty {
            let listed = try JSONValue.parse(try await client.send(.GET, "/v1/workspaces").body)
            slugs = (listed["workspaces"]?.elements ?? []).compactMap { $0["slug"]?.stringValue }
        }
        var files: [NodeBackupManifest.File] = []
        let total = slugs.count + 2
        func note(_ file: NodeBackupManifest.File) {
            files.append(file)
            if !quiet {
                FileHandle.standardError.write(Data("[\(files.count)/\(total)] \(file.path) \(Self.size(file.size))\n".utf8))
            }
        }
        let selection = JSONValue.object(["workspaces": .array(slugs.map { .string($0) })]).jsonData()
        note(try await Self.copy(client, .POST, "/v1/backup/catalog", json: selection, into: root, path: "catalog.sqlite", kind: "catalog"))
        note(try await Self.copy(client, .GET, "/v1/backup/public-key", into: root, path: "public-pages.key", kind: "public_key"))
        for slug in slugs {
            var file = try await Self.copy(
                client, .GET, "/v1/workspaces/\(pathSegment(slug))/backup", into: root, path: "workspaces/\(slug).sqlite", kind: "workspace"
            )
            file.workspace = slug
            note(file)
        }
        let manifest = NodeBackupManifest(
            startedAt: started, finishedAt: Date(), selection: workspaces.isEmpty ? "all" : "named", files: files)
        let manifestURL = root.appending(path: NodeBackupManifest.fileName)
        try manifest.encoded().write(to: manifestURL, options: [.atomic])
        let bytes = files.reduce(0) { $0 + $1.size }
        print(
            "backed up \(slugs.count) workspace(s), the catalog and the key to \(root.path) (\(Self.size(bytes)), \(String(format: "%.1f", Date().timeIntervalSince(started))) s); manifest.json lists each file's SHA-256"
        )
    }

    /// Downloads one file, checking it against the digest stipd computed of its copy.
    static func copy(
        _ client: AdminClient, _ method: HTTPMethod, _ path: String, json: Data? = nil, into root: URL, path relative: String, kind: String
    ) async throws -> NodeBackupManifest.File {
        let destination = root.appending(path: relative)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let download = try await client.fetch(method, path, json: json, to: destination)
        let sent = download.headers.first(name: "Repr-Digest")
        guard let sent, sent == "sha-256=:\(download.sha256.base64EncodedString()):" else {
            try? FileManager.default.removeItem(at: destination)
            throw BackupFailure(
                "\(relative): what arrived does not match the SHA-256 stipd sent (\(sent ?? "none")); the copy is removed — run the backup again"
            )
        }
        return NodeBackupManifest.File(
            kind: kind, path: relative, size: download.size, sha256: download.sha256.hexDigits,
            schemaVersion: download.headers.first(name: "Stip-Schema-Version"))
    }

    /// A backup never mixes with other files: the directory must be new or empty.
    static func prepare(_ root: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: root.path) {
            guard (try? fm.contentsOfDirectory(atPath: root.path))?.isEmpty == true else {
                throw BackupFailure(
                    "\(root.path) exists and is not empty; name a new directory, e.g. /var/backups/stip/$(date -u +%Y%m%dT%H%M%SZ)")
            }
        } else {
            do {
                try fm.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw BackupFailure("cannot create \(root.path): \(error.localizedDescription)")
            }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1 << 20 ? "\(bytes) bytes" : String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}

/// A backup or restore that cannot go on; the message says why and what to do (exit 1).
struct BackupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
