import Foundation
import MethodSupport
import NeighbourhoodWalkMethod
import PollMethod
import StipPluginKit
import Testing
import WorkshopMethod

/// The three manifests against protocol §7 and their plugin.yaml files.
@Suite("manifests of the three methods")
struct ManifestTests {
    static let plugins: [(folder: String, manifest: PluginManifest)] = [
        ("Workshop", Workshop().manifest), ("Poll", Poll().manifest), ("NeighbourhoodWalk", NeighbourhoodWalk().manifest),
    ]

    @Test("ids, versions and executables match plugin.yaml", arguments: plugins)
    func pluginYAML(folder: String, manifest: PluginManifest) throws {
        let yaml = try String(contentsOf: repositoryRoot.appending(path: "Plugins/\(folder)/plugin.yaml"), encoding: .utf8)
        let lines = yaml.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.contains("id: \(manifest.id)"))
        #expect(lines.contains("version: \(manifest.version)"))
        // Built on the SDK, each method speaks the newest protocol this build knows.
        #expect(lines.contains("protocol: \"\(PluginProtocol.supportedVersions[0])\""))
        #expect(lines.contains("executable: stip-plugin-\(manifest.id)"))
        #expect(manifest.problems(expectedID: manifest.id).isEmpty)
    }

    @Test("metrics: simple unique ids, known kinds, labels in both languages", arguments: plugins)
    func metrics(folder: String, manifest: PluginManifest) {
        #expect(!manifest.metrics.isEmpty)
        for metric in manifest.metrics {
            #expect(metric.id.allSatisfy { $0.isLowercase || $0 == "_" }, "\(metric.id)")
            #expect(["count", "ratio", "mean", "distribution"].contains(metric.kind))
            #expect(!metric.label.nl.isEmpty && !metric.label.en.isEmpty)
        }
        #expect(Set(manifest.metrics.map(\.id)).count == manifest.metrics.count)
    }

    @Test("schemas are JSON Schema 2020-12 objects", arguments: plugins)
    func schemas(folder: String, manifest: PluginManifest) {
        for schema in [manifest.configSchema, manifest.contributionSchema] {
            #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        }
        #expect(manifest.configSchema["additionalProperties"] == .bool(false))
    }

    @Test("modes and capabilities")
    func capabilities() {
        #expect(Workshop().manifest.modes == ["offline"])
        #expect(Poll().manifest.modes == ["online"])
        #expect(NeighbourhoodWalk().manifest.modes == ["offline"])
        #expect(Poll().manifest.capabilities.publicForm)
        #expect(!Workshop().manifest.capabilities.publicForm && !NeighbourhoodWalk().manifest.capabilities.publicForm)
        for (_, manifest) in Self.plugins { #expect(manifest.capabilities.importFormats == ["csv", "yaml"]) }
    }

    @Test("the config schemas list the config keys the code accepts")
    func schemaKeys() throws {
        #expect(
            Set(Workshop().manifest.configSchema["properties"]?.members?.keys.map { $0 } ?? [])
                == ["sessions", "programme", "questions"])
        #expect(
            Set(Poll().manifest.configSchema["properties"]?.members?.keys.map { $0 } ?? [])
                == ["title", "intro", "opens", "closes", "one_response_per", "questions", "profile_questions", "areas"])
        #expect(
            Set(NeighbourhoodWalk().manifest.configSchema["properties"]?.members?.keys.map { $0 } ?? [])
                == ["date", "meeting_point", "route", "organisations", "area_codes"])
    }
}
