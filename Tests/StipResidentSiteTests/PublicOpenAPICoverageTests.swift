import Foundation
import Logging
import StipHTTP
import StipParticipation
import StipPluginHost
import StipResidentSite
import StipStorage
import StipTestSupport
import Testing

/// docs/public-api.yaml must describe exactly the routes the resident pages serve.
@Suite("public API documentation")
struct PublicOpenAPICoverageTests {
    @Test("every resident route is documented in docs/public-api.yaml, and every documented operation exists")
    func routesMatchDocument() throws {
        let dataRoot = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-public-openapi-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dataRoot) }
        let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: dataRoot), maxOpenWorkspaces: 1)
        let logger = Logger(label: "test")
        let participation = Participation(store: store, plugins: PluginHost(directories: [], logger: logger), logger: logger)
        let signer = try PublicSigner.loadOrCreate(at: dataRoot.appending(path: "public-pages.key"))
        let table = RouteTable()
        _ = ResidentSite(participation: participation, signer: signer, settings: ResidentSiteSettings()).buildRouter(routes: table)
        let served = Set(table.routes.map { "\($0.method) \($0.path)" })
        #expect(served.count >= 9)

        let documented = try OpenAPIOperations.documented(in: "public-api.yaml")
        let undocumented = served.subtracting(documented).sorted()
        let phantom = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "routes missing from docs/public-api.yaml: \(undocumented)")
        #expect(phantom.isEmpty, "documented but not served: \(phantom)")
    }
}
