public import Foundation
public import StipDomain
public import StipJSON
import StipPluginHost
import StipPluginProtocol
import StipStorage

/// What residents may see and do in a workspace: published trajectories, activities with a public form, the
/// form each method describes, what happened with the contributions, and their own responses.
public struct ResidentPages: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let methods: MethodPlugins
    let feedback: Feedback
    let responses: PublicResponses
    let lookups = ResidentLookups()
    let forms = FormCache()

    init(store: any ParticipationStore, plugins: PluginHost, methods: MethodPlugins, feedback: Feedback, responses: PublicResponses) {
        self.store = store
        self.plugins = plugins
        self.methods = methods
        self.feedback = feedback
        self.responses = responses
    }

    /// A trajectory residents may see: it exists and is not a draft.
    public func trajectory(_ workspace: ResolvedWorkspace, _ id: String) async throws(DomainError) -> StoredTrajectory? {
        guard PlanRules.isIdentifier(id) else { return nil }
        if let cached = lookups.trajectory(workspace, id) { return cached.status == .draft ? nil : cached }
        guard let stored = try await translatingFailures({ try await store.trajectoryIfPresent(workspace.slug, id) }) else { return nil }
        lookups.put(stored, in: workspace)
        return stored.status == .draft ? nil : stored
    }

    /// Every trajectory residents may see, in id order.
    public func published(_ workspace: ResolvedWorkspace) async throws(DomainError) -> [StoredTrajectory] {
        var published: [StoredTrajectory] = []
        for summary in try await translatingFailures({ try await store.trajectories(workspace.slug) }) where summary.status != .draft {
            if let stored = try await trajectory(workspace, summary.id) { published.append(stored) }
        }
        return published
    }

    /// An activity with a public form, of a method the workspace may use. While its plugin is down the page is
    /// still found, so a form already shown can be sent and kept as pending validation.
    public func activity(_ workspace: ResolvedWorkspace, in trajectory: StoredTrajectory, _ id: String) async -> PublicActivity? {
        guard let activity = trajectory.activities.first(where: { $0.id == id && !$0.archived }),
            workspace.enabledMethods.contains(activity.method), await methods.hasPublicForm(activity.method, whenUnknown: true)
        else { return nil }
        return PublicActivity(trajectory: trajectory, activity: activity, window: lookups.window(workspace, activity))
    }

    /// The activities of an active trajectory that take responses now.
    public func openActivities(_ workspace: ResolvedWorkspace, in trajectory: StoredTrajectory, at now: Date = Date()) async
        -> [PublicActivity]
    {
        guard trajectory.status == .active else { return [] }
        var open: [PublicActivity] = []
        // Listed only when the plugin says it has a form: a method that is down is not advertised.
        for stored in trajectory.activities where !stored.archived {
            guard await methods.hasPublicForm(stored.method), let activity = await activity(workspace, in: trajectory, stored.id),
                activity.position(at: now) == .open
            else { continue }
            open.append(activity)
        }
        return open
    }

    /// The form of an activity in a language, as the plugin described it; `nil` when it cannot be had.
    public func form(_ workspace: ResolvedWorkspace, _ activity: PublicActivity, language: String) async -> DescribedForm? {
        let stored = activity.activity
        let key = "\(workspace.slug)/\(stored.trajectory)/\(stored.id)/\(language)"
        if let cached = forms.get(key, generation: workspace.generation, config: stored.config) { return cached }
        guard
            let result = try? await plugins.call(
                stored.method, PluginProtocol.Method.publicForm, .object(["config": stored.config, "locale": .string(language)])),
            let form = PublicForm(result)
        else { return nil }
        let described = DescribedForm(form: form, raw: result["form"] ?? result)
        forms.put(key, generation: workspace.generation, config: stored.config, form: described)
        return described
    }

    /// What happened with the contributions of a trajectory: coverage, and the responses given.
    public func outcome(_ workspace: ResolvedWorkspace, _ trajectory: StoredTrajectory) async throws(DomainError) -> TrajectoryOutcome {
        TrajectoryOutcome(
            overview: try await feedback.overview(workspace, trajectory: trajectory.plan.id),
            responses: try await feedback.responses(workspace, trajectory: trajectory.plan.id),
            themes: try await translatingFailures { try await store.themeNames(workspace.slug, trajectory: trajectory.plan.id) })
    }

    /// Whether this browser has already responded to an activity that takes one response per browser: the form
    /// then says so at once instead of showing empty fields. `false` when it cannot be told.
    public func hasResponded(_ workspace: ResolvedWorkspace, to activity: PublicActivity, browser: String) async -> Bool {
        guard activity.responseLimit == .browser else { return false }
        return
            (try? await store.hasResponded(
                workspace.slug, trajectory: activity.activity.trajectory, activity: activity.activity.id, browser: browser)) ?? false
    }

    /// The municipality's accent colour and logo (the default look when they cannot be read).
    public func branding(_ workspace: ResolvedWorkspace) async -> Branding {
        if let cached = lookups.branding(workspace) { return cached }
        guard let branding = try? await store.branding(workspace.slug) else { return Branding() }
        lookups.put(branding, in: workspace)
        return branding
    }

    /// The method's name for residents, from its manifest.
    public func methodName(_ method: String, language: String) async -> String {
        await methods.displayName(of: method, language: language)
    }

    /// Counts a response the form itself refused (a required answer missing, a choice not offered) before it
    /// reached the method plugin, beside those the plugin refused.
    public func refusedByForm(_ workspace: ResolvedWorkspace, _ activity: PublicActivity?) {
        guard let activity else { return }
        ParticipationMetrics.contribution(workspace.slug, method: activity.activity.method, .rejected)
    }

    /// Validates a resident's response and makes it durable; returns once it is committed.
    /// - Throws: `invalid_contribution` with the plugin's field errors (texts in `language` when it gave them),
    ///   `already_contributed` (this browser or code answered before), `invalid_reference` (an unknown or revoked code).
    public func submit(
        _ workspace: ResolvedWorkspace, to activity: PublicActivity, answers: JSONValue, proof: ResponseProof, language: String
    ) async throws(DomainError) -> Contribution {
        try await translatingFailures {
            do {
                return try await responses.submit(
                    workspace.slug, activity: activity.activity, submission: answers, proof: proof, language: language,
                    occurredOn: workspace.today())
            } catch let refused as PublicResponses.Refused {
                throw DomainError(
                    .invalidContribution, "the answers are not valid",
                    fieldIssues: refused.errors.map { FieldIssue(field: $0.pointer, message: $0.message) })
            }
        }
    }
}

