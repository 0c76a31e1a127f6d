/// Why something asked of Stip could not be done: a stable code and a message that says what to do.
///
/// This is the one error type of the use cases (`StipParticipation`): storage failures and plugin failures
/// are translated into it there, so that the HTTP layers map one type to their answers.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable machine-readable codes; the admin API passes them on as its problem `code`.
    public enum Code: String, Sendable, CaseIterable {
        // Input that breaks a rule.
        /// The request is incomplete or contradicts itself (a status without its reason, a decision dated in the future).
        case invalidInput = "invalid_body"
        case invalidSlug = "invalid_slug"
        case invalidValue = "invalid_value"
        case invalidPlan = "invalid_plan"
        case importRejected = "import_rejected"
        case invalidPopulationFile = "invalid_population_file"
        case invalidArchive = "invalid_archive"
        case invalidReference = "invalid_reference"
        case unsupportedFormat = "unsupported_format"
        // Workspaces.
        case workspaceNotFound = "workspace_not_found"
        case workspaceExists = "workspace_exists"
        case workspaceDeleted = "workspace_deleted"
        case workspaceSuspended = "workspace_suspended"
        case workspaceUnavailable = "workspace_unavailable"
        /// The disk of the data directory is full: nothing was stored; it works again once there is space.
        case storageFull = "storage_full"
        case schemaTooNew = "schema_too_new"
        // What a workspace holds.
        case trajectoryNotFound = "trajectory_not_found"
        case trajectoryClosed = "trajectory_closed"
        case phaseNotFound = "phase_not_found"
        case cycleNotFound = "cycle_not_found"
        case cycleRunning = "cycle_running"
        case pdfRendererMissing = "pdf_renderer_missing"
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
        case codesNotUsed = "codes_not_used"
        // Method plugins.
        case pluginNotFound = "plugin_not_found"
        case methodNotEnabled = "method_not_enabled"
        case invalidConfig = "invalid_config"
        case invalidContribution = "invalid_contribution"
        case pluginError = "plugin_error"
        case pluginTimeout = "plugin_timeout"
        case pluginFailed = "plugin_failed"
        case pluginUnavailable = "plugin_unavailable"
        // The node itself.
        case internalError = "internal_error"
    }

    /// The stable code.
    public var code: Code
    /// A sentence for people: what is wrong and what to do.
    public var message: String
    /// Field-level details, when the problem is about named fields (a JSON Pointer, a plan path, a CSV column).
    public var fieldIssues: [FieldIssue]

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable code.
    ///   - message: what is wrong and what to do.
    ///   - fieldIssues: per-field details.
    public init(code: Code, message: String, fieldIssues: [FieldIssue] = []) {
        self.code = code
        self.message = message
        self.fieldIssues = fieldIssues
    }

    /// Shorthand for ``init(code:message:fieldIssues:)``.
    public init(_ code: Code, _ message: String, fieldIssues: [FieldIssue] = []) {
        self.init(code: code, message: message, fieldIssues: fieldIssues)
    }

    public var description: String { message }
}

/// One problem with one field of an input document.
public struct FieldIssue: Sendable, Equatable, Codable {
    /// The field's name or path, in the input's own (snake_case) spelling.
    public var field: String
    /// What is wrong with it and what would be accepted.
    public var message: String
    /// The file the input came from, when it came from one (a plan, an import).
    public var file: String?
    /// 1-based line and column in that file.
    public var line: Int?
    public var column: Int?
    /// The row of an imported file (CSV: the header is row 1).
    public var row: Int?

    /// Creates an issue.
    public init(field: String, message: String, file: String? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil) {
        self.field = field
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.row = row
    }
}
