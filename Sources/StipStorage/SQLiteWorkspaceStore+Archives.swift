public import Foundation
import GRDB
import StipJSON
public import StipDomain

// MARK: - Export, import, delete and trash: the operations on whole files.

extension SQLiteWorkspaceStore {
    public func exportWorkspace(_ slug: WorkspaceSlug, by actor: AuditActor) async throws -> WorkspaceExport {
        let export = try await writeArchive(slug)
        try await catalog.write { db in
            try AuditLog.record(
                db, at: self.timestamp(), actor: actor, action: .workspaceExport, workspace: slug,
                detail: ["bytes": String(export.size)])
        }
        return export
    }

    /// Writes manifest + an online backup of the database into a tar under `tmp/`.
    func writeArchive(_ slug: WorkspaceSlug) async throws -> WorkspaceExport {
        let workspace = try await self.workspace(slug)
        try Self.refuseDeleted(workspace)
        let exportedAt = timestamp()
        let scratch = try directory.makeScratchDirectory(prefix: "export")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let snapshot = scratch.appending(path: ArchiveManifest.databaseMember)
        try await cache.withDatabase(slug) { database in
            try await BlockingIO.run {
                // The SQLite online backup gives a consistent copy while the workspace keeps serving.
                let destination = try DatabaseQueue(path: snapshot.path)
                try database.writer.backup(to: destination)
                try destination.close()
            }
        }
        let size = try Self.fileSize(snapshot)
        let manifest = ArchiveManifest(
            format: ArchiveManifest.formatName, formatVersion: ArchiveManifest.currentFormatVersion,
            stipVersion: StipVersion.current, exportedAt: exportedAt, workspace: workspace,
            schemaVersion: WorkspaceSchema.latestVersion,
            files: [.init(name: ArchiveManifest.databaseMember, size: size)])
        let manifestURL = scratch.appending(path: ArchiveManifest.manifestMember)
        try manifest.encoded().write(to: manifestURL)
        let name = "\(slug)-\(Self.fileStamp(exportedAt)).tar"
        let archive = directory.temporaryURL.appending(path: "\(UUID().uuidString.lowercased())-\(name)")
        try await BlockingIO.run {
            try TarArchive.write(
                [(ArchiveManifest.manifestMember, manifestURL), (ArchiveManifest.databaseMember, snapshot)],
                to: archive, modified: exportedAt)
        }
        return WorkspaceExport(file: archive, suggestedName: name, size: try Self.fileSize(archive))
    }

    public func importWorkspace(from archive: URL, by actor: AuditActor) async throws -> Workspace {
        defer { changedAll() }
        let scratch = try directory.makeScratchDirectory(prefix: "import")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let members: [String: URL]
        do {
            members = try await BlockingIO.run {
                try TarArchive.extract(
                    from: archive, wanted: [ArchiveManifest.manifestMember, ArchiveManifest.databaseMember],
                    into: scratch, maxMemberSize: .max)
            }
        } catch let error as ArchiveFormatError {
            throw StorageError(.invalidArchive, "not a workspace archive: \(error.description)")
        }
        guard let manifestURL = members[ArchiveManifest.manifestMember], let databaseURL = members[ArchiveManifest.databaseMember] else {
            throw StorageError(
                .invalidArchive,
                "not a workspace archive: it must hold manifest.json and workspace.sqlite, as written by `stipctl workspace export`")
        }
        let manifest = try Self.readManifest(manifestURL)
        var workspace = manifest.workspace
        let slug = workspace.slug
        try await BlockingIO.run { try Self.checkArchivedDatabase(at: databaseURL, slug: slug) }

        let at = timestamp()
        if workspace.state == .deleted { workspace.state = .active }
        workspace.updatedAt = at
        let destination = directory.databaseURL(for: slug)
        let restored = workspace
        try await catalog.write { db in
            if let existing = try WorkspaceRecord.fetchOne(db, key: slug.rawValue), existing.state != WorkspaceState.deleted.rawValue {
                throw StorageError(
                    .workspaceExists,
                    "workspace \"\(slug)\" already exists; delete it first (`stipctl workspace delete \(slug) --confirm \(slug)`) or restore the archive on another node"
                )
            }
            if FileManager.default.fileExists(atPath: destination.path) {
                throw StorageError(
                    .workspaceExists, "a database file \(destination.path) exists that the catalog does not list; move it away first")
            }
            try FileManager.default.moveItem(at: databaseURL, to: destination)
            do {
                try WorkspaceRecord(restored).save(db)
                try AuditLog.record(
                    db, at: at, actor: actor, action: .workspaceImport, workspace: slug,
                    detail: [
                        "exported_at": ISO8601DateFormatter().string(from: manifest.exportedAt),
                        "stip_version": manifest.stipVersion,
                    ])
            } catch {
                try? FileManager.default.removeItem(at: destination)
                throw error
            }
        }
        return restored
    }

