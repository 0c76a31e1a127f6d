import CoreMetrics
import Metrics
import StipDomain
import Foundation
import Synchronization

/// What the participation services report to the metrics system (swift-metrics; Prometheus in stipd).
///
/// Labels are ids the daemon chose or checked — method (plugin id), outcome, trigger, and the workspace
/// slug unless ``workspaceLabels`` is off — never a participant, a text or a payload.
public enum ParticipationMetrics {
    private static let workspaceLabelsSetting = Atomic(true)

    /// Whether per-workspace series are kept (`metrics.workspace_labels`); off for very many workspaces,
    /// where one series per municipality and method would crowd the scraper. Set once at start-up.
    public static var workspaceLabels: Bool {
        get { workspaceLabelsSetting.load(ordering: .relaxed) }
        set { workspaceLabelsSetting.store(newValue, ordering: .relaxed) }
    }

    /// How a contribution went: stored and counted, stored to be validated when its plugin is back, or refused.
    enum Outcome: String {
        case accepted
        case pendingValidation = "pending_validation"
        case rejected
    }

    /// `stip_contributions_total{method,outcome[,workspace]}`.
    static func contribution(_ slug: WorkspaceSlug, method: String, _ outcome: Outcome, count: Int = 1) {
        guard count > 0 else { return }
        var dimensions = [("method", method), ("outcome", outcome.rawValue)]
        if workspaceLabels { dimensions.append(("workspace", slug.rawValue)) }
        Counter(label: "stip_contributions_total", dimensions: dimensions).increment(by: count)
    }

    /// A contribution stored in `state` (accepted or pending validation).
    static func stored(_ slug: WorkspaceSlug, method: String, state: ContributionState) {
        contribution(slug, method: method, state == .pendingValidation ? .pendingValidation : .accepted)
    }

    // MARK: Group commit

    static let commitBatchSize = Recorder(label: "stip_commit_batch_size", aggregate: true)
    static let commitDuration = CoreMetrics.Timer(label: "stip_commit_duration_seconds", preferredDisplayUnit: .seconds)

    // MARK: Cycles and the scheduler

    /// `stip_cycles_total{outcome,trigger}` and, for a finished one, its duration and how late it started.
    static func cycle(_ trigger: CycleTrigger, finished snapshot: CycleSnapshot?) {
        Counter(
            label: "stip_cycles_total", dimensions: [("outcome", snapshot == nil ? "failed" : "finished"), ("trigger", trigger.rawValue)]
        )
        .increment()
        guard let snapshot else { return }
        cycleDuration.record(duration: .seconds(snapshot.finishedAt.timeIntervalSince(snapshot.startedAt)))
        cycleLag.record(duration: .seconds(max(0, snapshot.lagSeconds)))
    }

    static let cycleDuration = CoreMetrics.Timer(label: "stip_cycle_duration_seconds", preferredDisplayUnit: .seconds)
    static let cycleLag = CoreMetrics.Timer(label: "stip_cycle_lag_seconds", preferredDisplayUnit: .seconds)
    /// Trajectories whose newest cycle failed, since the daemon started.
    static let failingCycles = Gauge(label: "stip_cycles_failing")

    // MARK: Retention

    /// `stip_retention_sweeps_total{outcome}` and the participants anonymised.
    static func retentionSweep(failed: Bool, anonymised: Int) {
        Counter(label: "stip_retention_sweeps_total", dimensions: [("outcome", failed ? "failed" : "done")]).increment()
        if anonymised > 0 { Counter(label: "stip_retention_participants_anonymised_total").increment(by: anonymised) }
    }
}
