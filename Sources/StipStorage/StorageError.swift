/// A storage operation that could not be done, with a stable code the admin API passes on.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable codes.
    public enum Code: String, Sendable {
        case workspaceNotFound = "workspace_not_found"
        case workspaceExists = "workspace_exists"
        case workspaceDeleted = "workspace_deleted"
        case workspaceUnavailable = "workspace_unavailable"
        case invalidArchive = "invalid_archive"
        case schemaTooNew = "schema_too_new"
        case dataDirectoryUnusable = "data_directory_unusable"
        case trajectoryNotFound = "trajectory_not_found"
        case phaseNotFound = "phase_not_found"
        case cycleNotFound = "cycle_not_found"
        case activityNotFound = "activity_not_found"
        case activityAmbiguous = "activity_ambiguous"
        case activityHasContributions = "activity_has_contributions"
        case participantNotFound = "participant_not_found"
        case participantExists = "participant_exists"
        case participantErased = "participant_erased"
        case alreadyContributed = "already_contributed"
        case contributionNotFound = "contribution_not_found"
        case contributionNotQuarantined = "contribution_not_quarantined"
        case reportBackNotFound = "report_back_not_found"
        case populationNotFound = "population_not_found"
        case invalidReference = "invalid_reference"
        case trajectoryClosed = "trajectory_closed"
        /// SQLite reported a full disk (SQLITE_FULL): the transaction was rolled back.
        case storageFull = "storage_full"
    }

    /// The stable code.
    public var code: Code
    /// What happened and what to do, for people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func notFound(_ slug: some CustomStringConvertible) -> StorageError {
        StorageError(.workspaceNotFound, "no workspace \"\(slug)\"; list them with `stipctl workspace list`")
    }
}