/// An activity that residents take part in online.
public struct PublicActivity: Sendable {
    /// The trajectory it belongs to.
    public var trajectory: StoredTrajectory
    public var activity: StoredActivity
    /// When it takes responses.
    public var window: ActivityWindow

    /// `trajectory/activity` paths and ids for links.
    public var id: String { activity.id }

    /// Residents answer with a code from a letter rather than once per browser.
    public var asksCode: Bool { activity.takesOneResponsePerCode }

    /// How many responses one resident may give.
    public var responseLimit: ResponseLimit { activity.responseLimit }

    /// Where it stands at `now`; a closed trajectory takes no more responses, whatever the activity's own dates say.
    public func position(at now: Date) -> ActivityWindow.Position {
        trajectory.status == .closed ? .closed : window.position(at: now)
    }
}

/// A form description as the plugin sent it (for the JSON API) and as read (for the page).
public struct DescribedForm: Sendable {
    public var form: PublicForm
    public var raw: JSONValue
}

/// What came of a trajectory's participation, as residents see it: the figures, the answers, and the labels of
/// the themes answered (residents read "Veiligheid", never `safety`).
public struct TrajectoryOutcome: Sendable {
    public var overview: FeedbackOverview
    public var responses: [FeedbackResponse]
    public var themes: [ThemeName]
}
