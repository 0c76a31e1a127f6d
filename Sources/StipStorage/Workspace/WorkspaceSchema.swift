import GRDB

/// Migrations of a workspace database. Later features add theirs at the end; identifiers never change.
public enum WorkspaceSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-29-workspace-info") { db in
            // Records which workspace a file belongs to, so an archive or a stray file can be checked.
            try db.create(table: "workspace_info") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("2026-11-29-trajectories-and-contributions") { db in
            try createParticipationTables(db)
        }
        migrator.registerMigration("2026-11-29-public-responses") { db in
            try createPublicResponseTables(db)
        }
        migrator.registerMigration("2026-11-29-contribution-needs-response") { db in
            // Attendance counts, ratings and poll answers are answered together, not one by one.
            try db.alter(table: "contribution") { t in t.add(column: "needs_response", .boolean).notNull().defaults(to: true) }
        }
        migrator.registerMigration("2026-12-07-audit-log") { db in
            // A workspace's changes are audited here, in the transaction of the change; the catalog keeps node changes.
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("sequence", .integer)
                t.column("uid", .integer)
                t.column("pid", .integer)
                t.column("action", .text).notNull()
                t.column("workspace", .text)
                t.column("detail", .text).notNull().defaults(to: "{}")
            }
        }
        migrator.registerMigration("2026-12-07-validation-crashes") { db in
            // A contribution whose validation was in flight at two plugin crashes is quarantined, not retried for ever.
            try db.alter(table: "contribution") { t in
                t.add(column: "validation_crashes", .integer).notNull().defaults(to: 0)
                t.add(column: "last_crash", .jsonText)
            }
        }
        migrator.registerMigration("2026-12-07-activity-schedule") { db in
            // When and where an activity takes place, as its method reads the config: for the resident pages.
            try db.alter(table: "activity") { t in t.add(column: "schedule", .jsonText).notNull().defaults(to: "[]") }
        }
        migrator.registerMigration("2026-12-07-branding") { db in
            // One accent colour and one logo per workspace; it travels with the workspace's export.
            try db.create(table: "branding") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("accent_color", .text)
                t.column("logo", .blob)
                t.column("logo_media_type", .text)
                t.column("updated_at", .datetime).notNull()
            }
        }
        return migrator
    }

    /// The identifier of the newest migration this build knows: the schema version written into archives.
    public static var latestVersion: String { migrator.migrations.last ?? "" }
}
