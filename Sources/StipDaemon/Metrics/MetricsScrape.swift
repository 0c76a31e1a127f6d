import Foundation
import Prometheus
import StipDomain
import StipParticipation
import StipStorage

/// What a scrape returns: the counters the services keep as things happen, plus the figures that are
/// cheapest to read when asked — what waits for validation, workspaces by state, the data directory's
/// free space — read now. The same text on the admin socket and on `metrics.listen`.
struct MetricsScrape: Sendable {
    let participation: Participation
    let dataDirectory: DataDirectory
    let started: ContinuousClock.Instant

    /// The Prometheus text exposition (version 0.0.4).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func text() async -> String {
        let backlog = await participation.pending.backlog()
        gauge("pending_validations", "Contributions waiting for their method plugin's validation.")
            .set(to: Double(backlog.count))
        gauge("pending_validation_oldest_seconds", "How long the oldest contribution waiting for validation has waited (0: none).").set(
            to: backlog.oldest.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
        gauge("contributions_quarantined", "Contributions whose validation crashed their plugin twice.")
            .set(to: Double(backlog.quarantined))
        if let counts = try? await participation.workspaces.stateCounts() {
            for state in [WorkspaceState.active, .suspended, .deleted] {
                gauge("workspaces", "Workspaces by state.", labels: [("state", state.rawValue)])
                    .set(to: Double(counts[state] ?? 0))
            }
        }
        if let space = dataDirectory.space() {
            gauge("data_directory_free_bytes", "Free space for the daemon on the data directory's file system.").set(
                to: Double(space.available))
            gauge("data_directory_size_bytes", "Size of the data directory's file system.").set(to: Double(space.total))
        }
        let behind = participation.scheduler.waiting.oldestPlannedAt.map { max(0, Date().timeIntervalSince($0)) } ?? 0
        gauge("scheduler_due_lag_seconds", "How long the oldest due evaluation run has waited to start (0: none waits).").set(to: behind)
        let uptime = ContinuousClock.now - started
        gauge("uptime_seconds", "Seconds since stipd started.").set(to: Double(uptime.components.seconds))
        gauge("build_info", "The running Stip version.", labels: [("version", StipVersion.current)]).set(to: 1)
        return MetricsBackend.registry.emitToString()
    }

    /// A gauge `stip_<name>` with its help line.
    private func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        MetricsBackend.registry.makeGauge(
            descriptor: MetricNameDescriptor(namespace: "stip", metricName: name, unitName: "", helpText: help), labels: labels)
    }
}
