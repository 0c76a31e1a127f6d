import Foundation
import GRDB
public import StipDomain
import StipJSON

/// A trajectory's themes: the labels of its tags, what they hold, and re-tagging (rename, merge).
extension SQLiteWorkspaceStore {
    /// Tags after the trajectory's renames and merges: a tag merged away becomes the tag it went into. Names of
    /// tags that were merged away are dropped (the theme they went into has its own).
    static func aliased(_ db: Database, trajectory: String, _ tags: [String], _ names: [ThemeName]) throws -> ([String], [ThemeName]) {
        guard !tags.isEmpty else { return (tags, names) }
        let aliases = Dictionary(
            try Row.fetchAll(db, sql: "SELECT tag, target FROM theme_alias WHERE trajectory_id = ?", arguments: [trajectory])
                .map { ($0["tag"] as String, $0["target"] as String) }, uniquingKeysWith: { a, _ in a })
        guard !aliases.isEmpty else { return (tags, names) }
        var seen = Set<String>()
        let mapped = tags.map { aliases[$0] ?? $0 }.filter { seen.insert($0).inserted }
        return (mapped, names.filter { aliases[$0.tag] == nil })
    }

    /// Records the labels of tags the trajectory does not know yet; an English label fills a missing one.
    static func noteThemes(_ db: Database, trajectory: String, _ names: [ThemeName]) throws {
        for name in names {
            try db.cachedStatement(
                sql: """
                    INSERT INTO theme (trajectory_id, tag, label, label_en) VALUES (?, ?, ?, ?)
                    ON CONFLICT (trajectory_id, tag) DO UPDATE SET label_en = coalesce(theme.label_en, excluded.label_en)
                    """
            ).execute(arguments: [trajectory, name.tag, name.label, name.labelEn])
        }
    }

    public func themeNames(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ThemeName] {
        try await read(slug) { db in
            try Row.fetchAll(
                db, sql: "SELECT tag, label, label_en FROM theme WHERE trajectory_id = ? ORDER BY tag", arguments: [trajectory]
            )
            .map { ThemeName(tag: $0["tag"], label: $0["label"], labelEn: $0["label_en"]) }
        }
    }

    public func themes(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ThemeSummary] {
        try await read(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT t.tag, t.label, t.label_en,
                      (SELECT COUNT(*) FROM contribution c, json_each(c.themes) j
                        WHERE c.trajectory_id = t.trajectory_id AND j.value = t.tag AND c.state = 'accepted' AND NOT c.archived) AS contributions,
                      EXISTS (SELECT 1 FROM response r WHERE r.trajectory_id = t.trajectory_id AND r.theme = t.tag AND r.status <> 'received') AS answered
                    FROM theme t WHERE t.trajectory_id = ? ORDER BY contributions DESC, t.tag
                    """, arguments: [trajectory]
            ).map {
                ThemeSummary(
                    tag: $0["tag"], label: $0["label"], labelEn: $0["label_en"], contributions: $0["contributions"],
                    answered: $0["answered"])
            }
        }
    }

    public func retagThemes(
        _ slug: WorkspaceSlug, trajectory: String, from tags: [String], to target: ThemeName, by actor: AuditActor
    ) async throws -> Int {
        let at = timestamp()
        return try await write(slug) { db -> Int in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            let known = Set(try String.fetchAll(db, sql: "SELECT tag FROM theme WHERE trajectory_id = ?", arguments: [trajectory]))
            if let unknown = tags.first(where: { !known.contains($0) }) {
                throw StorageError(.invalidReference, "trajectory \(trajectory) has no theme \"\(unknown)\"; `stipctl themes` lists them")
            }
            let sources = Set(tags)
            var changed = 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT c.id, c.themes FROM contribution c, json_each(c.themes) j
                    WHERE c.trajectory_id = ? AND j.value IN (SELECT value FROM json_each(?))
                    """, arguments: [trajectory, try StorageJSON.text(tags)])
            for row in rows {
                let themes = try StorageJSON.decode([String].self, row["themes"] as String)
                var seen = Set<String>()
                let retagged = themes.map { sources.contains($0) ? target.tag : $0 }.filter { seen.insert($0).inserted }
                try db.execute(
                    sql: "UPDATE contribution SET themes = ? WHERE id = ?",
                    arguments: [try StorageJSON.text(retagged), row["id"] as String])
                changed += 1
            }
            for tag in tags where tag != target.tag {
                try db.execute(
                    sql: "UPDATE response SET theme = ? WHERE trajectory_id = ? AND theme = ?", arguments: [target.tag, trajectory, tag])
                try db.execute(sql: "DELETE FROM theme WHERE trajectory_id = ? AND tag = ?", arguments: [trajectory, tag])
                // What went into `tag` before now goes into the target too; the target itself is no alias.
                try db.execute(
                    sql: "UPDATE theme_alias SET target = ? WHERE trajectory_id = ? AND target = ?",
                    arguments: [target.tag, trajectory, tag])
                try db.execute(
                    sql: "INSERT OR REPLACE INTO theme_alias (trajectory_id, tag, target) VALUES (?, ?, ?)",
                    arguments: [trajectory, tag, target.tag])
            }
            try db.execute(sql: "DELETE FROM theme_alias WHERE trajectory_id = ? AND tag = ?", arguments: [trajectory, target.tag])
            try db.execute(
                sql: """
                    INSERT INTO theme (trajectory_id, tag, label, label_en) VALUES (?, ?, ?, ?)
                    ON CONFLICT (trajectory_id, tag) DO UPDATE SET label = excluded.label, label_en = coalesce(excluded.label_en, theme.label_en)
                    """, arguments: [trajectory, target.tag, target.label, target.labelEn])
            try AuditLog.record(
                db, at: at, actor: actor, action: .themeRetag, workspace: slug,
                detail: [
                    "trajectory": trajectory, "from": tags.joined(separator: ","), "to": target.tag, "contributions": String(changed),
                ])
            return changed
        }
    }
}
