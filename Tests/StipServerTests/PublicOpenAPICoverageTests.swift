import Foundation
import Logging
import StipConfig
import StipParticipation
import StipPluginHost
import StipServer
import StipStorage
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
        let plugins = PluginHost(directories: [], logger: logger)
        // The test target does not depend on swift-crypto: let the signer make its own key file.
        let signer = try PublicSigner.loadOrCreate(at: dataRoot.appending(path: "public-pages.key"))
        let api = PublicAPI(
            workspaces: store, participation: ParticipationServices(store: store, plugins: plugins, logger: logger), plugins: plugins,
            signer: signer, settings: PublicAPISettings())
        let table = RouteTable()
        _ = api.buildRouter(routes: table)
        let served = Set(table.routes.map { "\($0.method) \($0.path)" })
        #expect(served.count >= 9)

        let documented = try OpenAPIOperations.documented(in: "public-api.yaml")
        let undocumented = served.subtracting(documented).sorted()
        let phantom = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "routes missing from docs/public-api.yaml: \(undocumented)")
        #expect(phantom.isEmpty, "documented but not served: \(phantom)")
    }
}
