import Hummingbird
import StipDomain
import StipParticipation

/// Resolves `{slug}` once for every route of the `/v1/workspaces/{slug}` group, and answers unknown and
/// deleted workspaces in this one place: unknown → 404 `workspace_not_found`, a malformed slug → 400
/// `invalid_slug`, deleted → 409 `workspace_deleted` except for reading the workspace itself (its entry is
/// kept). A suspended workspace stays manageable here; only residents are turned away.
struct WorkspaceResolution: RouterMiddleware {
    typealias Context = AdminRequestContext
    let resolver: WorkspaceResolver

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let raw = context.parameters.get("slug") ?? ""
        var context = context
        let workspace = try await resolver.resolve(raw.removingPercentEncoding ?? raw)
        let readsItself = request.method == .get && request.uri.path.split(separator: "/").count == 3
        if !readsItself { try workspace.requireLive() }
        context.workspace = workspace
        return try await next(request, context)
    }
}

import Foundation
