public import Foundation
import StipDomain
import StipStorage

/// Whether the node does its work unattended: `ok`, or `degraded` with one reason per thing an operator
/// should look at. Degraded is not down — residents are served — so `GET /v1/health` answers 200 either way.
public struct NodeHealth: Sendable {
    let methods: MethodPlugins
    let cycles: Cycles
    let pending: PendingValidator
    let store: any WorkspaceStore
    /// Contributions that waited longer than this for their plugin make the node degraded.
    let pendingLimit: Duration

    init(methods: MethodPlugins, cycles: Cycles, pending: PendingValidator, store: any WorkspaceStore, pendingLimit: Duration) {
        self.methods = methods
        self.cycles = cycles
        self.pending = pending
        self.store = store
        self.pendingLimit = pendingLimit
    }

    /// Below this share of the file system free, or this many bytes, residents' answers may soon not be stored.
    static let lowSpaceShare = 0.05
    static let lowSpaceBytes: Int64 = 16 << 20

    /// One thing that is wrong, with a stable code and what to do about it.
    public struct Reason: Sendable, Codable, Equatable {
        /// `plugin_failed`, `cycle_failed`, `validations_pending`, `contributions_quarantined`, `disk_nearly_full`.
        public var code: String
        public var message: String
        public var plugin: String?
        public var workspace: String?
        public var trajectory: String?
    }

    /// The verdict and its reasons, with the pending figures it was drawn from.
    public struct Report: Sendable, Codable, Equatable {
        /// `ok` or `degraded`.
        public var status: String
        public var reasons: [Reason]
        public var pendingValidations: Int
        public var oldestPendingSeconds: Int?
        public var quarantined: Int

        enum CodingKeys: String, CodingKey {
            case status, reasons
            case pendingValidations = "pending_validations"
            case oldestPendingSeconds = "oldest_pending_s"
            case quarantined
        }
    }

    /// Looks at the plugins, the cycles and what waits for validation.
    public func check(now: Date = Date()) async -> Report {
        var reasons: [Reason] = []
        for plugin in await methods.statuses().plugins where plugin.state == .failed {
            reasons.append(
                Reason(
                    code: "plugin_failed",
                    message:
                        "method plugin \(plugin.id) has failed and is not restarted (circuit open): \(plugin.lastError ?? "it kept crashing"); "
                        + "its contributions are kept as pending. See `stipctl plugin list`, fix it, then `stipctl plugin restart \(plugin.id)`",
                    plugin: plugin.id))
        }
        for failure in cycles.failures.current {
            reasons.append(
                Reason(
                    code: "cycle_failed",
                    message:
                        "cycle \(failure.cycle) of \(failure.workspace)/\(failure.trajectory) failed at \(failure.at.formatted(.iso8601)): \(failure.error); "
                        + "see `stipctl cycles \(failure.workspace)/\(failure.trajectory)` and run it again with `stipctl evaluate`",
                    workspace: failure.workspace.rawValue, trajectory: failure.trajectory))
        }
        if let space = store.dataDirectorySpace(), space.total > 0,
            space.available < Self.lowSpaceBytes || Double(space.available) < Double(space.total) * Self.lowSpaceShare
        {
            reasons.append(
                Reason(
                    code: "disk_nearly_full",
                    message:
                        "the data directory's file system has \(space.available / (1 << 20)) MiB of \(space.total / (1 << 20)) MiB free; "
                        + "when it is full, residents' answers are refused (503, nothing stored) until there is room again — free space or grow the file system"
                ))
        }
        let backlog = await pending.backlog()
        let waited = backlog.oldest.map { max(0, now.timeIntervalSince($0)) }
        if let waited, waited > Double(pendingLimit.components.seconds) {
            reasons.append(
                Reason(
                    code: "validations_pending",
                    message:
                        "\(backlog.count) contribution(s) wait for their method plugin's validation, the oldest for \(Int(waited / 60)) min; "
                        + "see which plugin is down with `stipctl plugin list`"))
        }
        if backlog.quarantined > 0 {
            reasons.append(
                Reason(
                    code: "contributions_quarantined",
                    message:
                        "\(backlog.quarantined) contribution(s) are quarantined (their validation crashed a plugin twice); "
                        + "see `stipctl plugin list`, then `stipctl contributions retry` or `reject` each"))
        }
        return Report(
            status: reasons.isEmpty ? "ok" : "degraded", reasons: reasons, pendingValidations: backlog.count,
            oldestPendingSeconds: waited.map { Int($0) }, quarantined: backlog.quarantined)
    }
}
