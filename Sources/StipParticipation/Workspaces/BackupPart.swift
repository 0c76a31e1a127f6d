public import StipDomain

/// The files of a node backup, each copied consistently while the daemon serves.
public enum BackupPart: Sendable {
    /// `catalog.sqlite`, listing only these workspaces (the ones the backup copies).
    case catalog(only: Set<WorkspaceSlug>)
    /// `public-pages.key`.
    case publicKey
    /// `workspaces/<slug>.sqlite`.
    case workspace(ResolvedWorkspace)
}
