import Foundation
import StipTestSupport
import Testing

/// `docs/architecture.md` says which module may import which. These tests hold the document against
/// `Package.swift` and against the imports in the sources, so the page stays true and no module reaches
/// around the layers (SwiftPM lets a module import anything built before it, not only its declared dependencies).
@Suite("module graph")
struct ModuleGraphTests {
    static let root = OpenAPIOperations.repositoryRoot

    @Test("the graph in docs/architecture.md is the graph in Package.swift")
    func documentMatchesPackage() throws {
        let documented = try ArchitectureDocument.allowedImports()
        let declared = try PackageManifest.dependencies().filter { !$0.value.isTest }
        let products = declared.filter { documented[$0.key] == nil && !$0.value.isBenchmark && !$0.value.isTestSupport }
        #expect(products.isEmpty, "targets missing from docs/architecture.md: \(products.keys.sorted())")
        for (module, allowed) in documented.sorted(by: { $0.key < $1.key }) {
            let target = try #require(declared[module], "docs/architecture.md names \(module), which Package.swift does not declare")
            #expect(
                Set(target.dependencies) == allowed,
                "\(module): Package.swift depends on \(target.dependencies.sorted()), docs/architecture.md allows \(allowed.sorted())")
        }
    }

    @Test("every import of a Stip module in Sources/ and Plugins/ is one the document allows")
    func importsFollowTheGraph() throws {
        let documented = try ArchitectureDocument.allowedImports()
        let declared = try PackageManifest.dependencies()
        let ours = Set(declared.keys)
        var reaches: [String] = []
        for (module, target) in declared where documented[module] != nil {
            let allowed = documented[module] ?? []
            for (file, imported) in try SourceImports.imports(in: Self.root.appending(path: target.path)) {
                for name in imported where ours.contains(name) && name != module && !allowed.contains(name) {
                    reaches.append("\(file) imports \(name), which \(module) may not import")
                }
            }
        }
        #expect(reaches.isEmpty, "\(reaches.sorted().joined(separator: "\n"))")
    }

    /// An incremental build forgives a test that imports a module it does not depend on (the module happens to be
    /// built already); a clean clone does not. Hold every target to what it depends on, directly or through others.
    @Test("every target, tests included, imports only Stip modules it depends on")
    func importsAreDeclared() throws {
        let declared = try PackageManifest.dependencies()
        func reachable(from module: String) -> Set<String> {
            var seen: Set<String> = []
            var queue = declared[module]?.dependencies ?? []
            while let next = queue.popLast() {
                if seen.insert(next).inserted { queue += declared[next]?.dependencies ?? [] }
            }
            return seen
        }
        var undeclared: [String] = []
        for (module, target) in declared {
            let directory = Self.root.appending(path: target.path)
            guard FileManager.default.fileExists(atPath: directory.path) else { continue }
            let allowed = reachable(from: module)
            for (file, imported) in try SourceImports.imports(in: directory) {
                for name in imported where declared[name] != nil && name != module && !allowed.contains(name) {
                    undeclared.append("\(target.path)/\(file) imports \(name), which \(module) does not depend on")
                }
            }
        }
        #expect(undeclared.isEmpty, "\(undeclared.sorted().joined(separator: "\n"))")
    }

    @Test("the servers import neither storage nor the plugin host; plugins import only the SDK")
    func layering() throws {
        let documented = try ArchitectureDocument.allowedImports()
        for server in ["StipAdminAPI", "StipResidentSite", "StipHTTP"] {
            let allowed = try #require(documented[server])
            #expect(!allowed.contains("StipStorage") && !allowed.contains("StipPluginHost"), "\(server) may reach around the use cases")
        }
        for method in ["MethodSupport", "WorkshopMethod", "PollMethod", "NeighbourhoodWalkMethod"] {
            let allowed = try #require(documented[method])
            #expect(allowed.isSubset(of: ["StipPluginKit", "MethodSupport"]), "\(method) reaches past the SDK: \(allowed)")
        }
        #expect(documented["stipctl"]?.contains("StipPluginHost") == false, "stipctl links the host runtime")
    }

    @Test("the test fails for a module that reaches around the layers")
    func detectsAReach() throws {
        let scratch = FileManager.default.temporaryDirectory.appending(path: "stip-architecture-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try "import Foundation\npublic import StipStorage\n@testable import StipJSON\n// import StipPluginHost in a comment\n".write(
            to: scratch.appending(path: "Handler.swift"), atomically: true, encoding: .utf8)
        let found = try SourceImports.imports(in: scratch)
        #expect(found["Handler.swift"] == ["Foundation", "StipStorage", "StipJSON"])
    }
}
