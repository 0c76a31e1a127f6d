import Foundation
import GRDB
import StipJSON

extension WorkspaceSchema {
    /// Trajectories, participants, contributions, feedback, population figures and privacy keys.
    ///
    /// Contact details live in their own table so that erasure and retention remove them without touching
    /// anything else. Contributions keep a keyed hash of their participant (`participant_key`) that survives
    /// erasure, so one-response rules still hold for an erased participant.
    static func createParticipationTables(_ db: Database) throws {
        // A random key per workspace for the keyed hashes; never leaves the database file.
        try db.execute(
            sql: "INSERT OR IGNORE INTO workspace_info (key, value) VALUES ('hash_key', ?)",
            arguments: [Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()])
        try db.execute(sql: "INSERT OR IGNORE INTO workspace_info (key, value) VALUES ('retention_months', '12')")

        try db.create(table: "trajectory") { t in
            t.primaryKey("id", .text)
            t.column("title", .text).notNull()
            t.column("document", .jsonText).notNull()  // the plan as applied, without status
            t.column("status", .text).notNull().defaults(to: "draft")
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.column("closed_at", .datetime)
        }
        try db.create(table: "activity") { t in
            t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
            t.column("id", .text).notNull()
            t.column("method", .text).notNull()
            t.column("phase", .text).notNull()
            t.column("access", .text).notNull()
            t.column("config", .jsonText).notNull()  // as normalised by the plugin
            t.column("archived_at", .datetime)
            t.primaryKey(["trajectory_id", "id"])
        }
        try db.create(table: "phase_reflection") { t in
            t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
            t.column("phase_id", .text).notNull()
            t.column("went_well", .text).notNull()
            t.column("to_change", .text).notNull()
            t.column("updated_at", .datetime).notNull()
            t.primaryKey(["trajectory_id", "phase_id"])
        }
        try db.create(table: "participant") { t in
            t.primaryKey("id", .text)
            t.column("age_band", .text)
            t.column("area", .text)
            t.column("role", .text)
            t.column("consent_report_back", .boolean).notNull().defaults(to: false)
            t.column("consent_future_activities", .boolean).notNull().defaults(to: false)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "participant_contact") { t in
            t.primaryKey("participant_id", .text).references("participant", onDelete: .cascade)
            t.column("email", .text).notNull()
            t.column("consented_at", .datetime).notNull()
        }
        try db.create(table: "erased_participant") { t in
            t.primaryKey("participant_key", .text)
            t.column("erased_at", .datetime).notNull()
            t.column("reason", .text).notNull()  // erasure request or retention
        }
        try db.create(table: "contribution") { t in
            t.primaryKey("id", .text)
            t.column("trajectory_id", .text).notNull()
            t.column("activity_id", .text).notNull()
            t.column("participant_id", .text).references("participant", onDelete: .setNull)
            t.column("participant_key", .text)
            t.column("channel", .text).notNull()
            t.column("payload", .jsonText).notNull()
            t.column("themes", .jsonText).notNull()
            t.column("state", .text).notNull()
            t.column("problems", .jsonText)
            t.column("archived", .boolean).notNull().defaults(to: false)
            t.column("created_at", .datetime).notNull()
            t.column("validated_at", .datetime)
            t.foreignKey(["trajectory_id", "activity_id"], references: "activity", onDelete: .restrict)
        }
        try db.create(index: "contribution_by_activity", on: "contribution", columns: ["trajectory_id", "activity_id"])
        try db.create(index: "contribution_by_state", on: "contribution", columns: ["state"])
        try db.create(index: "contribution_by_participant", on: "contribution", columns: ["participant_id"])
        try db.create(table: "response") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
            t.column("contribution_id", .text).references("contribution", onDelete: .cascade)
            t.column("theme", .text)
            t.column("status", .text).notNull()
            t.column("reason_nl", .text)
            t.column("reason_en", .text)
            t.column("decided_by", .text).notNull()
            t.column("decided_on", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.check(sql: "(contribution_id IS NULL) <> (theme IS NULL)")
        }
        try db.create(index: "response_by_contribution", on: "response", columns: ["contribution_id"])
        try db.create(table: "report_back") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("trajectory_id", .text).notNull().references("trajectory", onDelete: .cascade)
            t.column("activity_id", .text)
            t.column("channel", .text).notNull()
            t.column("summary_nl", .text).notNull()
            t.column("summary_en", .text)
            t.column("recipients", .integer).notNull()
            t.column("state", .text).notNull()
            t.column("sent_on", .text)
            t.column("created_at", .datetime).notNull()
        }
        // The e-mail outbox of a report-back: who gets it. Addresses stay in participant_contact,
        // so erasing a participant also takes them out of every outbox.
        try db.create(table: "report_back_recipient") { t in
            t.column("report_back_id", .integer).notNull().references("report_back", onDelete: .cascade)
            t.column("participant_id", .text).notNull().references("participant", onDelete: .cascade)
            t.primaryKey(["report_back_id", "participant_id"])
        }
        try db.create(table: "population") { t in
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
            t.primaryKey(["year", "region"])
        }
        try db.create(table: "population_import") { t in
            t.primaryKey("year", .integer)
            t.column("imported_at", .datetime).notNull()
            t.column("source", .text).notNull()
            t.column("rows_read", .integer).notNull()
            t.column("rows_stored", .integer).notNull()
        }
    }
}
