import Foundation
import GRDB
import StipDomain

/// A row of the catalog's `workspace` table.
struct WorkspaceRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "workspace"

    var slug: String
    var name: String
    var cbsCode: String?
    var timeZone: String
    var locale: String
    var state: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case slug, name
        case cbsCode = "cbs_code"
        case timeZone = "time_zone"
        case locale, state
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ workspace: Workspace) {
        slug = workspace.slug.rawValue
        name = workspace.name
        cbsCode = workspace.cbsCode?.rawValue
        timeZone = workspace.timeZone
        locale = workspace.locale.rawValue
        state = workspace.state.rawValue
        createdAt = workspace.createdAt
        updatedAt = workspace.updatedAt
    }

    /// The domain value; a row that breaks the rules means the catalog was edited by hand.
    func workspace() throws -> Workspace {
        guard let slug = try? WorkspaceSlug(validating: slug),
            let locale = WorkspaceLocale(rawValue: locale),
            let state = WorkspaceState(rawValue: state)
        else {
            throw StorageError(
                .workspaceUnavailable, "catalog row for workspace \"\(self.slug)\" is damaged; restore the catalog from a backup")
        }
        return Workspace(
            slug: slug, name: name, cbsCode: cbsCode.flatMap(CBSMunicipalityCode.init), timeZone: timeZone,
            locale: locale, state: state, createdAt: createdAt, updatedAt: updatedAt)
    }
}
