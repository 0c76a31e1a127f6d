public import StipPluginDefinition
public import Foundation
public import StipDomain

/// What a scan of the plugin directories found.
public struct DiscoveryResult: Sendable {
    /// Usable plugins by id.
    public var plugins: [String: PluginDefinition] = [:]
    /// Manifests that were skipped, with the reason.
    public var rejected: [RejectedPlugin] = []
}

/// Finds plugins: every direct subdirectory of a plugin directory that holds a `plugin.yaml`.
public enum PluginDiscovery {
    /// Scans `directories` in order; the first plugin with an id wins, later ones are rejected as duplicates.
    public static func scan(_ directories: [URL]) -> DiscoveryResult {
        var result = DiscoveryResult()
        let fm = FileManager.default
        for directory in directories {
            guard let entries = try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.isDirectoryKey]) else { continue }
            for entry in entries.sorted(by: { $0.path < $1.path }) where !entry.lastPathComponent.hasPrefix(".") {
                let manifest = entry.appending(path: "plugin.yaml")
                guard fm.fileExists(atPath: manifest.path) else { continue }
                do {
                    let definition = try PluginDefinition.load(manifest)
                    if let existing = result.plugins[definition.id] {
                        result.rejected.append(
                            RejectedPlugin(
                                manifest: manifest.path, id: definition.id,
                                reason: "duplicate id \"\(definition.id)\": already provided by \(existing.manifestFile.path)"))
                    } else {
                        result.plugins[definition.id] = definition
                    }
                } catch {
                    result.rejected.append(RejectedPlugin(manifest: manifest.path, id: nil, reason: error.description))
                }
            }
        }
        return result
    }
}
