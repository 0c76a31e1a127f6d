import Hummingbird
import StipDomain
import StipParticipation

/// The context of every route under `/v1/workspaces/{slug}`: the workspace resolved once, by
/// ``WorkspaceResolution``, and the caller. Handlers receive this typed value, never the slug as text.
struct WorkspaceRequestContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The workspace the path names.
    let workspace: ResolvedWorkspace
    /// Who is calling (SO_PEERCRED), for the audit log.
    let caller: AuditActor

    init(context: AdminRequestContext) throws {
        guard let workspace = context.workspace else {
            // Only routes registered behind the resolution middleware get this context.
            throw APIProblem.internalError()
        }
        // The parent's storage, parameters included (`.init(source:)` would start them empty).
        self.coreContext = context.coreContext
        self.workspace = workspace
        self.caller = context.caller
    }

    var maxUploadSize: Int { .max }
}

import StipHTTP
