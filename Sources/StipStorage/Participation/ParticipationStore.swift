public import Foundation
public import StipDomain
public import StipJSON
public import StipVocabulary

/// Storage of what happens inside a workspace: trajectories, participants, contributions, feedback,
/// population figures and privacy. Every method works on one workspace's database only; every mutation
/// records its audit entry in that database, in the transaction that makes the change.
public protocol ParticipationStore: Sendable {
    // MARK: Trajectories
    func trajectories(_ slug: WorkspaceSlug) async throws -> [TrajectorySummary]
    /// - Throws: `trajectory_not_found`.
    func trajectory(_ slug: WorkspaceSlug, _ id: String) async throws -> StoredTrajectory
    /// `nil` when the workspace has no trajectory with this id.
    func trajectoryIfPresent(_ slug: WorkspaceSlug, _ id: String) async throws -> StoredTrajectory?
    /// Writes a checked plan: the document, its activities, and archives or deletes removed activities.
    /// - Throws: `activity_has_contributions` when a removed activity holds contributions and `prune` is off.
    func saveTrajectory(_ slug: WorkspaceSlug, _ write: TrajectoryWrite, by actor: AuditActor) async throws
    func setTrajectoryStatus(_ slug: WorkspaceSlug, _ id: String, _ status: TrajectoryStatus, by actor: AuditActor) async throws
        -> StoredTrajectory
    /// - Throws: `invalid_reference` when the plan has no such phase.
    func setReflection(_ slug: WorkspaceSlug, _ id: String, _ reflection: PhaseReflection, by actor: AuditActor) async throws
        -> StoredTrajectory
    /// Finds an activity by id, optionally within one trajectory.
    /// - Throws: `activity_not_found`, `activity_ambiguous` when several trajectories have it.
    func activity(_ slug: WorkspaceSlug, trajectory: String?, id: String) async throws -> StoredActivity

