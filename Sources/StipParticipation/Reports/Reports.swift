public import Foundation
public import StipDomain
public import StipReports
import StipStorage
import Synchronization

/// Reports for the college, the council and residents: one cycle's snapshot rendered as HTML, PDF, Markdown or
/// JSON, in Dutch or English (docs/reports.md). Only the snapshot is read, so an old cycle renders as it did.
public struct Reports: Sendable {
    let store: any ParticipationStore
    /// Public views of published reports, by workspace, trajectory, cycle and language: a snapshot never changes, so
    /// a resident page reads the (small) published-report row and not the snapshot on every request.
    let publishedViews = PublishedViews()

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// The report of cycle `number` of `trajectory` (the latest finished one when `nil`).
    /// - Throws: `trajectory_not_found`, `cycle_not_found` (also: no finished cycle yet), `pdf_renderer_missing`.
    public func render(_ workspace: ResolvedWorkspace, trajectory: String, cycle number: Int?, options: ReportOptions)
        async throws(DomainError) -> Data
    {
        let snapshot = try await snapshot(workspace, trajectory: trajectory, number: number)
        var view = ReportBuilder(options: options, municipality: workspace.workspace.name, timeZone: workspace.timeZone).view(of: snapshot)
        view.brand = try await brand(workspace)
        let overrides = try await translatingFailures { try await store.reportTemplates(workspace.slug) }
        let document: Data
        do {
            document = try ReportRenderer.render(view, as: options.format, overrides: overrides)
        } catch {
            throw DomainError(.internalError, "the report could not be rendered: \(error)")
        }
        guard options.format == .pdf else { return document }
        return try await PDFRenderer.pdf(fromHTML: document)
    }

    /// The municipality's report across its trajectories, each as its latest finished cycle measured it.
    public func municipality(_ workspace: ResolvedWorkspace, options: ReportOptions) async throws(DomainError) -> Data {
        var items: [(summary: TrajectorySummary, plan: TrajectoryPlan, latest: CycleSnapshot?)] = []
        for summary in try await translatingFailures({ try await store.trajectories(workspace.slug) }) {
            let stored = try await translatingFailures { try await store.trajectory(workspace.slug, summary.id) }
            let cycles = try await translatingFailures { try await store.cycles(workspace.slug, trajectory: summary.id) }
            var latest: CycleSnapshot?
            if let newest = cycles.last(where: { $0.state == "finished" }) {
                latest = try await translatingFailures {
                    try await store.cycle(workspace.slug, trajectory: summary.id, number: newest.number)
                }
            }
            items.append((summary, stored.plan, latest))
        }
        let view = ReportBuilder(options: options, municipality: workspace.workspace.name, timeZone: workspace.timeZone).municipality(items)
        let overrides = try await translatingFailures { try await store.reportTemplates(workspace.slug) }
        let document: Data
        do {
            document = try ReportRenderer.render(view, as: options.format, overrides: overrides)
        } catch {
            throw DomainError(.internalError, "the report could not be rendered: \(error)")
        }
        return options.format == .pdf ? try await PDFRenderer.pdf(fromHTML: document) : document
    }

    /// Replaces a built-in report template with the workspace's own (its house style), after checking it: a
    /// template that would not render is refused here, with its line, never when a report is asked for. Audited.
    /// - Throws: `invalid_value` with what is wrong and where.
    public func setTemplate(_ workspace: ResolvedWorkspace, name: String, text: String, by actor: AuditActor) async throws(DomainError) {
        do {
            try ReportTemplates.check(name: name, text: text)
        } catch {
            throw DomainError(.invalidValue, "report template \(name): \(error.description)")
        }
        try await translatingFailures { try await store.setReportTemplate(workspace.slug, name: name, text: text, by: actor) }
    }

    /// Goes back to the built-in template; `false` when the workspace had none of its own.
    public func removeTemplate(_ workspace: ResolvedWorkspace, name: String, by actor: AuditActor) async throws(DomainError) -> Bool {
        try await translatingFailures { try await store.removeReportTemplate(workspace.slug, name: name, by: actor) }
    }

    /// The names of the templates the workspace replaced.
    public func templates(_ workspace: ResolvedWorkspace) async throws(DomainError) -> [String] {
        try await translatingFailures { try await store.reportTemplates(workspace.slug) }.keys.sorted()
    }

    /// The workspace's logo (as a `data:` URI) and accent colour, for its own templates.
    private func brand(_ workspace: ResolvedWorkspace) async throws(DomainError) -> ReportView.Brand {
        let branding = try await translatingFailures { try await store.branding(workspace.slug) }
        return ReportView.Brand(
            logo: branding.logo.map { "data:\($0.mediaType);base64,\($0.bytes.base64EncodedString())" }, accent: branding.accentColor)
    }

    /// Puts the public report of finished cycle `number` on the trajectory's resident page. Audited.
    /// - Throws: `trajectory_not_found`, `cycle_not_found`.
    public func publish(_ workspace: ResolvedWorkspace, trajectory: String, cycle number: Int, by actor: AuditActor)
        async throws(DomainError) -> PublishedReport
    {
        try await translatingFailures {
            try await store.publishReport(workspace.slug, trajectory: trajectory, cycle: number, by: actor)
        }
    }

    /// Takes the trajectory's public report off its page; `false` when none was published.
    public func unpublish(_ workspace: ResolvedWorkspace, trajectory: String, by actor: AuditActor) async throws(DomainError) -> Bool {
        try await translatingFailures { try await store.unpublishReport(workspace.slug, trajectory: trajectory, by: actor) }
    }

    /// The published report of a trajectory, if any: which cycle, and its public view in `language`.
    public func published(_ workspace: ResolvedWorkspace, trajectory: String, language: String) async throws(DomainError) -> (
        PublishedReport, ReportView
    )? {
        guard let published = try await translatingFailures({ try await store.publishedReport(workspace.slug, trajectory: trajectory) })
        else { return nil }
        let key =
            "\(workspace.slug)/\(trajectory)/\(published.cycle)/\(language)/\(workspace.workspace.name)/\(workspace.timeZone.identifier)"
        if let view = publishedViews.view(key) { return (published, view) }
        let snapshot = try await snapshot(workspace, trajectory: trajectory, number: published.cycle)
        let options = ReportOptions(format: .html, language: language, audience: .public)
        let view = ReportBuilder(options: options, municipality: workspace.workspace.name, timeZone: workspace.timeZone).view(of: snapshot)
        publishedViews.put(key, view)
        return (published, view)
    }

    /// The published report as a document residents download (`html` or `pdf`, public audience); `nil` when none is
    /// published.
    public func publishedDocument(_ workspace: ResolvedWorkspace, trajectory: String, format: ReportOptions.Format, language: String)
        async throws(DomainError) -> Data?
    {
        guard let published = try await translatingFailures({ try await store.publishedReport(workspace.slug, trajectory: trajectory) })
        else { return nil }
        return try await render(
            workspace, trajectory: trajectory, cycle: published.cycle,
            options: ReportOptions(format: format, language: language, audience: .public))
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

/// A small cache of the public report views resident pages show (bounded: cleared when full).
final class PublishedViews: Sendable {
    private let views = Mutex<[String: ReportView]>([:])
    static let capacity = 512

    func view(_ key: String) -> ReportView? { views.withLock { $0[key] } }

    func put(_ key: String, _ view: ReportView) {
        views.withLock { views in
            if views.count >= Self.capacity { views.removeAll() }
            views[key] = view
        }
    }
}
