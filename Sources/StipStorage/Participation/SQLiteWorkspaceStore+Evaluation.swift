import GRDB
public import StipDomain

extension SQLiteWorkspaceStore {
    public func trajectoryFigures(_ slug: WorkspaceSlug, trajectory: String, targetedActivities: [String]) async throws
        -> TrajectoryFigures
    {
        try await read(slug) { db in
            guard try Self.loadTrajectory(db, trajectory) != nil else { throw Self.trajectoryNotFound(slug, trajectory) }
            // Counted contributions (docs/metrics.md): accepted, of an activity that was not pruned.
            let counted = "FROM contribution WHERE trajectory_id = ? AND state = 'accepted' AND NOT archived"
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS contributions, COUNT(participant_key) AS with_participant,
                           COUNT(DISTINCT participant_key) AS participants
                    \(counted)
                    """, arguments: [trajectory])!
            var targeted = 0
            if !targetedActivities.isEmpty {
                let marks = databaseQuestionMarks(count: targetedActivities.count)
                targeted =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(DISTINCT participant_key) \(counted) AND activity_id IN (\(marks))",
                        arguments: StatementArguments([trajectory] + targetedActivities)) ?? 0
            }
            // Profiles as counts per combination: the participants whose profile is still there.
            let profiles = try Row.fetchAll(
                db,
                sql: """
                    SELECT p.age_band, p.area, p.role, COUNT(*) AS n FROM participant p
                    WHERE p.id IN (SELECT DISTINCT participant_id \(counted) AND participant_id IS NOT NULL)
                    GROUP BY p.age_band, p.area, p.role
                    """, arguments: [trajectory]
            ).map {
                TrajectoryFigures.ProfileCount(ageBand: $0["age_band"], area: $0["area"], role: $0["role"], participants: $0["n"])
            }
            let reportBacks =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM report_back WHERE trajectory_id = ? AND state = 'sent'", arguments: [trajectory]) ?? 0
            var figures = TrajectoryFigures(
                contributions: row["contributions"], contributionsWithParticipant: row["with_participant"],
                participants: row["participants"],
                targetedParticipants: targeted, profiles: profiles, reportBacksSent: reportBacks)
            figures.activityAgeBands = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.activity_id, p.age_band, COUNT(DISTINCT p.id) AS n FROM contribution c JOIN participant p ON p.id = c.participant_id
                    WHERE c.trajectory_id = ? AND c.state = 'accepted' AND NOT c.archived GROUP BY c.activity_id, p.age_band
                    """, arguments: [trajectory]
            ).map { TrajectoryFigures.ActivityAgeBand(activity: $0["activity_id"], ageBand: $0["age_band"], participants: $0["n"]) }
            return figures
        }
    }
}
