import Foundation
import Logging
import StipAdminAPI
import StipDomain
import StipHTTP
import StipParticipation
import StipPluginHost
import StipStorage
import StipTestSupport
import Testing

/// docs/admin-api.yaml must describe exactly the routes the router serves.
@Suite("admin API documentation")
struct OpenAPICoverageTests {
    @Test("every route is documented in docs/admin-api.yaml, and every documented operation exists")
    func routesMatchDocument() throws {
        let dataRoot = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-openapi-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dataRoot) }
        let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: dataRoot), maxOpenWorkspaces: 1)
        let logger = Logger(label: "test")
        let participation = Participation(store: store, plugins: PluginHost(directories: [], logger: logger), logger: logger)
        let table = RouteTable()
        _ = AdminAPI(participation: participation, settings: AdminAPISettings(metrics: { ("", "text/plain") })).buildRouter(
            routes: table, logger: logger)
        let served = Set(table.routes.map { "\($0.method) \($0.path)" })
        #expect(served.count >= 11)

        let documented = try OpenAPIOperations.documented(in: "admin-api.yaml")
        let undocumented = served.subtracting(documented).sorted()
        let phantom = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "routes missing from docs/admin-api.yaml: \(undocumented)")
        #expect(phantom.isEmpty, "documented but not served: \(phantom)")
    }

    @Test("the documented audit actions are exactly the ones the server writes")
    func auditActionsMatchDocument() throws {
        let documented = try OpenAPIOperations.enumValues(of: "AuditAction", in: "admin-api.yaml")
        #expect(documented == AuditAction.allCases.map(\.rawValue))
    }
}
