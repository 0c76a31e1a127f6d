public import Foundation

/// The lifecycle state of a workspace.
public enum WorkspaceState: String, Codable, Sendable, CaseIterable {
    /// In use: admins and residents can reach it.
    case active
    /// Kept but closed to residents until resumed; admins can still read and export it.
    case suspended
    /// Moved to the trash; its slug may be used again.
    case deleted
}

/// The language a workspace speaks to residents by default.
public enum WorkspaceLocale: String, Codable, Sendable, CaseIterable {
    case nl
    case en
}

/// One municipality: its own database, time zone and language.
public struct Workspace: Codable, Sendable, Equatable {
    /// Identifier used in URLs and file names.
    public var slug: WorkspaceSlug
    /// Display name, e.g. "Gemeente Utrecht".
    public var name: String
    /// The CBS municipality code, when known.
    public var cbsCode: CBSMunicipalityCode?
    /// IANA time zone in which local times and schedules of this workspace are read.
    public var timeZone: String
    /// Default language for residents.
    public var locale: WorkspaceLocale
    /// Lifecycle state.
    public var state: WorkspaceState
    /// When the workspace was created.
    public var createdAt: Date
    /// When any of its catalog fields last changed.
    public var updatedAt: Date

    /// The time zone used when a workspace does not name one.
    public static let defaultTimeZone = "Europe/Amsterdam"

    /// Creates a workspace value.
    public init(
        slug: WorkspaceSlug, name: String, cbsCode: CBSMunicipalityCode?, timeZone: String,
        locale: WorkspaceLocale, state: WorkspaceState, createdAt: Date, updatedAt: Date
    ) {
        self.slug = slug
        self.name = name
        self.cbsCode = cbsCode
        self.timeZone = timeZone
        self.locale = locale
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case slug, name
        case cbsCode = "cbs_code"
        case timeZone = "timezone"
        case locale, state
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decode(WorkspaceSlug.self, forKey: .slug)
        name = try c.decode(String.self, forKey: .name)
        if let code = try c.decodeIfPresent(String.self, forKey: .cbsCode) {
            guard let parsed = CBSMunicipalityCode(code) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .cbsCode, in: c, debugDescription: "not a CBS municipality code (GM + 4 digits): \(code)")
            }
            cbsCode = parsed
        } else {
            cbsCode = nil
        }
        timeZone = try c.decode(String.self, forKey: .timeZone)
        locale = try c.decode(WorkspaceLocale.self, forKey: .locale)
        state = try c.decode(WorkspaceState.self, forKey: .state)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(slug, forKey: .slug)
        try c.encode(name, forKey: .name)
        try c.encode(cbsCode?.rawValue, forKey: .cbsCode)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(locale, forKey: .locale)
        try c.encode(state, forKey: .state)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
