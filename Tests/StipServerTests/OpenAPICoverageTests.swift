import Foundation
import Logging
import StipConfig
import StipServer
import StipStorage
import Testing

/// docs/admin-api.yaml must describe exactly the routes the router serves.
@Suite("admin API documentation")
struct OpenAPICoverageTests {
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every route is documented in docs/admin-api.yaml, and every documented operation exists")
    func routesMatchDocument() throws {
        let dataRoot = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-openapi-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: dataRoot) }
        let store = try SQLiteWorkspaceStore(directory: DataDirectory(root: dataRoot), maxOpenWorkspaces: 1)
        let table = RouteTable()
        _ = AdminAPI(store: store, settings: AdminAPISettings()).buildRouter(routes: table, logger: Logger(label: "test"))
        let served = Set(table.routes.map { "\($0.method) \($0.path)" })
        #expect(served.count >= 11)

        let file = Self.repositoryRoot.appending(path: "docs/admin-api.yaml")
        let document = try #require(try YAMLLoader.load(String(contentsOf: file, encoding: .utf8), file: file.path).first)
        #expect(document.node(at: ["openapi"])?.scalarValue?.hasPrefix("3.1") == true)
        guard case .mapping(let paths, _) = try #require(document.node(at: ["paths"])) else {
            Issue.record("paths is not a mapping")
            return
        }
        var documented: Set<String> = []
        let methods = ["get", "put", "post", "patch", "delete", "head", "options"]
        for (key, operations) in paths {
            guard let path = key.scalarValue, case .mapping(let entries, _) = operations else { continue }
            for (method, _) in entries {
                if let name = method.scalarValue, methods.contains(name) { documented.insert("\(name.uppercased()) \(path)") }
            }
        }
        let undocumented = served.subtracting(documented).sorted()
        let phantom = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "routes missing from docs/admin-api.yaml: \(undocumented)")
        #expect(phantom.isEmpty, "documented but not served: \(phantom)")
    }
}
