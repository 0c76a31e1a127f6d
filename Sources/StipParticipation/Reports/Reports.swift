public import Foundation
public import StipDomain
public import StipReports
import StipStorage

/// Reports for the college, the council and residents: one cycle's snapshot rendered as HTML, PDF, Markdown or
/// JSON, in Dutch or English (docs/reports.md). Only the snapshot is read, so an old cycle renders as it did.
public struct Reports: Sendable {
    let store: any ParticipationStore

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// The report of cycle `number` of `trajectory` (the latest finished one when `nil`).
    /// - Throws: `trajectory_not_found`, `cycle_not_found` (also: no finished cycle yet), `pdf_renderer_missing`.
    public func render(_ workspace: ResolvedWorkspace, trajectory: String, cycle number: Int?, options: ReportOptions)
        async throws(DomainError) -> Data
    {
        let snapshot = try await snapshot(workspace, trajectory: trajectory, number: number)
        let view = ReportBuilder(options: options, municipality: workspace.workspace.name, timeZone: workspace.timeZone).view(of: snapshot)
        let document: Data
        do {
            document = try ReportRenderer.render(view, as: options.format)
        } catch {
            throw DomainError(.internalError, "the report could not be rendered: \(error)")
        }
        guard options.format == .pdf else { return document }
        return try await PDFRenderer.pdf(fromHTML: document)
    }

    private func snapshot(_ workspace: ResolvedWorkspace, trajectory: String, number: Int?) async throws(DomainError) -> CycleSnapshot {
        if let number {
            return try await translatingFailures { try await store.cycle(workspace.slug, trajectory: trajectory, number: number) }
        }
        let cycles = try await translatingFailures { try await store.cycles(workspace.slug, trajectory: trajectory) }
        guard let latest = cycles.last(where: { $0.state == "finished" }) else {
            throw DomainError(
                .cycleNotFound,
                "trajectory \(trajectory) has no finished cycle to report on yet; run one with stipctl evaluate \(workspace.slug)/\(trajectory) --wait"
            )
        }
        return try await translatingFailures { try await store.cycle(workspace.slug, trajectory: trajectory, number: latest.number) }
    }
}
