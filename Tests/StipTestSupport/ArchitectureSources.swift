public import Foundation

/// One target of `Package.swift`: where its sources are and which targets it depends on.
public struct PackageTarget: Sendable {
    public var kind: String
    public var path: String
    public var dependencies: [String]

    public var isTest: Bool { kind == "testTarget" }
    /// A measuring tool outside the product: `make bench`'s benchmarks and `make drills`' fuzzer.
    public var isBenchmark: Bool { path.hasPrefix("Benchmarks/") || path.hasPrefix("Drills/") }
    public var isTestSupport: Bool { path.hasPrefix("Tests/") }
}

/// `Package.swift` read as text: the targets and their target dependencies (products of packages left out).
public enum PackageManifest {
    public static func dependencies() throws -> [String: PackageTarget] {
        let text = try String(contentsOf: OpenAPIOperations.repositoryRoot.appending(path: "Package.swift"), encoding: .utf8)
        var targets: [String: PackageTarget] = [:]
        let opening = try Regex(#"\.(target|executableTarget|testTarget|systemLibrary)\("#)
        for match in text.matches(of: opening) {
            let kind = String(text[match.range].dropFirst().dropLast())
            var index = match.range.upperBound
            var depth = 1
            while depth > 0, index < text.endIndex {
                if text[index] == "(" { depth += 1 } else if text[index] == ")" { depth -= 1 }
                index = text.index(after: index)
            }
            let block = String(text[match.range.upperBound..<index])
            guard let name = block.firstMatch(of: #/name:\s*"([^"]+)"/#)?.1 else { continue }
            let path = block.firstMatch(of: #/path:\s*"([^"]+)"/#).map { String($0.1) }
            var dependencies: [String] = []
            if let list = block.firstMatch(of: #/dependencies:\s*\[/#) {
                var end = list.range.upperBound
                var level = 1
                while level > 0, end < block.endIndex {
                    if block[end] == "[" { level += 1 } else if block[end] == "]" { level -= 1 }
                    end = block.index(after: end)
                }
                let inner = String(block[list.range.upperBound..<end]).replacing(#/\.product\([^)]*\)/#, with: "")
                dependencies = inner.matches(of: #/"([^"]+)"/#).map { String($0.1) }
            }
            let defaultPath = kind == "testTarget" ? "Tests/\(name)" : "Sources/\(name)"
            targets[String(name)] = PackageTarget(kind: kind, path: path ?? defaultPath, dependencies: dependencies)
        }
        return targets
    }
}

/// The module table of `docs/architecture.md`: each module and the Stip modules it may import.
public enum ArchitectureDocument {
    public static func allowedImports() throws -> [String: Set<String>] {
        let text = try String(contentsOf: OpenAPIOperations.repositoryRoot.appending(path: "docs/architecture.md"), encoding: .utf8)
        guard let section = text.range(of: "## The modules") else { return [:] }
        var allowed: [String: Set<String>] = [:]
        for line in text[section.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") || line.hasPrefix("### ") { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[1] != "Module", !cells[1].hasPrefix("---") else { continue }
            let modules = cells[2] == "—" ? [] : cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            allowed[cells[1]] = Set(modules)
        }
        return allowed
    }
}

/// The modules each Swift file under a directory imports.
public enum SourceImports {
    /// File name (relative to `directory`) → imported modules, in order, whatever the import's access level.
    public static func imports(in directory: URL) throws -> [String: [String]] {
        var found: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            let modules = text.split(separator: "\n").compactMap { line -> String? in
                // Most lines hold no import: skip them before the (slow, in a debug build) regular expression.
                guard line.contains("import ") else { return nil }
                guard
                    let match = line.firstMatch(
                        of:
                            #/^\s*(?:@[A-Za-z_]+(?:\([^)]*\))?\s+)*(?:public\s+|internal\s+|package\s+)?import\s+(?:struct\s+|enum\s+|class\s+|func\s+)?([A-Za-z_][A-Za-z0-9_]*)/#
                    )
                else { return nil }
                return String(match.1)
            }
            found[String(file.path.dropFirst(directory.path.count + 1))] = modules
        }
        return found
    }
}
