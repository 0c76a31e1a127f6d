public import Foundation
public import StipDomain
import StipStorage

/// The node's workspaces: create, list, change, suspend, export, import, delete; the audit log and the health
/// counts. Changes are recorded in the catalog's audit log in the transaction that makes them.
public struct WorkspaceAdministration: Sendable {
    let store: any WorkspaceStore
    let resolver: WorkspaceResolver
    let pending: PendingValidator

    init(store: any WorkspaceStore, resolver: WorkspaceResolver, pending: PendingValidator) {
        self.store = store
        self.resolver = resolver
        self.pending = pending
    }

    /// Creates a workspace; a slug used by a deleted workspace may be reused.
    /// - Throws: `invalid_slug`, `invalid_value`, `workspace_exists`.
    public func create(_ draft: WorkspaceDraft, by actor: AuditActor) async throws(DomainError) -> Workspace {
        try await translatingFailures { try await store.createWorkspace(draft, by: actor) }
    }

    /// Workspaces in the given states, ordered by slug.
    public func list(in states: Set<WorkspaceState>) async throws(DomainError) -> [Workspace] {
        try await translatingFailures { try await store.workspaces(in: states) }
    }

    /// Changes descriptive fields.
    public func update(_ workspace: ResolvedWorkspace, _ changes: WorkspaceChanges, by actor: AuditActor) async throws(DomainError)
        -> Workspace
    {
        try workspace.requireLive()
        return try await translatingFailures { try await store.updateWorkspace(workspace.slug, changes, by: actor) }
    }

    /// Suspends (residents see a notice, schedules pause) or resumes; idempotent.
    public func setState(_ workspace: ResolvedWorkspace, to state: WorkspaceState, by actor: AuditActor) async throws(DomainError)
        -> Workspace
    {
        try workspace.requireLive()
        return try await translatingFailures { try await store.setState(workspace.slug, to: state, by: actor) }
    }

    /// A consistent archive taken while the workspace serves; the caller streams and then removes the file.
    public func export(_ workspace: ResolvedWorkspace, by actor: AuditActor) async throws(DomainError) -> WorkspaceExport {
        try workspace.requireLive()
        return try await translatingFailures { try await store.exportWorkspace(workspace.slug, by: actor) }
    }

    /// One file of a node backup (`stipctl backup`): `catalog.sqlite` (only the selected workspaces, when some
    /// are named), `public-pages.key`, or a workspace's database. The caller streams and then removes the file.
    public func backupFile(_ part: BackupPart, by actor: AuditActor) async throws(DomainError) -> BackupFile {
        try await translatingFailures {
            switch part {
            case .catalog(let only): return try await store.backupCatalog(only: only, by: actor)
            case .publicKey: return try await store.backupPublicKey()
            case .workspace(let workspace):
                try workspace.requireLive()
                return try await store.backupWorkspace(workspace.slug)
            }
        }
    }

    /// A private place for an incoming archive, on the same file system as the data.
    public func incomingArchiveURL() throws(DomainError) -> URL {
        do {
            return try store.makeIncomingArchiveURL()
        } catch {
            throw DomainError(.internalError, "cannot prepare a place for the archive: \(error)")
        }
    }

    /// Restores a workspace from an archive written by ``export(_:by:)``.
    /// - Throws: `invalid_archive`, `schema_too_new`, `workspace_exists`.
    public func importArchive(_ file: URL, by actor: AuditActor) async throws(DomainError) -> Workspace {
        try await translatingFailures { try await store.importWorkspace(from: file, by: actor) }
    }

    /// Moves the workspace's database to the trash with an export beside it and marks it deleted.
    public func delete(_ workspace: ResolvedWorkspace, by actor: AuditActor) async throws(DomainError) -> DeletedWorkspace {
        try workspace.requireLive()
        let deleted = try await translatingFailures { try await store.deleteWorkspace(workspace.slug, by: actor) }
        await pending.forget(workspace.slug)
        return deleted
    }

    /// The audit log of the node and of the workspaces, newest first.
    public func audit(workspace: WorkspaceSlug?, limit: Int) async throws(DomainError) -> [AuditEntry] {
        try await translatingFailures { try await store.auditEntries(workspace: workspace, limit: limit) }
    }

    /// Workspaces per state, for the health answer.
    public func stateCounts() async throws(DomainError) -> [WorkspaceState: Int] {
        try await translatingFailures { try await store.stateCounts() }
    }
}
