import GRDB

extension WorkspaceSchema {
    /// What lets a cycle stream only the contributions that are new since the last one to a method plugin that
    /// declares `incremental_evaluation` (protocol §8.6).
    ///
    /// `evaluation_state` keeps, per activity, the state the plugin returned, with what it covers: the highest
    /// contribution rowid streamed, the plugin's version, the activity's config and the activity's *generation*.
    /// `evaluation_generation` counts, per activity, every change to a contribution the plugin has already seen or
    /// would have to see again: an accepted contribution changed, erased, archived or deleted, a pending one
    /// accepted late (its rowid may be below the last one streamed), a participant's profile changed. Triggers keep
    /// the count, so no code path that writes contributions can forget it; new contributions, the residents' hot
    /// path, do not touch it. A state whose generation is not the activity's current one is not trusted: the host
    /// then starts the plugin from scratch.
    static func createIncrementalEvaluation(_ db: Database) throws {
        try db.create(table: "evaluation_generation", options: .withoutRowID) { t in
            t.column("trajectory_id", .text).notNull()
            t.column("activity_id", .text).notNull()
            t.column("generation", .integer).notNull()
            t.primaryKey(["trajectory_id", "activity_id"])
        }
        try db.create(table: "evaluation_state", options: .withoutRowID) { t in
            t.column("trajectory_id", .text).notNull()
            t.column("activity_id", .text).notNull()
            t.column("plugin_version", .text).notNull()
            t.column("config", .jsonText).notNull()
            t.column("generation", .integer).notNull()
            t.column("last_rowid", .integer).notNull()
            t.column("period_to", .datetime).notNull()
            t.column("cycle", .integer).notNull()
            t.column("state", .jsonText).notNull()
            t.primaryKey(["trajectory_id", "activity_id"])
        }
        let bump = { (trajectory: String, activity: String) in
            """
            INSERT INTO evaluation_generation (trajectory_id, activity_id, generation) VALUES (\(trajectory), \(activity), 1)
                ON CONFLICT (trajectory_id, activity_id) DO UPDATE SET generation = generation + 1;
            """
        }
        try db.execute(
            sql: """
                CREATE TRIGGER evaluation_generation_on_update AFTER UPDATE ON contribution
                WHEN (OLD.state = 'accepted' AND NOT OLD.archived) OR (NEW.state = 'accepted' AND NOT NEW.archived)
                BEGIN
                    \(bump("OLD.trajectory_id", "OLD.activity_id"))
                    \(bump("NEW.trajectory_id", "NEW.activity_id"))
                END;
                CREATE TRIGGER evaluation_generation_on_delete AFTER DELETE ON contribution
                WHEN OLD.state = 'accepted' AND NOT OLD.archived
                BEGIN
                    \(bump("OLD.trajectory_id", "OLD.activity_id"))
                END;
                CREATE TRIGGER evaluation_generation_on_profile AFTER UPDATE OF age_band, area, role ON participant
                BEGIN
                    INSERT INTO evaluation_generation (trajectory_id, activity_id, generation)
                        SELECT DISTINCT trajectory_id, activity_id, 1 FROM contribution WHERE participant_id = NEW.id AND true
                        ON CONFLICT (trajectory_id, activity_id) DO UPDATE SET generation = generation + 1;
                END;
                """)
    }
}
