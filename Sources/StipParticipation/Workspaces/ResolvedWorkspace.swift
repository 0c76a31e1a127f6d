public import Foundation
public import StipDomain
public import StipVocabulary

/// A workspace as a request sees it: looked up once, by ``WorkspaceResolver``, with what every use case needs
/// (its time zone made once, the methods it may use, the generation caches are keyed by).
public struct ResolvedWorkspace: Sendable {
    /// The catalog entry.
    public let workspace: Workspace
    /// The workspace's time zone, in which its local dates and times are read (default Europe/Amsterdam).
    public let timeZone: TimeZone
    /// The methods (plugin ids) the workspace may use.
    public let enabledMethods: Set<String>
    /// Changes whenever the workspace's settings, methods or plans change: what was derived from this value
    /// may be kept while the generation holds.
    public let generation: Int

    /// Creates a resolved workspace.
    public init(workspace: Workspace, timeZone: TimeZone, enabledMethods: Set<String>, generation: Int) {
        self.workspace = workspace
        self.timeZone = timeZone
        self.enabledMethods = enabledMethods
        self.generation = generation
    }

    /// The slug.
    public var slug: WorkspaceSlug { workspace.slug }
    /// Active, suspended or deleted.
    public var state: WorkspaceState { workspace.state }
    /// The workspace's language for residents and reports.
    public var locale: WorkspaceLocale { workspace.locale }

    /// The calendar day it is now in the workspace.
    public func today(at now: Date = Date()) -> LocalDate {
        LocalDate(now, in: timeZone)
    }

    /// Refuses a deleted workspace: only its catalog entry is left.
    public func requireLive() throws(DomainError) {
        if state == .deleted {
            throw DomainError(
                .workspaceDeleted, "workspace \"\(slug)\" has been deleted; its files are in the trash of the data directory")
        }
    }

    /// Refuses a workspace that is not active (suspended or deleted), as the resident pages must.
    public func requireActive() throws(DomainError) {
        try requireLive()
        if state == .suspended {
            throw DomainError(.workspaceSuspended, "workspace \"\(slug)\" is suspended; resume it with `stipctl workspace resume \(slug)`")
        }
    }
}
