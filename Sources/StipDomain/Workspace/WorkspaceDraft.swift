public import Foundation

/// What an admin gives to create a workspace, checked against the rules before anything is stored.
public struct WorkspaceDraft: Sendable, Equatable {
    public var slug: WorkspaceSlug
    public var name: String
    public var cbsCode: CBSMunicipalityCode?
    public var timeZone: String
    public var locale: WorkspaceLocale

    /// Validates raw input, collecting every field problem at once.
    /// - Parameters:
    ///   - slug: the requested slug.
    ///   - name: display name; 1–200 characters, not blank.
    ///   - cbsCode: optional `GM` + 4 digits.
    ///   - timeZone: optional IANA zone; defaults to Europe/Amsterdam.
    ///   - locale: optional `nl` or `en`; defaults to `nl`.
    /// - Throws: `invalid_slug` for a bad slug (checked first, before anything else), else `invalid_value` with field issues.
    public init(slug: String, name: String, cbsCode: String?, timeZone: String?, locale: String?) throws(DomainError) {
        self.slug = try WorkspaceSlug(validating: slug)
        var issues: [FieldIssue] = []
        let checkedName = WorkspaceFieldRules.checkName(name, issues: &issues)
        let checkedCode = cbsCode.flatMap { WorkspaceFieldRules.checkCBSCode($0, issues: &issues) }
        let checkedZone = WorkspaceFieldRules.checkTimeZone(timeZone ?? Workspace.defaultTimeZone, issues: &issues)
        let checkedLocale = WorkspaceFieldRules.checkLocale(locale ?? WorkspaceLocale.nl.rawValue, issues: &issues)
        guard issues.isEmpty, let checkedName, let checkedZone, let checkedLocale else {
            throw WorkspaceFieldRules.error(for: issues)
        }
        self.name = checkedName
        self.cbsCode = checkedCode
        self.timeZone = checkedZone
        self.locale = checkedLocale
    }

    /// The workspace this draft becomes when created at `now`.
    public func workspace(createdAt now: Date) -> Workspace {
        Workspace(
            slug: slug, name: name, cbsCode: cbsCode, timeZone: timeZone, locale: locale,
            state: .active, createdAt: now, updatedAt: now)
    }
}

/// A partial update of a workspace's descriptive fields. `nil` leaves a field as it is.
public struct WorkspaceChanges: Sendable, Equatable {
    public var name: String?
    /// `.some(nil)` clears the code.
    public var cbsCode: CBSMunicipalityCode??
    public var timeZone: String?
    public var locale: WorkspaceLocale?

    /// Validates raw input, collecting every field problem at once.
    /// - Parameters:
    ///   - name: new display name.
    ///   - cbsCode: `.some(nil)` clears the code, `.some("GM0344")` sets it.
    ///   - timeZone: new IANA zone.
    ///   - locale: `nl` or `en`.
    public init(name: String?, cbsCode: String??, timeZone: String?, locale: String?) throws(DomainError) {
        var issues: [FieldIssue] = []
        if let name { self.name = WorkspaceFieldRules.checkName(name, issues: &issues) }
        switch cbsCode {
        case .none: self.cbsCode = nil
        case .some(.none): self.cbsCode = .some(nil)
        case .some(.some(let text)): self.cbsCode = WorkspaceFieldRules.checkCBSCode(text, issues: &issues).map { .some($0) }
        }
        if let timeZone { self.timeZone = WorkspaceFieldRules.checkTimeZone(timeZone, issues: &issues) }
        if let locale { self.locale = WorkspaceFieldRules.checkLocale(locale, issues: &issues) }
        guard issues.isEmpty else { throw WorkspaceFieldRules.error(for: issues) }
    }

    /// True when nothing would change.
    public var isEmpty: Bool { name == nil && cbsCode == nil && timeZone == nil && locale == nil }

    /// Applies the changes to `workspace`, returning the names of the fields that really changed.
    public func apply(to workspace: inout Workspace) -> [String] {
        var changed: [String] = []
        if let name, name != workspace.name { workspace.name = name; changed.append("name") }
        if let cbsCode, cbsCode != workspace.cbsCode { workspace.cbsCode = cbsCode; changed.append("cbs_code") }
        if let timeZone, timeZone != workspace.timeZone { workspace.timeZone = timeZone; changed.append("timezone") }
        if let locale, locale != workspace.locale { workspace.locale = locale; changed.append("locale") }
        return changed
    }
}

/// The field rules shared by creation and update.
enum WorkspaceFieldRules {
    static let maxNameLength = 200

    static func checkName(_ name: String, issues: inout [FieldIssue]) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            issues.append(
                FieldIssue(field: "name", message: "must not be empty; give the municipality's display name, e.g. \"Gemeente Utrecht\""))
            return nil
        }
        // Counted and checked as sent (Unicode scalars, before trimming), as the API's `WorkspaceName` schema says.
        if name.unicodeScalars.count > maxNameLength {
            issues.append(FieldIssue(field: "name", message: "is longer than \(maxNameLength) characters"))
            return nil
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            issues.append(FieldIssue(field: "name", message: "must not contain control characters (tabs and line breaks included)"))
            return nil
        }
        return trimmed
    }

    static func checkCBSCode(_ text: String, issues: inout [FieldIssue]) -> CBSMunicipalityCode? {
        guard let code = CBSMunicipalityCode(text) else {
            issues.append(
                FieldIssue(
                    field: "cbs_code",
                    message: "\(WorkspaceSlug.quoted(text)) is not a CBS municipality code; use GM followed by four digits, e.g. GM0344"))
            return nil
        }
        return code
    }

    static func checkTimeZone(_ text: String, issues: inout [FieldIssue]) -> String? {
        // Foundation accepts abbreviations such as "CET" too; only IANA names with a region are stable enough to store.
        guard text.contains("/") || text == "UTC", TimeZone(identifier: text) != nil else {
            issues.append(
                FieldIssue(
                    field: "timezone",
                    message: "\(WorkspaceSlug.quoted(text)) is not an IANA time zone; use a name such as Europe/Amsterdam"))
            return nil
        }
        return text
    }

    static func checkLocale(_ text: String, issues: inout [FieldIssue]) -> WorkspaceLocale? {
        guard let locale = WorkspaceLocale(rawValue: text) else {
            issues.append(FieldIssue(field: "locale", message: "\(WorkspaceSlug.quoted(text)) is not supported; use nl or en"))
            return nil
        }
        return locale
    }

    static func error(for issues: [FieldIssue]) -> DomainError {
        let summary = issues.map { "\($0.field) \($0.message)" }.joined(separator: "; ")
        return DomainError(code: .invalidValue, message: summary, fieldIssues: issues)
    }
}