    // MARK: Contributions
    /// Stores contributions in one transaction: all or none. Acknowledge only after this returns.
    func addContributions(_ slug: WorkspaceSlug, _ contributions: [NewContribution], onePerParticipant: Bool, by actor: AuditActor?)
        async throws -> [Contribution]
    func contributions(_ slug: WorkspaceSlug, _ filter: ContributionFilter) async throws -> [Contribution]
    func contribution(_ slug: WorkspaceSlug, _ id: String) async throws -> Contribution
    /// Contributions waiting for their plugin, oldest first.
    func pendingContributions(_ slug: WorkspaceSlug, limit: Int) async throws -> [PendingContribution]
    /// How many contributions wait for their plugin's validation, and since when the oldest has waited.
    func pendingBacklog(_ slug: WorkspaceSlug) async throws -> (count: Int, oldest: Date?)
    func resolvePending(_ slug: WorkspaceSlug, _ id: String, _ resolution: PendingResolution) async throws
    /// Replaces a contribution's payload with an amended, validated one (a walk observation's follow-up).
    /// Replaces a contribution's payload and themes after its plugin validated them again; `occurredOn`, when given,
    /// corrects the day it was made.
    func amendContribution(
        _ slug: WorkspaceSlug, _ id: String, payload: JSONValue, themes: [String], themeNames: [ThemeName], occurredOn: LocalDate?,
        by actor: AuditActor
    ) async throws -> Contribution
    /// Counts a plugin crash while the validation of a pending contribution was in flight; at
    /// ``Quarantine/threshold`` crashes the contribution is quarantined.
    /// - Returns: whether it is quarantined now.
    func recordValidationCrash(_ slug: WorkspaceSlug, _ id: String, _ crash: ValidationCrash) async throws -> Bool
    /// Puts a quarantined contribution back in line for validation, its crash count reset (an admin's decision).
    func retryQuarantined(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> Contribution
    /// The workspace's quarantined contributions and their methods, oldest first.
    func quarantinedContributions(_ slug: WorkspaceSlug) async throws -> [QuarantinedContribution]
    /// The workspace's accent colour and logo.
    func branding(_ slug: WorkspaceSlug) async throws -> Branding
    /// Sets (or, with `nil`, removes) the accent colour; already checked.
    func setAccentColor(_ slug: WorkspaceSlug, _ color: String?, by actor: AuditActor) async throws
    /// Sets (or, with `nil`, removes) the logo; already checked.
    func setLogo(_ slug: WorkspaceSlug, _ logo: Branding.Logo?, by actor: AuditActor) async throws
    /// A reviewer's refusal (offensive, off-topic, duplicate): kept with the reason, no longer counted.
    func rejectContribution(_ slug: WorkspaceSlug, _ id: String, reason: String, by actor: AuditActor) async throws -> Contribution

    // MARK: Themes
    /// The labels of a trajectory's theme tags.
    func themeNames(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ThemeName]
    /// A trajectory's themes with how many counted contributions each holds and whether it is answered.
    func themes(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ThemeSummary]
    /// Re-tags every contribution and response of `tags` with `target` (a rename, or a merge of several), and
    /// gives `target` its label. Returns how many contributions changed.
    func retagThemes(_ slug: WorkspaceSlug, trajectory: String, from tags: [String], to target: ThemeName, by actor: AuditActor)
        async throws -> Int

    // MARK: Participants and privacy
    func createParticipant(_ slug: WorkspaceSlug, _ draft: ParticipantDraft, by actor: AuditActor) async throws -> Participant
    func exportParticipant(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> ParticipantExport
    /// The workspace's participants, oldest first, without contact details.
    func participants(_ slug: WorkspaceSlug, limit: Int) async throws -> [ParticipantSummary]
    /// One participant with their e-mail address, for an update (not an access request: not audited as one).
    func participant(_ slug: WorkspaceSlug, _ id: String) async throws -> Participant
    /// Replaces a participant's profile, consents and e-mail address (already checked); audited.
    func updateParticipant(_ slug: WorkspaceSlug, _ participant: Participant, by actor: AuditActor) async throws -> Participant
    func eraseParticipant(_ slug: WorkspaceSlug, _ id: String, by actor: AuditActor) async throws -> ErasureReport
    func retentionMonths(_ slug: WorkspaceSlug) async throws -> Int
    func setRetentionMonths(_ slug: WorkspaceSlug, _ months: Int, by actor: AuditActor) async throws
    /// Deletes contact details and anonymises participants of trajectories closed longer ago than the retention period.
    func sweepRetention(_ slug: WorkspaceSlug, now: Date, by actor: AuditActor) async throws -> RetentionReport

    // MARK: Evaluation
    /// What a trajectory's data counts up to for its host metrics (docs/metrics.md), aggregated in SQL.
    /// - Parameter targetedActivities: the ids of its activities with `access: targeted`.
    func trajectoryFigures(_ slug: WorkspaceSlug, trajectory: String, targetedActivities: [String]) async throws -> TrajectoryFigures

    /// Opens a cycle's slot, idempotently: the same trajectory, trigger and planned instant is the same cycle.
    func openCycle(
        _ slug: WorkspaceSlug, trajectory: String, trigger: CycleTrigger, plannedAt: Date, phase: String?, startedAt: Date,
        by actor: AuditActor
    ) async throws -> OpenedCycle
    /// Stores a running cycle's snapshot and marks it finished, in one transaction with the incremental plugins'
    /// `states` for the next cycle and forgetting the states of `forgetting` (activities whose incremental evaluation
    /// failed); a finished cycle is never written again.
    func finishCycle(_ slug: WorkspaceSlug, _ snapshot: CycleSnapshot, states: [EvaluationState], forgetting: [String]) async throws
    /// Cycles left running by a daemon that stopped during them (read at start-up, when none can really be running).
    func unfinishedCycles(_ slug: WorkspaceSlug) async throws -> [UnfinishedCycle]
    func failCycle(_ slug: WorkspaceSlug, trajectory: String, number: Int, error: String) async throws
    func cycles(_ slug: WorkspaceSlug, trajectory: String) async throws -> [CycleSummary]
    func cycle(_ slug: WorkspaceSlug, trajectory: String, number: Int) async throws -> CycleSnapshot
    func previousCycle(_ slug: WorkspaceSlug, trajectory: String, before number: Int) async throws -> CycleSnapshot?
    /// Where a trajectory's schedule stands; `nil` before the scheduler first saw it.
    func scheduleState(_ slug: WorkspaceSlug, trajectory: String) async throws -> ScheduleState?
    func saveScheduleState(_ slug: WorkspaceSlug, trajectory: String, _ state: ScheduleState) async throws
    /// How far an activity's contributions go now, its generation, and the evaluation state kept from before.
    func evaluationStart(_ slug: WorkspaceSlug, trajectory: String, activity: String) async throws -> EvaluationStart
    /// One batch of an activity's counted contributions for `evaluate_batch`: rowids after `after`, up to `through`.
    func evaluationBatch(_ slug: WorkspaceSlug, trajectory: String, activity: String, after: Int64, through: Int64, limit: Int)
        async throws -> (items: [JSONValue], last: Int64)

    // MARK: Published reports
    /// Publishes the public report of a finished cycle on the trajectory's resident page (replacing an earlier one).
    func publishReport(_ slug: WorkspaceSlug, trajectory: String, cycle: Int, by actor: AuditActor) async throws -> PublishedReport
    /// Takes the trajectory's public report off its page; `false` when none was published.
    func unpublishReport(_ slug: WorkspaceSlug, trajectory: String, by actor: AuditActor) async throws -> Bool
    func publishedReport(_ slug: WorkspaceSlug, trajectory: String) async throws -> PublishedReport?
    /// Stores a report template that replaces the built-in one of the same name (checked by the caller).
    func setReportTemplate(_ slug: WorkspaceSlug, name: String, text: String, by actor: AuditActor) async throws
    /// Goes back to the built-in template; `false` when the workspace had none of its own.
    func removeReportTemplate(_ slug: WorkspaceSlug, name: String, by actor: AuditActor) async throws -> Bool
    /// The workspace's own report templates, by name.
    func reportTemplates(_ slug: WorkspaceSlug) async throws -> [String: String]

    // MARK: Feedback
    func respond(_ slug: WorkspaceSlug, _ draft: ResponseDraft, by actor: AuditActor) async throws -> FeedbackResponse
    func feedbackOverview(_ slug: WorkspaceSlug, trajectory: String, today: LocalDate, timeZone: TimeZone) async throws -> FeedbackOverview
    /// A report-back through another channel than e-mail must come with its `sentOn` date.
    func createReportBack(_ slug: WorkspaceSlug, _ draft: ReportBackDraft, by actor: AuditActor) async throws -> ReportBack
    func reportBacks(_ slug: WorkspaceSlug, trajectory: String) async throws -> [ReportBack]
    func outbox(_ slug: WorkspaceSlug, reportBack id: Int64, by actor: AuditActor) async throws -> [OutboxEntry]
    func markReportBackSent(_ slug: WorkspaceSlug, reportBack id: Int64, on date: LocalDate, by actor: AuditActor) async throws
        -> ReportBack

    // MARK: Public responses and poll codes
    /// Whether this browser (its id from the signed cookie) has responded to an activity that takes one response per browser.
    func hasResponded(_ slug: WorkspaceSlug, trajectory: String, activity: String, browser: String) async throws -> Bool
    func recordPublicResponses(_ slug: WorkspaceSlug, _ batch: [(NewContribution, ResponseProof)]) async throws -> [Result<
        Contribution, StorageError
    >]
    func generateCodes(_ slug: WorkspaceSlug, trajectory: String, activity: String, count: Int, by actor: AuditActor) async throws
        -> [String]
    func codeCounts(_ slug: WorkspaceSlug, trajectory: String, activity: String) async throws -> PollCodeCounts
    func revokeCodes(_ slug: WorkspaceSlug, trajectory: String, activity: String, codes: [String]?, by actor: AuditActor) async throws
        -> Int
    func responses(_ slug: WorkspaceSlug, trajectory: String) async throws -> [FeedbackResponse]

    // MARK: Population
    /// Starts an import of population figures; returns its id. Rows of imports abandoned a day ago or more are removed.
    func beginPopulationImport(_ slug: WorkspaceSlug) async throws -> Int64
    /// Writes figures of an import, in short transactions; nobody reads them until the import is finished.
    func stagePopulation(_ slug: WorkspaceSlug, importID: Int64, year: Int, _ figures: [PopulationFigures]) async throws
    /// Makes an import the year's figures in one small step (audited), then removes the ones it replaces.
    /// - Returns: how many regions the replaced figures had.
    func finishPopulationImport(
        _ slug: WorkspaceSlug, importID: Int64, year: Int, source: String, rowsRead: Int, stored: Int, by actor: AuditActor
    ) async throws -> Int
    /// Removes what an import that failed had written.
    func abandonPopulationImport(_ slug: WorkspaceSlug, importID: Int64) async throws
    /// The newest year when `year` is nil.
    func population(_ slug: WorkspaceSlug, year: Int?) async throws -> PopulationTable
    /// Removes a year's figures (audited); `population_not_found` when there are none.
    /// - Returns: how many regions the year had.
    func deletePopulation(_ slug: WorkspaceSlug, year: Int, by actor: AuditActor) async throws -> Int
}
