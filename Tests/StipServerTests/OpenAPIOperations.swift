import Foundation
import StipConfig
import Testing

/// The operations an OpenAPI document under docs/ describes, as `METHOD /path`.
enum OpenAPIOperations {
    static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Reads `docs/<name>`, checks it is OpenAPI 3.1, and lists its operations.
    static func documented(in name: String) throws -> Set<String> {
        let file = repositoryRoot.appending(path: "docs/\(name)")
        let document = try #require(try YAMLLoader.load(String(contentsOf: file, encoding: .utf8), file: file.path).first)
        #expect(document.node(at: ["openapi"])?.scalarValue?.hasPrefix("3.1") == true)
        guard case .mapping(let paths, _) = try #require(document.node(at: ["paths"])) else {
            Issue.record("paths is not a mapping")
            return []
        }
        var documented: Set<String> = []
        let methods = ["get", "put", "post", "patch", "delete", "head", "options"]
        for (key, operations) in paths {
            guard let path = key.scalarValue, case .mapping(let entries, _) = operations else { continue }
            for (method, _) in entries {
                if let name = method.scalarValue, methods.contains(name) { documented.insert("\(name.uppercased()) \(path)") }
            }
        }
        return documented
    }
}
