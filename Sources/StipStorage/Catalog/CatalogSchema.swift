import GRDB

/// The catalog's migrations. Identifiers are never renamed: they are what a database remembers.
enum CatalogSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-29-workspaces-and-audit") { db in
            try db.create(table: "workspace") { t in
                t.primaryKey("slug", .text)
                t.column("name", .text).notNull()
                t.column("cbs_code", .text)
                t.column("time_zone", .text).notNull()
                t.column("locale", .text).notNull()
                t.column("state", .text).notNull()
                    .check(sql: "state IN ('active', 'suspended', 'deleted')")
                t.column("created_at", .datetime).notNull()
                t.column("updated_at", .datetime).notNull()
            }
            try db.create(table: "audit_log") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("uid", .integer)
                t.column("pid", .integer)
                t.column("action", .text).notNull()
                t.column("workspace", .text)
                t.column("detail", .text).notNull().defaults(to: "{}")
            }
            try db.create(index: "audit_log_by_workspace", on: "audit_log", columns: ["workspace", "id"])
        }
        migrator.registerMigration("2026-11-29-workspace-methods") { db in
            // Which participation methods (plugins) each workspace may use.
            try db.create(table: "workspace_method") { t in
                t.column("workspace", .text).notNull()
                t.column("method", .text).notNull()
                t.column("enabled_at", .datetime).notNull()
                t.primaryKey(["workspace", "method"])
            }
        }
        migrator.registerMigration("2026-12-07-audit-sequence") { db in
            // Orders entries of one second across the catalog's log and the workspaces' own logs.
            try db.alter(table: "audit_log") { t in t.add(column: "sequence", .integer) }
        }
        return migrator
    }
}
