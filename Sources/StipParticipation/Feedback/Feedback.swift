public import StipDomain
public import StipVocabulary
import Foundation
import StipStorage

/// What happened with the contributions ("terugkoppeling"): responses to one contribution or to a theme,
/// the coverage overview, and report-backs with their outbox.
public struct Feedback: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// A decision about a contribution or a theme, as the API receives it.
    public struct Decision: Sendable {
        public var status: ResponseStatus
        public var reason: String?
        public var reasonEn: String?
        public var decidedBy: String
        /// The day it was decided; today when absent, never in the future.
        public var decidedOn: LocalDate?

        public init(status: ResponseStatus, reason: String?, reasonEn: String?, decidedBy: String, decidedOn: LocalDate?) {
            self.status = status
            self.reason = reason
            self.reasonEn = reasonEn
            self.decidedBy = decidedBy
            self.decidedOn = decidedOn
        }
    }

    /// Answers one contribution.
    public func respond(_ workspace: ResolvedWorkspace, toContribution id: String, _ decision: Decision, by actor: AuditActor)
        async throws(DomainError) -> FeedbackResponse
    {
        let draft = try self.draft(decision, target: .contribution(id), in: workspace)
        return try await translatingFailures { try await store.respond(workspace.slug, draft, by: actor) }
    }

    /// Answers every contribution of a trajectory with a theme.
    public func respond(
        _ workspace: ResolvedWorkspace, trajectory: String, theme: String, _ decision: Decision, by actor: AuditActor
    ) async throws(DomainError) -> FeedbackResponse {
        let tag = try await Themes(store: store).resolve(workspace, trajectory: trajectory, theme)
        let draft = try self.draft(decision, target: .theme(trajectory: trajectory, theme: tag), in: workspace)
        return try await translatingFailures { try await store.respond(workspace.slug, draft, by: actor) }
    }

    /// Response coverage and waiting times of a trajectory, counted in the workspace's days.
    public func overview(_ workspace: ResolvedWorkspace, trajectory: String) async throws(DomainError) -> FeedbackOverview {
        try await translatingFailures {
            try await store.feedbackOverview(workspace.slug, trajectory: trajectory, today: workspace.today(), timeZone: workspace.timeZone)
        }
    }

    /// The responses of a trajectory (for its public page).
    public func responses(_ workspace: ResolvedWorkspace, trajectory: String) async throws(DomainError) -> [FeedbackResponse] {
        try await translatingFailures { try await store.responses(workspace.slug, trajectory: trajectory) }
    }

    /// The report-backs of a trajectory.
    public func reportBacks(_ workspace: ResolvedWorkspace, trajectory: String) async throws(DomainError) -> [ReportBack] {
        try await translatingFailures { try await store.reportBacks(workspace.slug, trajectory: trajectory) }
    }

    /// A report-back as the API receives it.
    public struct ReportBackInput: Sendable {
        public var activity: String?
        public var channel: ReportBackChannel
        public var summary: String
        public var summaryEn: String?
        public var recipients: Int?
        public var sentOn: LocalDate?

        public init(
            activity: String?, channel: ReportBackChannel, summary: String, summaryEn: String?, recipients: Int?, sentOn: LocalDate?
        ) {
            self.activity = activity
            self.channel = channel
            self.summary = summary
            self.summaryEn = summaryEn
            self.recipients = recipients
            self.sentOn = sentOn
        }
    }

    /// Records a report-back. E-mail ones count their recipients from the consenting participants and wait in
    /// the outbox until marked sent; the others are sent on `sentOn` (today by default).
    public func createReportBack(
        _ workspace: ResolvedWorkspace, trajectory: String, _ input: ReportBackInput, by actor: AuditActor
    ) async throws(DomainError) -> ReportBack {
        try workspace.requireLive()
        guard !input.summary.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DomainError(.invalidInput, "summary must say, in a sentence or more, what was done with the contributions")
        }
        if input.channel == .email, input.recipients != nil {
            throw DomainError(.invalidInput, "an e-mail report-back counts its recipients from the outbox; leave out \"recipients\"")
        }
        if input.channel != .email {
            guard let recipients = input.recipients, recipients >= 0 else {
                throw DomainError(.invalidInput, "say how many people the \(input.channel.rawValue) reached in \"recipients\" (0 or more)")
            }
        }
        let sentOn = input.channel == .email ? input.sentOn : (input.sentOn ?? workspace.today())
        if let sentOn { try Self.checkSent(sentOn, today: workspace.today()) }
        let draft = ReportBackDraft(
            trajectory: trajectory, activity: input.activity, channel: input.channel,
            summary: BilingualText(nl: input.summary, en: input.summaryEn), recipients: input.recipients, sentOn: sentOn)
        return try await translatingFailures { try await store.createReportBack(workspace.slug, draft, by: actor) }
    }

    /// The addresses of an e-mail report-back's consenting recipients (reading them is audited).
    public func outbox(_ workspace: ResolvedWorkspace, reportBack id: Int64, by actor: AuditActor) async throws(DomainError)
        -> [OutboxEntry]
    {
        try workspace.requireLive()
        return try await translatingFailures { try await store.outbox(workspace.slug, reportBack: id, by: actor) }
    }

    /// Marks a report-back sent, on `date` (today by default).
    public func markSent(_ workspace: ResolvedWorkspace, reportBack id: Int64, on date: LocalDate?, by actor: AuditActor)
        async throws(DomainError) -> ReportBack
    {
        try workspace.requireLive()
        let day = date ?? workspace.today()
        try Self.checkSent(day, today: workspace.today())
        return try await translatingFailures { try await store.markReportBackSent(workspace.slug, reportBack: id, on: day, by: actor) }
    }

    /// A report-back counts, and residents are told it happened, from the day it was sent: not before.
    static func checkSent(_ day: LocalDate, today: LocalDate) throws(DomainError) {
        guard day > today else { return }
        throw DomainError(
            .invalidInput,
            "sent_on \(day) is after today (\(today)); a report-back is recorded once it has gone out — mark it sent on that day",
            fieldIssues: [FieldIssue(field: "sent_on", message: "must not be after \(today)")])
    }

    /// The checks every decision passes, and its draft.
    func draft(_ decision: Decision, target: ResponseDraft.Target, in workspace: ResolvedWorkspace) throws(DomainError) -> ResponseDraft {
        try workspace.requireLive()
        guard !decision.decidedBy.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError(.invalidInput, "decided_by must name who decided (a person, the college, the council)")
        }
        if decision.status.isAnswer, (decision.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw DomainError(
                .invalidInput,
                "a response with status \(decision.status.rawValue) gives its reason in \"reason\" (Dutch; \"reason_en\" optional)")
        }
        let today = workspace.today()
        let decidedOn = decision.decidedOn ?? today
        if decidedOn > today {
            throw DomainError(.invalidInput, "decided_on \(decidedOn) is in the future; record a decision once it is taken")
        }
        return ResponseDraft(
            target: target, status: decision.status, reason: decision.reason.map { BilingualText(nl: $0, en: decision.reasonEn) },
            decidedBy: decision.decidedBy, decidedOn: decidedOn)
    }
}
