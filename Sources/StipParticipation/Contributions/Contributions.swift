public import StipDomain
public import StipJSON
public import StipVocabulary

/// Contributions of a workspace: added one by one through their method plugin, imported from a file, listed,
/// rejected by a reviewer, amended (a walk observation's follow-up).
public struct Contributions: Sendable {
    let store: any ParticipationStore
    let intake: ContributionIntake
    let importer: ContributionImport
    let exporter: ContributionExport
    let pending: PendingValidator

    init(
        store: any ParticipationStore, intake: ContributionIntake, importer: ContributionImport, exporter: ContributionExport,
        pending: PendingValidator
    ) {
        self.store = store
        self.pending = pending
        self.intake = intake
        self.importer = importer
        self.exporter = exporter
    }

    /// Validates a submission through its plugin and stores it; when the plugin is unavailable it is kept as
    /// `pending_validation` and validated later.
    /// - Throws: `invalid_value` for a theme that is not a tag, `invalid_contribution` with the plugin's field errors.
    public func add(_ workspace: ResolvedWorkspace, _ submission: ContributionIntake.Submission, by actor: AuditActor)
        async throws(DomainError) -> Contribution
    {
        try workspace.requireLive()
        _ = try ThemeNames.typed(submission.themes)
        let today = workspace.today()
        if let day = submission.occurredOn { try Self.checkNotFuture(day, today: today) }
        return try await translatingFailures(plugin: "the activity's method plugin") {
            try await intake.add(workspace.slug, submission, today: today, by: actor)
        }
    }

    /// Contributions matching `filter`.
    public func list(_ workspace: ResolvedWorkspace, _ filter: ContributionFilter) async throws(DomainError) -> [Contribution] {
        try await translatingFailures { try await store.contributions(workspace.slug, filter) }
    }

    /// One contribution.
    /// - Throws: `contribution_not_found`.
    public func get(_ workspace: ResolvedWorkspace, _ id: String) async throws(DomainError) -> Contribution {
        try await translatingFailures { try await store.contribution(workspace.slug, id) }
    }

    /// A reviewer's refusal (offensive, off-topic, duplicate): kept with the reason, no longer counted.
    public func reject(_ workspace: ResolvedWorkspace, _ id: String, reason: String, by actor: AuditActor) async throws(DomainError)
        -> Contribution
    {
        try workspace.requireLive()
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError(.invalidInput, "say why in \"reason\"; it is kept with the contribution")
        }
        let rejected = try await translatingFailures { try await store.rejectContribution(workspace.slug, id, reason: reason, by: actor) }
        await pending.released(workspace.slug, id)
        return rejected
    }

    /// Puts a quarantined contribution back in line for validation (an admin has fixed or updated the plugin).
    /// If it crashes the plugin twice more it is quarantined again.
    /// - Throws: `contribution_not_found`, `contribution_not_quarantined`.
    public func retry(_ workspace: ResolvedWorkspace, _ id: String, by actor: AuditActor) async throws(DomainError) -> Contribution {
        try workspace.requireLive()
        let retried = try await translatingFailures { try await store.retryQuarantined(workspace.slug, id, by: actor) }
        await pending.released(workspace.slug, id)
        await pending.note(workspace.slug)
        pending.wakeUp()
        return retried
    }

    /// Amends a contribution with a JSON merge patch on its payload, validated again by its plugin.
    /// - Throws: `invalid_contribution`; plugin failures (nothing is changed then).
    /// `occurredOn` corrects the day it was made (not after today).
    public func amend(
        _ workspace: ResolvedWorkspace, _ id: String, patch: JSONValue, themes: [String]?, occurredOn: LocalDate? = nil,
        by actor: AuditActor
    ) async throws(DomainError) -> Contribution {
        try workspace.requireLive()
        if let themes { _ = try ThemeNames.typed(themes) }
        if let occurredOn { try Self.checkNotFuture(occurredOn, today: workspace.today()) }
        return try await translatingFailures(plugin: "the activity's method plugin") {
            try await intake.amend(workspace.slug, id, patch: patch, themes: themes, occurredOn: occurredOn, by: actor)
        }
    }

    /// Imports rows of a CSV or YAML file into an activity, all or nothing unless `skipInvalid`.
    /// - Throws: `import_rejected` with the refused rows; plugin failures (nothing is stored then).
    public func importFile(
        _ workspace: ResolvedWorkspace, trajectory: String?, activity: String, format: ContributionImport.Format, text: String,
        file: String?, options: ContributionImport.Options, by actor: AuditActor
    ) async throws(DomainError) -> ContributionImport.Report {
        try workspace.requireLive()
        let today = workspace.today()
        if let day = options.occurredOn { try Self.checkNotFuture(day, today: today) }
        return try await translatingFailures(plugin: "the activity's method plugin") {
            do {
                return try await importer.run(
                    workspace.slug, trajectory: trajectory, activity: activity, format: format, text: text, file: file,
                    options: options, today: today, by: actor)
            } catch let rejected as ContributionImport.Rejected {
                throw DomainError(
                    .importRejected, rejected.message,
                    fieldIssues: rejected.errors.map {
                        FieldIssue(
                            field: $0.column ?? ($0.pointer.isEmpty ? "row" : $0.pointer), message: $0.message, file: file, line: $0.line,
                            row: $0.rows == nil && $0.row > 0 ? $0.row : nil)
                    })
            }
        }
    }

    /// A document the activity's method writes from its contributions (`stipctl contributions export`).
    /// - Throws: `unsupported_format` listing what the method offers; plugin failures.
    public func export(_ workspace: ResolvedWorkspace, trajectory: String?, activity: String, format: String) async throws(DomainError)
        -> ExportedDocument
    {
        try workspace.requireLive()
        return try await translatingFailures(plugin: "the activity's method plugin") {
            try await exporter.run(workspace, trajectory: trajectory, activity: activity, format: format)
        }
    }

    /// Nothing is made after today: a day in the future is a typo, or a plan, not a contribution.
    static func checkNotFuture(_ day: LocalDate, today: LocalDate) throws(DomainError) {
        guard day > today else { return }
        throw DomainError(
            .invalidValue, "occurred_on \(day) is after today (\(today)); give the day the contribution was made",
            fieldIssues: [FieldIssue(field: "occurred_on", message: "must not be after \(today)")])
    }

}

import Foundation
import StipStorage
