import Foundation
import GRDB
public import StipDomain

extension SQLiteWorkspaceStore {
    public func branding(_ slug: WorkspaceSlug) async throws -> Branding {
        try await read(slug) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM branding WHERE id = 1") else { return Branding() }
            let logo: Data? = row["logo"]
            let type: String? = row["logo_media_type"]
            return Branding(
                accentColor: row["accent_color"], logo: logo.flatMap { bytes in type.map { Branding.Logo(mediaType: $0, bytes: bytes) } })
        }
    }

    public func setAccentColor(_ slug: WorkspaceSlug, _ color: String?, by actor: AuditActor) async throws {
        defer { changed(slug) }  // the resident pages read it through their caches
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: """
                    INSERT INTO branding (id, accent_color, updated_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET accent_color = excluded.accent_color, updated_at = excluded.updated_at
                    """, arguments: [color, at])
            try AuditLog.record(
                db, at: at, actor: actor, action: .workspaceBranding, workspace: slug, detail: ["accent_color": color ?? "(default)"])
        }
    }

    public func setLogo(_ slug: WorkspaceSlug, _ logo: Branding.Logo?, by actor: AuditActor) async throws {
        defer { changed(slug) }
        let at = timestamp()
        try await write(slug) { db in
            try db.execute(
                sql: """
                    INSERT INTO branding (id, logo, logo_media_type, updated_at) VALUES (1, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET logo = excluded.logo, logo_media_type = excluded.logo_media_type,
                      updated_at = excluded.updated_at
                    """, arguments: [logo?.bytes, logo?.mediaType, at])
            try AuditLog.record(
                db, at: at, actor: actor, action: .workspaceBranding, workspace: slug,
                detail: ["logo": logo.map { "\($0.mediaType), \($0.bytes.count) bytes" } ?? "(removed)"])
        }
    }
}
