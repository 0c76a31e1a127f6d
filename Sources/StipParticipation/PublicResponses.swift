import Foundation
public import Logging
public import StipDomain
public import StipPluginHost
import StipPluginProtocol
public import StipStorage

/// A resident's response to an online activity: validated by the method plugin (or kept as pending when the
/// plugin cannot answer), made durable with its one-response proof, acknowledged only after the commit.
public struct PublicResponses: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let committer: ResponseCommitter
    let pending: PendingValidator
    let logger: Logger

    public init(store: any ParticipationStore, plugins: PluginHost, committer: ResponseCommitter, pending: PendingValidator, logger: Logger)
    {
        self.store = store
        self.plugins = plugins
        self.committer = committer
        self.pending = pending
        self.logger = logger
    }

    /// The plugin refused the answers: its field errors, with texts in the resident's language when it gave them.
    public struct Refused: Error, Sendable {
        public var errors: [(pointer: String, message: String)]
    }

    /// Validates and stores a response.
    /// - Throws: ``Refused``; `already_contributed` / `invalid_reference` (codes) from storage.
    public func submit(
        _ slug: WorkspaceSlug, activity: StoredActivity, submission: JSONValue, proof: ResponseProof, language: String
    ) async throws -> Contribution {
        var payload = submission
        var themes: [String] = []
        var needsResponse = true
        var state = ContributionState.accepted
        do {
            let result = try await plugins.call(
                activity.method, PluginProtocol.Method.validateContribution,
                .object([
                    "workspace": .string(slug.rawValue), "activity_id": .string(activity.id), "config": activity.config,
                    "submission": submission, "channel": .string("online"),
                ]))
            payload = result["contribution"] ?? submission
            themes = result["themes"]?.elements.compactMap(\.stringValue) ?? []
            needsResponse = result["needs_response"] != .bool(false)
        } catch let PluginCallError.rpc(error) where error.knownCode == .invalidContribution {
            let localized = Self.localizedErrors(error.data, language: language)
            throw Refused(errors: localized.isEmpty ? error.fieldErrors.map { ($0.pointer, $0.message) } : localized)
        } catch {
            logger.warning("public response to \(slug)/\(activity.trajectory)/\(activity.id) kept as pending validation: \(error)")
            state = .pendingValidation
        }
        let stored = try await committer.commit(
            slug,
            NewContribution(
                trajectory: activity.trajectory, activity: activity.id, participant: nil, channel: .online, payload: payload,
                themes: themes,
                state: state, needsResponse: needsResponse), proof: proof)
        if state == .pendingValidation { await pending.note(slug) }
        return stored
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
