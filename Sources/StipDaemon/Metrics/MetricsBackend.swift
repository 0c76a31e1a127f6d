import CoreMetrics
import Prometheus

/// The one Prometheus registry of the process, made the swift-metrics backend the first time it is asked for:
/// every `Counter`, `Timer` and `Meter` in the libraries (and Hummingbird's `MetricsMiddleware`) lands in it.
///
/// swift-metrics binds a handle to the backend when the handle is made, so this must run before the
/// services make theirs: ``Daemon/run(settings:overrides:)`` asks for it first thing. The bootstrap may
/// happen once per process; tests that start several daemons in one process share the registry.
enum MetricsBackend {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Plugin calls and commits take micro- to milliseconds; cycles seconds to minutes.
        let fast: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        let slow: [Duration] = [
            .seconds(1), .seconds(5), .seconds(15), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(14_400),
        ]
        factory.durationHistogramBuckets = [
            "stip_plugin_request_duration_seconds": fast, "stip_commit_duration_seconds": fast,
            "stip_cycle_duration_seconds": slow, "stip_cycle_lag_seconds": slow,
        ]
        factory.valueHistogramBuckets = ["stip_commit_batch_size": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]]
        // Hummingbird names its metrics with dots and OpenTelemetry's label names; Prometheus wants underscores.
        factory.nameAndLabelSanitizer = { name, labels in
            let renamed =
                switch name {
                case "hb.requests": "http_requests_total"
                case "hb.request.errors": "http_request_errors_total"
                case "http.server.request.duration": "http_request_duration_seconds"
                case "http.server.active_requests": "http_active_requests"
                default: name
                }
            return (renamed, labels.map { (Self.labelName($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    private static func labelName(_ name: String) -> String {
        switch name {
        case "http.route": "route"
        case "http.request.method": "method"
        case "http.response.status_code": "status"
        case "error.type": "status"
        default: name
        }
    }
}
