import Foundation
import Logging
import ServiceLifecycle
import StipDomain
import StipParticipation
import StipPluginHost

/// The demo municipality `make run` starts with.
enum DemoSeed {
    static let slug = "voorbeeldstad"

    /// Creates `voorbeeldstad` when the catalog has never held a workspace (a deleted demo stays deleted).
    /// - Returns: whether it was created now, so that the rest of the demo is seeded once.
    static func createIfCatalogEmpty(participation: Participation, logger: Logger) async -> Bool {
        do {
            let all = try await participation.workspaces.list(in: Set(WorkspaceState.allCases))
            guard all.isEmpty else { return false }
            let draft = try WorkspaceDraft(slug: slug, name: "Gemeente Voorbeeldstad", cbsCode: "GM9999", timeZone: nil, locale: "nl")
            _ = try await participation.workspaces.create(draft, by: .daemon)
            logger.notice("demo: created workspace \(slug)")
            return true
        } catch {
            logger.error("demo: could not create workspace \(slug): \(error)")
            return false
        }
    }
}

/// Fills the new demo workspace once the plugins are found: enables the methods the example plan uses,
/// applies the plan and imports the population figures. Runs once and then ends (without stopping the daemon).
struct DemoService: Service {
    let plugins: PluginHost
    let participation: Participation
    let plan: URL?
    let population: URL?
    let populationYear: Int?
    let gate: StartupGate
    let logger: Logger

    func run() async throws {
        // The servers wait for the demo, whatever happens to it.
        defer { gate.open() }
        let resolver = participation.resolver
        let wanted: Set<String> = ["workshop", "poll", "neighbourhood-walk"]
        // The plugin host scans its directories when it starts; give it a moment.
        for _ in 0..<50 where !wanted.isSubset(of: plugins.pluginIDs) {
            try await Task.sleep(for: .milliseconds(100))
        }
        for method in wanted.intersection(plugins.pluginIDs).sorted() {
            _ = try? await participation.methods.enable(method, in: try await resolver.resolve(DemoSeed.slug), by: .daemon)
        }
        let missing = wanted.subtracting(plugins.pluginIDs)
        if !missing.isEmpty {
            logger.warning(
                "demo: plugins \(missing.sorted().joined(separator: ", ")) not found; the example plan needs them (run `make run`, which stages Plugins/)"
            )
        }
        // The figures first: the plan's poll then offers the buurten by name.
        if let population {
            do {
                let year =
                    populationYear ?? CBSKerncijfersCSV.year(inFileName: population.lastPathComponent)
                    ?? Calendar(identifier: .gregorian).component(.year, from: Date())
                _ = try await participation.population.importCSV(
                    try await resolver.resolve(DemoSeed.slug), year: year, csv: try String(contentsOf: population, encoding: .utf8),
                    source: population.lastPathComponent, by: .daemon)
                logger.notice("demo: imported population \(year) from \(population.lastPathComponent)")
            } catch {
                logger.error("demo: could not import \(population.path): \(error)")
            }
        }
        if let plan {
            do {
                let text = try String(contentsOf: plan, encoding: .utf8)
                let report = try await participation.trajectories.apply(text, file: plan.path, options: .init(), by: .daemon)
                logger.notice("demo: applied \(plan.lastPathComponent): \(report.results.count) objects")
                // Published, so the resident pages show it.
                let workspace = try await resolver.resolve(DemoSeed.slug)
                for result in report.results where result.kind == "Trajectory" {
                    _ = try? await participation.trajectories.setStatus(workspace, result.id, .active, by: .daemon)
                }
            } catch {
                logger.error("demo: could not apply \(plan.path): \(error)")
            }
        }
    }
}
