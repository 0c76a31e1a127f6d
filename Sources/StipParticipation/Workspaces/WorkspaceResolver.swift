public import StipDomain
import StipStorage
import Foundation
import Synchronization

/// The one place where a workspace named in a request is resolved: the slug checked before it reaches a path
/// or a query, the catalog entry, its time zone and enabled methods looked up once per change of the
/// workspace (its generation), not once per request. Both HTTP APIs resolve through it in their route-group
/// middleware; the plan applier resolves each plan's workspace through it too.
public final class WorkspaceResolver: Sendable {
    let store: any WorkspaceStore
    /// Only workspaces that exist are kept: an unknown slug, however often asked, adds nothing.
    private let cache = Mutex<[WorkspaceSlug: ResolvedWorkspace]>([:])

    init(store: any WorkspaceStore) {
        self.store = store
    }

    /// Resolves a slug as typed in a path.
    /// - Throws: `invalid_slug`, `workspace_not_found`; a deleted workspace is returned (its state says so).
    public func resolve(_ text: String) async throws(DomainError) -> ResolvedWorkspace {
        try await resolve(try WorkspaceSlug(validating: text))
    }

    /// Resolves a checked slug.
    /// - Throws: `workspace_not_found`; a deleted workspace is returned (its state says so).
    public func resolve(_ slug: WorkspaceSlug) async throws(DomainError) -> ResolvedWorkspace {
        let generation = store.generation(slug)
        if let cached = cache.withLock({ $0[slug] }), cached.generation == generation { return cached }
        let resolved = try await translatingFailures {
            let workspace = try await store.workspace(slug)
            let methods = workspace.state == .deleted ? [] : try await store.enabledMethods(slug).map(\.id)
            return ResolvedWorkspace(
                workspace: workspace,
                timeZone: TimeZone(identifier: workspace.timeZone) ?? TimeZone(identifier: Workspace.defaultTimeZone)!,
                enabledMethods: Set(methods), generation: generation)
        }
        cache.withLock { cache in
            // Keep the newest; a slower reader must not put back what an earlier generation saw.
            if let current = cache[slug], current.generation > resolved.generation { return }
            cache[slug] = resolved
        }
        return resolved
    }
}
