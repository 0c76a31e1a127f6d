import Foundation
import StipDomain
import StipJSON
import StipStorage

/// `POST /v1/workspaces`
struct CreateWorkspaceBody: Decodable {
    static let fields: Set<String> = ["slug", "name", "cbs_code", "timezone", "locale"]
    var slug: String
    var name: String
    var cbsCode: String?
    var timezone: String?
    var locale: String?

    enum CodingKeys: String, CodingKey {
        case slug, name
        case cbsCode = "cbs_code"
        case timezone, locale
    }
}

/// `PATCH /v1/workspaces/{slug}`: absent fields stay, `"cbs_code": null` clears the code.
struct UpdateWorkspaceBody: Decodable {
    static let fields: Set<String> = ["name", "cbs_code", "timezone", "locale"]
    var name: String?
    var cbsCode: String??
    var timezone: String?
    var locale: String?

    enum CodingKeys: String, CodingKey {
        case name
        case cbsCode = "cbs_code"
        case timezone, locale
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        if c.contains(.cbsCode) {
            cbsCode = .some(try c.decodeNil(forKey: .cbsCode) ? nil : c.decode(String.self, forKey: .cbsCode))
        } else {
            cbsCode = nil
        }
        timezone = try c.decodeIfPresent(String.self, forKey: .timezone)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
    }
}

/// `GET /v1/health`
struct HealthBody: Encodable {
    struct Counts: Encodable {
        var active: Int
        var suspended: Int
    }
    var status: String
    var version: String
    var uptimeS: Int
    var workspaces: Counts

    enum CodingKeys: String, CodingKey {
        case status, version
        case uptimeS = "uptime_s"
        case workspaces
    }
}

struct WorkspaceListBody: Encodable {
    var workspaces: [Workspace]
}

struct AuditListBody: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var at: Date
        var uid: UInt32?
        var pid: Int32?
        var action: String
        var workspace: String?
        var detail: [String: String]
    }
    var entries: [Entry]

    init(_ entries: [AuditEntry]) {
        self.entries = entries.map { entry in
            let detail = (try? JSONValue.parse(entry.detail).decode([String: String].self)) ?? [:]
            return Entry(
                id: entry.id ?? 0, at: entry.at, uid: entry.uid, pid: entry.pid, action: entry.action,
                workspace: entry.workspace, detail: detail)
        }
    }
}
