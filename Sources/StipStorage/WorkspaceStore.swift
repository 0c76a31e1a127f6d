public import Foundation
public import StipDomain

/// What the rest of the daemon needs from storage. The SQLite implementation keeps one
/// file per workspace; another backend (PostgreSQL) can implement the same protocol.
public protocol WorkspaceStore: Sendable {
    /// Creates a workspace; a slug used by a deleted workspace may be reused.
    /// - Throws: `workspace_exists` when the slug is taken by an active or suspended workspace.
    func createWorkspace(_ draft: WorkspaceDraft, by actor: AuditActor) async throws -> Workspace

    /// Lists workspaces in the given states, ordered by slug.
    func workspaces(in states: Set<WorkspaceState>) async throws -> [Workspace]

    /// One workspace, deleted ones included.
    /// - Throws: `workspace_not_found`.
    func workspace(_ slug: WorkspaceSlug) async throws -> Workspace

    /// Changes descriptive fields.
    /// - Throws: `workspace_not_found`, `workspace_deleted`.
    func updateWorkspace(_ slug: WorkspaceSlug, _ changes: WorkspaceChanges, by actor: AuditActor) async throws -> Workspace

    /// Suspends or resumes (`.suspended` / `.active`); idempotent.
    func setState(_ slug: WorkspaceSlug, to state: WorkspaceState, by actor: AuditActor) async throws -> Workspace

    /// Writes a consistent archive of the workspace (manifest + online backup of its database) into a new file.
    /// The caller owns the returned file and removes it when done.
    func exportWorkspace(_ slug: WorkspaceSlug, by actor: AuditActor) async throws -> WorkspaceExport

    /// A consistent copy of the catalog for a node backup, listing only the live workspaces in `only`; audited as `node.backup`. The caller owns the returned file.
    func backupCatalog(only: Set<WorkspaceSlug>, by actor: AuditActor) async throws -> BackupFile
    /// A consistent copy of one workspace's database (SQLite online backup) while it serves.
    func backupWorkspace(_ slug: WorkspaceSlug) async throws -> BackupFile
    /// Free and total bytes of the data directory's file system (for the daemon, as `df` shows them).
    func dataDirectorySpace() -> (available: Int64, total: Int64)?
    /// A copy of the resident pages' signing key.
    func backupPublicKey() async throws -> BackupFile

    /// Restores a workspace from an archive file written by `exportWorkspace`.
    /// - Throws: `invalid_archive`, `schema_too_new`, `workspace_exists`.
    func importWorkspace(from archive: URL, by actor: AuditActor) async throws -> Workspace

    /// Moves the workspace's database to the trash with an export beside it and marks it deleted.
    func deleteWorkspace(_ slug: WorkspaceSlug, by actor: AuditActor) async throws -> DeletedWorkspace

    /// Audit entries of the catalog and of the workspaces' own logs, newest first.
    func auditEntries(workspace: WorkspaceSlug?, limit: Int) async throws -> [AuditEntry]

    /// Number of workspaces per state.
    func stateCounts() async throws -> [WorkspaceState: Int]

    /// Removes trash older than `cutoff`; returns the removed file names.
    func purgeTrash(olderThan cutoff: Date) async throws -> [String]

    /// Changes how many workspace databases stay open at once.
    func setMaxOpenWorkspaces(_ count: Int) async

    /// A private scratch file location for an incoming archive (same file system as the data).
    func makeIncomingArchiveURL() throws -> URL

    /// The methods enabled in a workspace, by id, with when they were enabled.
    func enabledMethods(_ slug: WorkspaceSlug) async throws -> [EnabledMethod]

    /// Enables a method (plugin id) in a workspace; idempotent.
    func enableMethod(_ method: String, in slug: WorkspaceSlug, by actor: AuditActor) async throws -> EnabledMethod

    /// Disables a method; idempotent.
    func disableMethod(_ method: String, in slug: WorkspaceSlug, by actor: AuditActor) async throws

    /// Writes an audit entry in the catalog for an action on the node outside any workspace (plugin reloads).
    func recordAudit(action: AuditAction, by actor: AuditActor, detail: [String: String]) async throws

    /// Changes whenever the workspace's settings, methods or trajectories change, for caches of them.
    func generation(_ slug: WorkspaceSlug) -> Int

    /// Closes every database.
    func close() async
}
