import ArgumentParser
import Crypto
import Foundation
import StipDomain

#if canImport(Glibc)
    import Glibc
#endif

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a node backup (`stipctl backup`) into a data directory, on a stopped or empty node.",
        discussion: """
            Every file is checked against manifest.json first (present, size, SHA-256, a path stipd would use); \
            nothing is written unless all match. stipd must not run on the data directory: restore takes its lock. \
            A data directory that holds a catalog is refused unless --replace is given, which moves what was there \
            aside to DATA_DIR-replaced-<time>. Then start stipd; it migrates older databases as usual.
            """)

    @Argument(help: ArgumentHelp("The backup directory (with manifest.json).", valueName: "dir"))
    var backup: String
    @Option(
        name: .customLong("data-dir"), help: ArgumentHelp("The data directory to restore into (stipd.yaml's data_dir).", valueName: "dir"))
    var dataDirectory = "/var/lib/stip"
    @Flag(help: "Move an existing catalog and workspaces aside instead of refusing.")
    var replace = false

    func run() throws {
        let cwd = URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory)
        let source = URL(filePath: backup, relativeTo: cwd).standardizedFileURL
        let target = URL(filePath: dataDirectory, relativeTo: cwd).standardizedFileURL
        let manifest = try Self.verified(source)
        let fm = FileManager.default
        try fm.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = try DataDirectoryClaim(target)
        defer { lock.release() }
        if fm.fileExists(atPath: target.appending(path: "catalog.sqlite").path) {
            guard replace else {
                throw BackupFailure(
                    "\(target.path) already holds a node (catalog.sqlite); restore into an empty data directory, or add --replace to move what is there aside"
                )
            }
            let aside = URL(filePath: target.path + "-replaced-\(Self.stamp())")
            try fm.createDirectory(at: aside, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            for name in (try? fm.contentsOfDirectory(atPath: target.path)) ?? [] where name != "stipd.lock" {
                try fm.moveItem(at: target.appending(path: name), to: aside.appending(path: name))
            }
            print("moved the data directory's former contents to \(aside.path)")
        }
        // Copied under tmp/ first and renamed into place, so that an interrupted restore leaves no half file in use.
        let staging = target.appending(path: "tmp/restore-\(UUID().uuidString.lowercased())", directoryHint: .isDirectory)
        try fm.createDirectory(
            at: staging.appending(path: "workspaces"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(at: staging) }
        for file in manifest.files {
            let staged = staging.appending(path: file.path)
            try fm.copyItem(at: source.appending(path: file.path), to: staged)
            try Self.sync(staged, mode: 0o600)
        }
        try fm.createDirectory(
            at: target.appending(path: "workspaces"), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for file in manifest.files {
            let destination = target.appending(path: file.path)
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: destination.path + suffix) }
            try fm.moveItem(at: staging.appending(path: file.path), to: destination)
        }
        try Self.matchOwner(of: target, manifest.files.map { target.appending(path: $0.path) } + [target.appending(path: "workspaces")])
        let count = manifest.files.filter { $0.kind == "workspace" }.count
        print(
            "restored \(count) workspace(s), the catalog and the key into \(target.path) from the backup of \(manifest.finishedAt.formatted(.iso8601)); start stipd"
        )
    }

    /// Reads the manifest and checks every file it lists; the first mismatches are all reported at once.
    static func verified(_ source: URL) throws -> NodeBackupManifest {
        let manifestURL = source.appending(path: NodeBackupManifest.fileName)
        guard let data = try? Data(contentsOf: manifestURL) else {
            throw BackupFailure("\(manifestURL.path) is missing: not a node backup, or one that did not finish; use another backup")
        }
        let manifest: NodeBackupManifest
        do {
            manifest = try NodeBackupManifest.decode(data)
        } catch {
            throw BackupFailure("\(manifestURL.path) is not a node backup manifest: \(error)")
        }
        guard manifest.format == NodeBackupManifest.formatName, manifest.formatVersion <= NodeBackupManifest.currentFormatVersion else {
            throw BackupFailure(
                "\(manifestURL.path): format \(manifest.format) version \(manifest.formatVersion) is not one this stipctl (\(StipVersion.current)) reads; restore with the Stip that made it (\(manifest.stipVersion)) or later"
            )
        }
        var problems: [String] = []
        let kinds = Dictionary(grouping: manifest.files, by: \.kind)
        if kinds["catalog"]?.count != 1 { problems.append("the manifest must list exactly one catalog.sqlite") }
        for file in manifest.files {
            guard Self.isExpectedPath(file) else {
                problems.append("\(file.path): not a path a node backup holds (catalog.sqlite, public-pages.key, workspaces/<slug>.sqlite)")
                continue
            }
            let url = source.appending(path: file.path)
            guard let handle = try? FileHandle(forReadingFrom: url) else {
                problems.append("\(file.path): missing")
                continue
            }
            defer { try? handle.close() }
            var hash = SHA256()
            var size = 0
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hash.update(data: chunk)
                size += chunk.count
            }
            if size != file.size {
                problems.append("\(file.path): \(size) bytes, the manifest says \(file.size)")
            } else if Data(hash.finalize()).hexDigits != file.sha256 {
                problems.append("\(file.path): its SHA-256 differs from the manifest's (the file was changed or damaged)")
            }
        }
        guard problems.isEmpty else {
            throw BackupFailure(
                "\(source.path) does not match its manifest; nothing was restored:\n  " + problems.joined(separator: "\n  ")
                    + "\nUse another backup.")
        }
        return manifest
    }

    static func isExpectedPath(_ file: NodeBackupManifest.File) -> Bool {
        switch file.kind {
        case "catalog": return file.path == "catalog.sqlite"
        case "public_key": return file.path == "public-pages.key"
        case "workspace":
            guard let slug = file.workspace, (try? WorkspaceSlug(validating: slug)) != nil else { return false }
            return file.path == "workspaces/\(slug).sqlite"
        default: return false
        }
    }

    static func sync(_ url: URL, mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        let handle = try FileHandle(forUpdating: url)
        try handle.synchronize()
        try handle.close()
    }

    /// Run as root for a daemon that runs as `stip`: the files get the data directory's owner.
    static func matchOwner(of directory: URL, _ urls: [URL]) throws {
        guard getuid() == 0, let attributes = try? FileManager.default.attributesOfItem(atPath: directory.path),
            let owner = attributes[.ownerAccountID] as? NSNumber, let group = attributes[.groupOwnerAccountID] as? NSNumber
        else { return }
        for url in urls { chown(url.path, owner.uint32Value, group.uint32Value) }
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: Date())
    }
}

/// The lock stipd holds on `DATA/stipd.lock`, taken by restore so that no daemon starts on half a restore and
/// a running one is noticed.
struct DataDirectoryClaim {
    let descriptor: Int32

    init(_ directory: URL) throws {
        let path = directory.appending(path: "stipd.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BackupFailure("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw BackupFailure(
                "stipd is running on \(directory.path) (it holds stipd.lock); stop it first (systemctl stop stipd), then restore")
        }
        descriptor = fd
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
