import CoreMetrics
import Foundation
import Logging
public import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
public import StipJSON
public import StipVocabulary

/// Takes contributions in: validates them through their method plugin and stores them durably.
///
/// When the plugin cannot answer (stopped, crashed, timed out), the contribution is stored as
/// `pending_validation` and validated later by ``PendingValidator``; nothing is ever dropped. Only a
/// plugin's own refusal (`invalid_contribution`) turns a submission away, with its field errors.
public struct ContributionIntake: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let pending: PendingValidator
    let logger: Logger

    init(store: any ParticipationStore, plugins: PluginHost, pending: PendingValidator, logger: Logger) {
        self.store = store
        self.plugins = plugins
        self.pending = pending
        self.logger = logger
    }

    /// One submission.
    public struct Submission: Sendable {
        public var trajectory: String?
        public var activity: String
        public var participant: String?
        public var channel: ContributionChannel
        public var payload: JSONValue
        public var themes: [String]
        /// The day it was made, when the admin says; otherwise the method's (a walk's day) or today.
        public var occurredOn: LocalDate?

        public init(
            trajectory: String?, activity: String, participant: String?, channel: ContributionChannel, payload: JSONValue, themes: [String],
            occurredOn: LocalDate? = nil
        ) {
            self.occurredOn = occurredOn
            self.trajectory = trajectory
            self.activity = activity
            self.participant = participant
            self.channel = channel
            self.payload = payload
            self.themes = themes
        }
    }

    /// Validates and stores one contribution; returns it once it is committed.
    /// - Throws: `PluginCallError.rpc` for the plugin's refusal (with its field errors); storage errors (`activity_not_found`, …).
    func add(
        _ slug: WorkspaceSlug, _ submission: Submission, today: LocalDate, onePerParticipant: Bool = false, by actor: AuditActor?
    ) async throws -> Contribution {
        let activity = try await store.activity(slug, trajectory: submission.trajectory, id: submission.activity)
        var payload = submission.payload
        var themes = try ThemeNames.typed(submission.themes)
        var state = ContributionState.accepted
        var needsResponse = true
        var crash: ValidationCrash?
        var methodDay: LocalDate?
        do {
            let result = try await plugins.call(
                activity.method, PluginProtocol.Method.validateContribution,
                .object([
                    "workspace": .string(slug.rawValue), "activity_id": .string(activity.id), "config": activity.config,
                    "submission": submission.payload, "channel": .string(submission.channel.rawValue),
                ]))
            payload = result["contribution"] ?? submission.payload
            themes = ThemeNames.unique(themes + ThemeNames.found(in: result))
            needsResponse = result["needs_response"] != .bool(false)
            methodDay = result["occurred_on"]?.stringValue.flatMap(LocalDate.init)
        } catch let PluginCallError.rpc(error) where error.knownCode == .invalidContribution {
            ParticipationMetrics.contribution(slug, method: activity.method, .rejected)
            throw PluginCallError.rpc(error)
        } catch {
            // The resident's input is kept and checked when the plugin is back.
            logger.warning("storing a contribution to \(slug)/\(activity.trajectory)/\(activity.id) as pending validation: \(error)")
            state = .pendingValidation
            if case PluginCallError.crashed(let plugin, _, let reason, let stderrTail) = error {
                crash = ValidationCrash(at: Date(), method: plugin, reason: reason, stderrTail: stderrTail)
            }
        }
        if submission.occurredOn == nil, let methodDay, methodDay > today {
            // A walk that has not been walked yet has no observations: a wrong activity, or a date to give.
            throw DomainError(
                .invalidValue,
                "activity \(activity.id) takes place on \(methodDay), after today (\(today)); enter contributions once it has happened, "
                    + "or give the day it was made with occurred_on",
                fieldIssues: [FieldIssue(field: "occurred_on", message: "the method's day \(methodDay) is after today")])
        }
        let stored = try await store.addContributions(
            slug,
            [
                NewContribution(
                    trajectory: activity.trajectory, activity: activity.id, participant: submission.participant,
                    channel: submission.channel,
                    payload: payload, themes: themes.map(\.tag), themeNames: themes, state: state,
                    occurredOn: submission.occurredOn ?? methodDay ?? today,
                    needsResponse: needsResponse, crashedValidation: crash)
            ], onePerParticipant: onePerParticipant, by: actor)
        ParticipationMetrics.stored(slug, method: activity.method, state: state)
        if state == .pendingValidation { await pending.note(slug) }
        return stored[0]
    }

    static func merge(_ a: [String], _ b: [String]) -> [String] {
        var seen = Set<String>()
        return (a + b).filter { seen.insert($0).inserted }
    }
}

extension ContributionIntake {
    /// Amends a stored contribution with a JSON merge patch (RFC 7386) on its payload, validated again by its
    /// plugin — how a walk observation's follow-up is kept up to date.
    /// - Throws: ``PluginCallError`` for the plugin's refusal or when it cannot answer (nothing is changed then).
    func amend(
        _ slug: WorkspaceSlug, _ id: String, patch: JSONValue, themes: [String]?, occurredOn: LocalDate?, by actor: AuditActor
    ) async throws -> Contribution {
        let current = try await store.contribution(slug, id)
        if patch == .object([:]), themes == nil {
            // Only the day changes: the payload the plugin accepted stays as it is.
            return try await store.amendContribution(
                slug, id, payload: current.payload, themes: current.themes, themeNames: [], occurredOn: occurredOn, by: actor)
        }
        let activity = try await store.activity(slug, trajectory: current.trajectory, id: current.activity)
        let amended = current.payload.merging(patch)
        let result = try await plugins.call(
            activity.method, PluginProtocol.Method.validateContribution,
            .object([
                "workspace": .string(slug.rawValue), "activity_id": .string(activity.id), "config": activity.config,
                "submission": amended, "channel": .string(current.channel.rawValue),
            ]))
        let found = ThemeNames.found(in: result)
        let given = try themes.map { texts throws(DomainError) in try ThemeNames.typed(texts) }
        let tags = Self.merge(given.map { $0.map(\.tag) } ?? current.themes, found.map(\.tag))
        return try await store.amendContribution(
            slug, id, payload: result["contribution"] ?? amended, themes: tags, themeNames: (given ?? []) + found, occurredOn: occurredOn,
            by: actor)
    }
}
