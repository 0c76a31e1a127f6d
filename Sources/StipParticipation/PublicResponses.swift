import CoreMetrics
import Foundation
import Logging
import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON
import StipVocabulary
import Synchronization

/// A resident's response to an online activity: validated by the method plugin (or kept as pending when the
/// plugin cannot answer), made durable with its one-response proof, acknowledged only after the commit.
///
/// Responses flow through two batching stages. Responses to one activity that arrive while the plugin is
/// validating the previous ones are validated together, in one `validate_contributions` request; what passes
/// joins the workspace's group commit. Both stages run at once, so while one batch is written to disk the
/// next one is being validated.
///
/// A resident waits for the plugin's verdict at most ``validationWait``: a plugin that hangs, or restarts,
/// cannot hold a batch (or the batches behind it) for its whole deadline. Past the wait the responses are kept
/// as pending validation and acknowledged; the pending validator decides about them later. After such a wait
/// the method's next batches skip the plugin for a little while, so not every resident pays the wait again.
public struct PublicResponses: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let committer: ResponseCommitter
    let pending: PendingValidator
    let logger: Logger
    /// How long a resident waits for the plugin's verdict before the response is kept as pending.
    let validationWait: Duration
    private let validations: KeyedBatches<ActivityKey, Waiting>
    /// Methods whose plugin did not answer within the wait, and since when.
    private let unresponsive = UnresponsiveMethods()

    init(
        store: any ParticipationStore, plugins: PluginHost, committer: ResponseCommitter, pending: PendingValidator, logger: Logger,
        maxValidationBatch: Int = 256, validationWait: Duration = .seconds(2)
    ) {
        self.store = store
        self.plugins = plugins
        self.committer = committer
        self.pending = pending
        self.logger = logger
        self.validationWait = validationWait
        self.validations = KeyedBatches(maxBatch: maxValidationBatch)
    }

    /// The plugin's answers, or `nil` when it is known not to answer in time or did not this time.
    private func verdicts(_ slug: WorkspaceSlug, _ activity: StoredActivity, _ submissions: [JSONValue]) async
        -> [Result<JSONValue, PluginCallError>]?
    {
        let method = activity.method
        let quietFor = validationWait * 5
        if unresponsive.isQuiet(method, within: quietFor) { return nil }
        let plugins = self.plugins
        let answers = await firstOf(within: validationWait) {
            await plugins.validateContributions(
                method, workspace: slug.rawValue, activityID: activity.id, config: activity.config, channel: "online",
                submissions: submissions)
        }
        unresponsive.record(method, answered: answers != nil)
        return answers
    }

    /// The plugin refused the answers: its field errors, with texts in the resident's language when it gave them.
    struct Refused: Error, Sendable {
        var errors: [(pointer: String, message: String)]
    }

    private struct ActivityKey: Hashable, Sendable {
        var slug: WorkspaceSlug
        var trajectory: String
        var activity: String
    }

    /// A response waiting for validation, and who waits for it.
    private struct Waiting: Sendable {
        var activity: StoredActivity
        var submission: JSONValue
        var proof: ResponseProof
        var language: String
        /// The resident's day, in the workspace's time zone.
        var occurredOn: LocalDate
        var done: CheckedContinuation<Contribution, any Error>
    }

    /// Validates and stores a response made on `occurredOn` (today in the workspace).
    /// - Throws: ``Refused``; `already_contributed` / `invalid_reference` (codes) from storage.
    func submit(
        _ slug: WorkspaceSlug, activity: StoredActivity, submission: JSONValue, proof: ResponseProof, language: String,
        occurredOn: LocalDate
    ) async throws -> Contribution {
        let stored = try await withCheckedThrowingContinuation { done in
            validations.add(
                [
                    Waiting(
                        activity: activity, submission: submission, proof: proof, language: language, occurredOn: occurredOn, done: done)
                ],
                to: ActivityKey(slug: slug, trajectory: activity.trajectory, activity: activity.id)
            ) { batch in await self.validate(slug, batch) }
        }
        ParticipationMetrics.stored(slug, method: activity.method, state: stored.state)
        if stored.state == .pendingValidation { await pending.note(slug) }
        return stored
    }

    /// Validates a batch and hands what may be stored to the group commit. A plan applied meanwhile can give
    /// responses to one activity different configs: each config is validated on its own.
    private func validate(_ slug: WorkspaceSlug, _ batch: [Waiting]) async {
        var groups: [[Waiting]] = []
        for item in batch {
            if let index = groups.firstIndex(where: {
                $0[0].activity.method == item.activity.method && $0[0].activity.config == item.activity.config
            }) {
                groups[index].append(item)
            } else {
                groups.append([item])
            }
        }
        for group in groups {
            let activity = group[0].activity
            var results =
                await verdicts(slug, activity, group.map(\.submission))
                ?? Array(
                    repeating: .failure(
                        .timeout(plugin: activity.method, method: PluginProtocol.Method.validateContributions, after: validationWait)),
                    count: group.count)
            if results.count != group.count {
                // Every resident waits on a continuation: none may be left without an answer.
                let broken = PluginCallError.unavailable(
                    plugin: activity.method, reason: "\(results.count) answers for \(group.count) submissions")
                results = Array(repeating: .failure(broken), count: group.count)
            }
            var storable: [ResponseCommitter.Item] = []
            var unvalidated: [String] = []
            for (item, result) in zip(group, results) {
                var new = NewContribution(
                    trajectory: activity.trajectory, activity: activity.id, participant: nil, channel: .online, payload: item.submission,
                    themes: [], state: .accepted, occurredOn: item.occurredOn, needsResponse: true)
                switch result {
                case .success(let answer):
                    new.payload = answer["contribution"] ?? item.submission
                    new.themeNames = ThemeNames.found(in: answer)
                    new.themes = new.themeNames.map(\.tag)
                    new.needsResponse = answer["needs_response"] != .bool(false)
                case .failure(.rpc(let error)) where error.knownCode == .invalidContribution:
                    ParticipationMetrics.contribution(slug, method: activity.method, .rejected)
                    let localized = Self.localizedErrors(error.data, language: item.language)
                    item.done.resume(
                        throwing: Refused(errors: localized.isEmpty ? error.fieldErrors.map { ($0.pointer, $0.message) } : localized))
                    continue
                case .failure(let error):
                    // Nothing is lost while the plugin is down: the response is kept and validated later.
                    if !unvalidated.contains(error.description) { unvalidated.append(error.description) }
                    new.state = .pendingValidation
                    if case .crashed(let plugin, _, let reason, let stderrTail) = error {
                        // One strike: it may have been another response in the same batch; the pending validator,
                        // which validates one at a time, decides.
                        new.crashedValidation = ValidationCrash(at: Date(), method: plugin, reason: reason, stderrTail: stderrTail)
                    }
                }
                storable.append(ResponseCommitter.Item(new: new, proof: item.proof, done: item.done))
            }
            if !unvalidated.isEmpty {
                let count = storable.filter { $0.new.state == .pendingValidation }.count
                logger.warning(
                    "\(count) public response(s) to \(slug)/\(activity.trajectory)/\(activity.id) kept as pending validation: \(unvalidated.joined(separator: "; "))"
                )
            }
            committer.enqueue(slug, storable)
        }
    }

    /// `data.errors[].localized[language]` when present (protocol §9.2).
    static func localizedErrors(_ data: JSONValue?, language: String) -> [(pointer: String, message: String)] {
        (data?["errors"]?.elements ?? []).compactMap { item in
            guard let pointer = item["pointer"]?.stringValue else { return nil }
            let text = item["localized"]?[language]?.stringValue ?? item["message"]?.stringValue ?? ""
            return (pointer, text)
        }
    }
}
