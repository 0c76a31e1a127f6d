#if canImport(Glibc)
    import Glibc
#endif
public import Foundation
public import StipDomain

/// The layout of the data directory: `catalog.sqlite`, `workspaces/<slug>.sqlite`, `trash/`, `tmp/`, `stipd.lock`.
public struct DataDirectory: Sendable {
    /// The root of all state.
    public let root: URL

    /// Wraps an existing or future data directory.
    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public var catalogURL: URL { root.appending(path: "catalog.sqlite") }
    public var workspacesURL: URL { root.appending(path: "workspaces", directoryHint: .isDirectory) }
    public var trashURL: URL { root.appending(path: "trash", directoryHint: .isDirectory) }
    public var temporaryURL: URL { root.appending(path: "tmp", directoryHint: .isDirectory) }
    public var lockURL: URL { root.appending(path: "stipd.lock") }
    /// The key that signs the resident pages' cookies and form tokens (created on first start, mode 0600).
    public var publicKeyURL: URL { root.appending(path: "public-pages.key") }

    /// The database file of a workspace. Only a validated slug can name a file.
    public func databaseURL(for slug: WorkspaceSlug) -> URL {
        workspacesURL.appending(path: "\(slug.rawValue).sqlite")
    }

    /// Creates the directories (mode 0700: the data is personal data of residents).
    /// - Throws: `data_directory_unusable` with the path and the system's reason.
    public func prepare() throws(StorageError) {
        let fm = FileManager.default
        for url in [root, workspacesURL, trashURL, temporaryURL] {
            do {
                try fm.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StorageError(
                    .dataDirectoryUnusable,
                    "cannot create data directory \(url.path): \(Self.reason(error)); check the path and its permissions, or choose another with --data-dir"
                )
            }
            guard fm.isWritableFile(atPath: url.path) else {
                throw StorageError(
                    .dataDirectoryUnusable, "data directory \(url.path) is not writable by this user; fix its owner or permissions")
            }
        }
    }

    /// Removes leftovers of interrupted exports and imports.
    public func clearTemporaryFiles() {
        let fm = FileManager.default
        guard let items = try? fm.contentsOfDirectory(at: temporaryURL, includingPropertiesForKeys: nil) else { return }
        for item in items { try? fm.removeItem(at: item) }
    }

    /// A fresh private scratch directory under `tmp/`.
    /// Free (for the daemon, as `df` shows) and total bytes of the file system the data directory is on.
    public func space() -> (available: Int64, total: Int64)? {
        var disk = statvfs()
        guard statvfs(root.path, &disk) == 0 else { return nil }
        let block = Int64(disk.f_frsize)
        return (Int64(disk.f_bavail) * block, Int64(disk.f_blocks) * block)
    }

    func makeScratchDirectory(prefix: String) throws -> URL {
        let url = temporaryURL.appending(path: "\(prefix)-\(UUID().uuidString.lowercased())", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
