public import StipDomain
import StipStorage

/// The population of a workspace's areas, from the CBS "Kerncijfers wijken en buurten": what representation
/// is measured against.
public struct Population: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// Reads a CBS export and replaces that year's figures.
    /// - Throws: `invalid_population_file` when the file cannot be read or holds no usable row.
    public func importCSV(_ workspace: ResolvedWorkspace, year: Int, csv: String, source: String, by actor: AuditActor)
        async throws(DomainError) -> PopulationImportReport
    {
        try workspace.requireLive()
        let result: CBSKerncijfersCSV.Result
        do {
            result = try CBSKerncijfersCSV.read(csv)
        } catch {
            throw DomainError(.invalidPopulationFile, error.description)
        }
        guard !result.figures.isEmpty else {
            throw DomainError(
                .invalidPopulationFile, "no row had a usable region code; \(result.skipped.count) rows were skipped",
                fieldIssues: result.skipped.map { FieldIssue(field: $0.region ?? "", message: $0.reason, row: $0.row) })
        }
        return try await translatingFailures {
            try await store.replacePopulation(workspace.slug, year: year, source: source, result, by: actor)
        }
    }

    /// One year's figures; the newest when `year` is nil.
    public func table(_ workspace: ResolvedWorkspace, year: Int?) async throws(DomainError) -> PopulationTable {
        try await translatingFailures { try await store.population(workspace.slug, year: year) }
    }
}
