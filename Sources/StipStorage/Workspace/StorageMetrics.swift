import CoreMetrics

/// The workspace databases' figures for the metrics system: how many are open under `workspaces.max_open`,
/// how often one is opened, and how often an idle one is closed to make room (LRU eviction).
enum StorageMetrics {
    static let openDatabases = Gauge(label: "stip_workspace_databases_open")
    static let opens = Counter(label: "stip_workspace_database_opens_total")
    static let evictions = Counter(label: "stip_workspace_database_evictions_total")
}
