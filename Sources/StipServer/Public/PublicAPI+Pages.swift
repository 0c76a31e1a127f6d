import Foundation
import HTTPTypes
import Hummingbird
import StipDomain
import StipParticipation
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipVocabulary

// MARK: - Pages residents read

extension PublicAPI {
    func workspacePage(_ request: Request, _ context: PublicRequestContext) async throws -> Response {
        let target = try await target(request, context, depth: 1)
        let slug = target.workspace.slug
        var published: [StoredTrajectory] = []
        var online: [PublicPages.Listed] = []
        for summary in try await participation.store.trajectories(slug) where summary.status != .draft {
            guard let stored = try await trajectory(slug, summary.id, generation: target.generation) else { continue }
            published.append(stored)
            guard stored.status == .active else { continue }
            for activity in stored.activities where !activity.archived {
                let window = lookups.window(slug, activity, generation: target.generation, timeZone: target.timeZone)
                guard window.position(at: Date()) == .open, await hasForm(activity) else { continue }
                online.append(PublicPages.Listed(trajectory: stored, activity: activity, window: window))
            }
        }
        var response = Self.html(target.pages.workspace(target.workspace, trajectories: published, online: online))
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    func trajectoryPage(_ request: Request, _ context: PublicRequestContext) async throws -> Response {
        let target = try await target(request, context, depth: 2)
        let stored = target.trajectory!
        let slug = target.workspace.slug
        let today = LocalDate(Date(), in: target.timeZone)
        let overview = try await participation.store.feedbackOverview(slug, trajectory: stored.plan.id, today: today)
        let responses = try await participation.store.responses(slug, trajectory: stored.plan.id)
        var openForms: Set<String> = []
        if stored.status == .active {
            for activity in stored.activities where !activity.archived {
                let window = lookups.window(slug, activity, generation: target.generation, timeZone: target.timeZone)
                if window.position(at: Date()) == .open, await hasForm(activity) {
                    openForms.insert(activity.id)
                }
            }
        }
        var response = Self.html(
            target.pages.trajectory(target.workspace, stored, overview: overview, responses: responses, openForms: openForms))
        response.headers[.cacheControl] = "no-cache"
        return response
    }

    func thanksPage(_ request: Request, _ context: PublicRequestContext) async throws -> Response {
        let target = try await target(request, context, depth: 3)
        let pending = request.uri.queryParameters.get("status") == "pending"
        return Self.html(
            target.pages.thanks(
                pending: pending, window: target.window, decider: target.trajectory!.plan.decisionMaker.rawValue,
                trajectoryPath: target.trajectoryPath))
    }

    /// Whether the activity's method offers residents a form (capability `public_form`).
    func hasForm(_ activity: StoredActivity) async -> Bool {
        (try? await plugins.manifest(of: activity.method).capabilities.publicForm) ?? false
    }
}
