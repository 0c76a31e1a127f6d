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
        migrator.registerMigration("2026-12-07-population-imports") { db in
            // An import is written in chunks under its own id and made current in one small step, so residents'
            // writes never wait behind a large import. Earlier imports keep their year as their id.
            try db.create(table: "population_next") { t in
                t.column("import_id", .integer).notNull()
                t.column("year", .integer).notNull()
                t.column("region", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("name", .text).notNull()
                t.column("inhabitants", .integer)
                t.column("age_0_15", .integer)
                t.column("age_15_25", .integer)
                t.column("age_25_45", .integer)
                t.column("age_45_65", .integer)
                t.column("age_65_plus", .integer)
                t.column("households", .integer)
                t.primaryKey(["import_id", "region"])
            }
            try db.execute(
                sql: """
                    INSERT INTO population_next
                    SELECT year, year, region, kind, name, inhabitants, age_0_15, age_15_25, age_25_45, age_45_65, age_65_plus, households
                    FROM population
                    """)
            try db.drop(table: "population")
            try db.rename(table: "population_next", to: "population")
            try db.alter(table: "population_import") { t in t.add(column: "import_id", .integer).notNull().defaults(to: 0) }
            try db.execute(sql: "UPDATE population_import SET import_id = year")
            try db.create(table: "population_staging") { t in
                t.primaryKey("import_id", .integer)
                t.column("started_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("2026-12-07-occurred-on") { db in
            // The day a contribution was made, apart from the moment it was entered: a workshop imported a week later
            // still happened on its own day. Earlier rows keep NULL, and their day of entry stands in (docs/metrics.md).
            try db.alter(table: "contribution") { t in t.add(column: "occurred_on", .text) }
        }
        migrator.registerMigration("2026-12-07-themes") { db in
            // A trajectory's themes with the labels people read; contributions and responses keep the tags.
            try db.create(table: "theme") { t in
                t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
                t.column("tag", .text).notNull()
                t.column("label", .text).notNull()
                t.column("label_en", .text)
                t.primaryKey(["trajectory_id", "tag"])
            }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO theme (trajectory_id, tag, label)
                    SELECT DISTINCT c.trajectory_id, j.value, j.value FROM contribution c, json_each(c.themes) j
                    """)
        }
        migrator.registerMigration("2026-12-07-respondents") { db in
            // A resident who answers online is a participant too, known only by a keyed hash of their browser or
            // code: their profile answers count for reach and representation, and they are erasable like anyone.
            try db.alter(table: "participant") { t in t.add(column: "anonymous", .boolean).notNull().defaults(to: false) }
        }
        migrator.registerMigration("2026-12-07-config-archive") { db in
            // A live activity's config replaced by a plan is kept with the contributions made under it, so that an
            // answer can always be read against the question it answered.
            try db.create(table: "activity_config_archive") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("trajectory_id", .text).notNull()
                t.column("activity_id", .text).notNull()
                t.column("config", .jsonText).notNull()
                t.column("contributions", .jsonText).notNull()
                t.column("orphaned", .jsonText).notNull()
                t.column("replaced_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("2026-12-07-theme-aliases") { db in
            // A theme merged or renamed away stays merged: a method that names it again (a walk's category) gets
            // the theme it went into.
            try db.create(table: "theme_alias") { t in
                t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
                t.column("tag", .text).notNull()
                t.column("target", .text).notNull()
                t.primaryKey(["trajectory_id", "tag"])
            }
        }
        migrator.registerMigration("2026-12-07-evaluation-cycles") { db in
            // Each evaluation cycle of a trajectory, numbered per trajectory, keyed by what started it and the instant
            // it was planned for, so that a cycle redone after a crash is the same cycle. A finished cycle's snapshot
            // is immutable evidence: nothing else writes it, and it holds aggregates only, never a participant.
            try db.create(table: "evaluation_cycle") { t in
                t.column("trajectory_id", .text).notNull()
                t.column("number", .integer).notNull()
                t.column("trigger", .text).notNull()
                t.column("planned_at", .datetime).notNull()
                t.column("phase_id", .text)
                t.column("state", .text).notNull()
                t.column("started_at", .datetime).notNull()
                t.column("finished_at", .datetime)
                t.column("snapshot", .jsonText)
                t.column("error", .text)
                t.primaryKey(["trajectory_id", "number"])
                t.uniqueKey(["trajectory_id", "trigger", "planned_at"])
            }
            // The schedule of each trajectory: the last run planned and done, and the next one.
            try db.create(table: "evaluation_schedule") { t in
                t.primaryKey("trajectory_id", .text)
                t.column("expression", .text).notNull()
                t.column("last_planned_at", .datetime)
                t.column("next_planned_at", .datetime)
            }
        }
        migrator.registerMigration("2026-12-07-schedule-phases") { db in
            // Up to when phase ends have been looked at: a phase whose end passes later gets its own cycle, once.
            try db.alter(table: "evaluation_schedule") { t in t.add(column: "phases_until", .datetime) }
        }
        migrator.registerMigration("2026-12-07-incremental-evaluation") { db in
            try WorkspaceSchema.createIncrementalEvaluation(db)
        }
        migrator.registerMigration("2026-12-07-published-reports") { db in
            // The cycle whose public report residents see on the trajectory's page; nothing is published without
            // `stipctl report publish`.
            try db.create(table: "published_report") { t in
                t.primaryKey("trajectory_id", .text)
                t.column("cycle", .integer).notNull()
                t.column("published_at", .datetime).notNull()
            }
            // The workspace's own report templates (its house style); they travel with the workspace's export.
            try db.create(table: "report_template") { t in
                t.primaryKey("name", .text)
                t.column("body", .text).notNull()
                t.column("updated_at", .datetime).notNull()
            }
        }
        return migrator
    }

    /// The identifier of the newest migration this build knows: the schema version written into archives.
    public static var latestVersion: String { migrator.migrations.last ?? "" }

    /// The tables a Stip workspace database holds (with GRDB's migration record), from this build's migrations.
    static let knownTables: Set<String> = {
        guard let queue = try? DatabaseQueue(), (try? migrator.migrate(queue)) != nil,
            let names = try? queue.read({ db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            })
        else { return [] }
        return Set(names)
    }()

    /// Refuses a database that is not a Stip workspace: without Stip's first migration and its `workspace_info`,
    /// or holding tables Stip does not make. Any SQLite file would otherwise be migrated into a workspace, its
    /// foreign tables kept.
    static func checkIdentity(_ db: Database) throws {
        func refuse(_ reason: String) -> StorageError {
            StorageError(
                .invalidArchive,
                "workspace.sqlite in the archive is not a Stip workspace database (\(reason)); import an archive written by `stipctl workspace export`"
            )
        }
        guard try db.tableExists("grdb_migrations"), try db.tableExists("workspace_info") else {
            throw refuse("it has no workspace_info and no migration record")
        }
        let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        guard let first = migrator.migrations.first, applied.contains(first) else { throw refuse("it lacks Stip's first migration") }
        guard try String.fetchOne(db, sql: "SELECT value FROM workspace_info WHERE key = 'slug'") != nil else {
            throw refuse("workspace_info names no workspace")
        }
        let tables = Set(
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        // A newer Stip may have added tables; only a database that also has migrations this build does not know may have them.
        let newer = !applied.isSubset(of: Set(migrator.migrations))
        let foreign = tables.subtracting(knownTables)
        if !foreign.isEmpty, !newer { throw refuse("it holds tables Stip does not make: \(foreign.sorted().joined(separator: ", "))") }
    }
}