    static func readManifest(_ url: URL) throws -> ArchiveManifest {
        let manifest: ArchiveManifest
        do {
            manifest = try ArchiveManifest.decode(Data(contentsOf: url))
        } catch let error as DecodingError {
            // Found by fuzzing: Swift's own description of a decoding error is no message for an admin.
            throw StorageError(
                .invalidArchive,
                "manifest.json in the archive is not valid: \(error.explanation()); export the workspace again with `stipctl workspace export`"
            )
        } catch {
            throw StorageError(.invalidArchive, "manifest.json in the archive is not valid: \(error)")
        }
        guard manifest.format == ArchiveManifest.formatName else {
            throw StorageError(
                .invalidArchive, "manifest.json says format \"\(manifest.format)\", expected \"\(ArchiveManifest.formatName)\"")
        }
        guard manifest.formatVersion <= ArchiveManifest.currentFormatVersion else {
            throw StorageError(
                .schemaTooNew,
                "the archive has format version \(manifest.formatVersion) (written by Stip \(manifest.stipVersion)); this Stip \(StipVersion.current) reads up to version \(ArchiveManifest.currentFormatVersion): upgrade stipd"
            )
        }
        return manifest
    }

    /// Checks integrity and schema of an extracted database and migrates it to this build's schema.
    static func checkArchivedDatabase(at url: URL, slug: WorkspaceSlug) throws {
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: url.path)
            let result = try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            guard result == "ok" else {
                throw StorageError(
                    .invalidArchive, "workspace.sqlite in the archive fails SQLite's integrity check: \(result ?? "no answer")")
            }
            let recorded = try queue.read { db -> String? in
                try WorkspaceSchema.checkIdentity(db)
                return try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'slug'")
            }
            if let recorded, recorded != slug.rawValue {
                throw StorageError(
                    .invalidArchive, "the archive's manifest names workspace \"\(slug)\" but its database belongs to \"\(recorded)\"")
            }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.invalidArchive, "workspace.sqlite in the archive is not a readable SQLite database: \(error)")
        }
        try WorkspaceDatabase.migrate(queue, slug: slug, path: "the archive")
        // Plugins' evaluation states are not trusted across nodes: the first cycle here streams everything again.
        try queue.write { db in try db.execute(sql: "DELETE FROM evaluation_state") }
        try queue.close()
    }

    // MARK: - Delete and trash

    public func deleteWorkspace(_ slug: WorkspaceSlug, by actor: AuditActor) async throws -> DeletedWorkspace {
        defer { changed(slug) }
        let export = try await writeArchive(slug)
        let (trashExport, trashDatabase) = trashNames(slug)
        try FileManager.default.moveItem(at: export.file, to: trashExport)
        let source = directory.databaseURL(for: slug)
        let at = timestamp()
        let deleted = try await cache.withExclusiveAccess(slug) {
            try await self.catalog.write { db in
                var workspace = try Self.fetch(slug, db)
                try Self.refuseDeleted(workspace)
                try FileManager.default.moveItem(at: source, to: trashDatabase)
                for suffix in ["-wal", "-shm"] {
                    try? FileManager.default.removeItem(atPath: source.path + suffix)
                }
                workspace.state = .deleted
                workspace.updatedAt = at
                do {
                    try WorkspaceRecord(workspace).update(db)
                    try AuditLog.record(
                        db, at: at, actor: actor, action: .workspaceDelete, workspace: slug,
                        detail: ["trash": "trash/\(trashDatabase.lastPathComponent)"])
                } catch {
                    try? FileManager.default.moveItem(at: trashDatabase, to: source)
                    throw error
                }
                return workspace
            }
        }
        return DeletedWorkspace(
            workspace: deleted,
            trash: .init(database: "trash/\(trashDatabase.lastPathComponent)", export: "trash/\(trashExport.lastPathComponent)"))
    }

    /// Free names in the trash for one deletion, `<slug>-<stamp>.tar` and `.sqlite`: a slug deleted again
    /// within the same second (delete, import, delete in a script) gets `-2`, `-3`, … rather than a clash.
    private func trashNames(_ slug: WorkspaceSlug) -> (export: URL, database: URL) {
        let base = "\(slug)-\(Self.fileStamp(timestamp()))"
        var name = base
        var number = 1
        while true {
            let names = (directory.trashURL.appending(path: "\(name).tar"), directory.trashURL.appending(path: "\(name).sqlite"))
            if !FileManager.default.fileExists(atPath: names.0.path), !FileManager.default.fileExists(atPath: names.1.path) {
                return names
            }
            number += 1
            name = "\(base)-\(number)"
        }
    }

    public func purgeTrash(olderThan cutoff: Date) async throws -> [String] {
        let trash = directory.trashURL
        let removed: [String] = try await BlockingIO.run {
            let fm = FileManager.default
            var removed: [String] = []
            for item in try fm.contentsOfDirectory(at: trash, includingPropertiesForKeys: [.contentModificationDateKey]) {
                let modified = try item.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate ?? .distantFuture
                if modified < cutoff {
                    try fm.removeItem(at: item)
                    removed.append(item.lastPathComponent)
                }
            }
            return removed.sorted()
        }
        if !removed.isEmpty {
            try await catalog.write { db in
                try AuditLog.record(
                    db, at: self.timestamp(), actor: .daemon, action: .trashPurge, workspace: nil,
                    detail: ["files": removed.joined(separator: ",")])
            }
        }
        return removed
    }

    static func fileSize(_ url: URL) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.uint64Value ?? 0
    }
}
