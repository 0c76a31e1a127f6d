import CoreMetrics
import Metrics
import StipDomain

/// One plugin's figures for the metrics system (swift-metrics; Prometheus in stipd): made once per
/// supervisor, so a call only bumps handles it already holds. Labelled by plugin id only — never by
/// workspace, participant or payload.
struct PluginMetrics: Sendable {
    let plugin: String
    let requests: Counter
    let errors: Counter
    let latency: CoreMetrics.Timer
    let restarts: Counter
    let inFlight: Meter

    init(plugin: String) {
        self.plugin = plugin
        let dimensions = [("plugin", plugin)]
        requests = Counter(label: "stip_plugin_requests_total", dimensions: dimensions)
        errors = Counter(label: "stip_plugin_errors_total", dimensions: dimensions)
        latency = CoreMetrics.Timer(label: "stip_plugin_request_duration_seconds", dimensions: dimensions, preferredDisplayUnit: .seconds)
        restarts = Counter(label: "stip_plugin_restarts_total", dimensions: dimensions)
        inFlight = Meter(label: "stip_plugin_in_flight", dimensions: dimensions)
    }

    /// One gauge per state, 1 for the plugin's state now and 0 for the others, so that an alert can say
    /// `stip_plugin_state{state="failed"} == 1` without knowing the other states.
    func record(state current: PluginStatus.State) {
        for state in PluginStatus.State.allCases {
            Gauge(label: "stip_plugin_state", dimensions: [("plugin", plugin), ("state", state.rawValue)]).record(state == current ? 1 : 0)
        }
    }
}
