public import Foundation
import StipConfig

/// The operations an OpenAPI document under docs/ describes, as `METHOD /path`.
public enum OpenAPIOperations {
    /// The checkout's root.
    public static let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A document that is not what the checks expect.
    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `docs/<name>`, checks it is OpenAPI 3.1, and lists its operations.
    public static func documented(in name: String) throws -> Set<String> {
        let file = repositoryRoot.appending(path: "docs/\(name)")
        guard let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8), file: file.path).first else {
            throw Unreadable(description: "\(file.path) holds no document")
        }
        guard document.node(at: ["openapi"])?.scalarValue?.hasPrefix("3.1") == true else {
            throw Unreadable(description: "\(file.path) is not OpenAPI 3.1")
        }
        guard case .mapping(let paths, _)? = document.node(at: ["paths"]) else {
            throw Unreadable(description: "\(file.path): paths is not a mapping")
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

    /// The values of the enum schema `components.schemas.<schema>` of `docs/<name>`.
    public static func enumValues(of schema: String, in name: String) throws -> [String] {
        let file = repositoryRoot.appending(path: "docs/\(name)")
        guard let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8), file: file.path).first,
            case .sequence(let values, _)? = document.node(at: ["components", "schemas", .key(schema), "enum"])
        else {
            throw Unreadable(description: "\(file.path) has no enum schema \(schema)")
        }
        return values.compactMap { $0.scalarValue }
    }
}
