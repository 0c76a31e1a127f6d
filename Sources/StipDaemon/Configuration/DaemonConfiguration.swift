/// The daemon's configuration file (`stipd.yaml`), exactly as written. Every key is optional;
/// what is left out takes the embedded default, so `stipd` runs without any file.
public struct DaemonConfiguration: Codable, Sendable, Equatable {
    /// `catalog.sqlite`, `workspaces/`, `trash/`, `tmp/` and the lock file live here.
    public var dataDir = "/var/lib/stip"
    public var admin = Admin()
    public var `public` = Public()
    public var plugins = Plugins()
    public var workspaces = Workspaces()
    public var log = Log()
    public var demo = Demo()
    public var scheduler = Scheduler()
    public var metrics = Metrics()
    public var health = Health()

    /// The embedded defaults.
    public init() {}

    public struct Admin: Codable, Sendable, Equatable {
        public var socket = "/run/stip/stipd.sock"
        /// Octal permission bits of the socket file, e.g. `"0660"`.
        public var socketMode = "0660"
        public var maxBodyBytes = 1 << 20
        public var maxImportBytes = 4 << 30
        /// A connection with no request in progress, or stuck in one that stopped arriving, is closed after this.
        public var idleTimeoutSeconds = 300
        /// Connections served at once; more wait until one closes.
        public var maxConnections = 64

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case socket
            case socketMode = "socket_mode"
            case maxBodyBytes = "max_body_bytes"
            case maxImportBytes = "max_import_bytes"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case maxConnections = "max_connections"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            socket = try c.decodeIfPresent(String.self, forKey: .socket) ?? socket
            socketMode = try c.decodeIfPresent(String.self, forKey: .socketMode) ?? socketMode
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
            maxImportBytes = try c.decodeIfPresent(Int.self, forKey: .maxImportBytes) ?? maxImportBytes
            idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? idleTimeoutSeconds
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? maxConnections
        }
    }

    public struct Public: Codable, Sendable, Equatable {
        /// `HOST:PORT` of the resident pages.
        public var listen = "127.0.0.1:8080"
        /// Submissions per client per minute (0 turns the limit off) and how many may come at once.
        public var rateLimitPerMinute = 30
        public var rateLimitBurst = 10
        /// Mark the browser cookie Secure: set when the reverse proxy serves HTTPS (it should).
        public var secureCookies = false
        /// Largest form or JSON body of a response.
        public var maxBodyBytes = 64 * 1024
        /// Page views per client per minute (0 turns the limit off) and how many may come at once.
        public var pageRateLimitPerMinute = 600
        public var pageRateLimitBurst = 120
        /// A connection that sends nothing, half a request, or nothing more for this long is closed.
        public var idleTimeoutSeconds = 30
        /// Connections served at once; more wait in the listen queue until one closes.
        public var maxConnections = 1024
        /// Where `GET /` sends a visitor; empty: a page that names the service.
        public var rootRedirect = ""
        /// How long a resident waits for the method plugin's verdict before the response is kept as pending (202).
        public var validationWaitMs = 2000

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case listen
            case rateLimitPerMinute = "rate_limit_per_minute"
            case rateLimitBurst = "rate_limit_burst"
            case secureCookies = "secure_cookies"
            case maxBodyBytes = "max_body_bytes"
            case pageRateLimitPerMinute = "page_rate_limit_per_minute"
            case pageRateLimitBurst = "page_rate_limit_burst"
            case idleTimeoutSeconds = "idle_timeout_seconds"
            case maxConnections = "max_connections"
            case rootRedirect = "root_redirect"
            case validationWaitMs = "validation_wait_ms"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? listen
            rateLimitPerMinute = try c.decodeIfPresent(Int.self, forKey: .rateLimitPerMinute) ?? rateLimitPerMinute
            rateLimitBurst = try c.decodeIfPresent(Int.self, forKey: .rateLimitBurst) ?? rateLimitBurst
            secureCookies = try c.decodeIfPresent(Bool.self, forKey: .secureCookies) ?? secureCookies
            maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes) ?? maxBodyBytes
            pageRateLimitPerMinute = try c.decodeIfPresent(Int.self, forKey: .pageRateLimitPerMinute) ?? pageRateLimitPerMinute
            pageRateLimitBurst = try c.decodeIfPresent(Int.self, forKey: .pageRateLimitBurst) ?? pageRateLimitBurst
            idleTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? idleTimeoutSeconds
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections) ?? maxConnections
            rootRedirect = try c.decodeIfPresent(String.self, forKey: .rootRedirect) ?? rootRedirect
            validationWaitMs = try c.decodeIfPresent(Int.self, forKey: .validationWaitMs) ?? validationWaitMs
        }
    }

    public struct Plugins: Codable, Sendable, Equatable {
        public var directories = ["/usr/lib/stip/plugins"]

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case directories }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            directories = try c.decodeIfPresent([String].self, forKey: .directories) ?? directories
        }
    }

    public struct Workspaces: Codable, Sendable, Equatable {
        /// How many workspace databases stay open at once (LRU).
        public var maxOpen = 64
        /// How long deleted workspaces stay in the trash.
        public var trashRetentionDays = 30

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxOpen = "max_open"
            case trashRetentionDays = "trash_retention_days"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxOpen = try c.decodeIfPresent(Int.self, forKey: .maxOpen) ?? maxOpen
            trashRetentionDays = try c.decodeIfPresent(Int.self, forKey: .trashRetentionDays) ?? trashRetentionDays
        }
    }

    /// Evaluation cycles on schedule and at phase ends.
    public struct Scheduler: Codable, Sendable, Equatable {
        /// Cycles running at once across all workspaces.
        public var maxConcurrentCycles = 2
        /// How often due runs are looked for, in seconds.
        public var intervalSeconds = 20

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case maxConcurrentCycles = "max_concurrent_cycles"
            case intervalSeconds = "interval_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxConcurrentCycles = try c.decodeIfPresent(Int.self, forKey: .maxConcurrentCycles) ?? maxConcurrentCycles
            intervalSeconds = try c.decodeIfPresent(Int.self, forKey: .intervalSeconds) ?? intervalSeconds
        }
    }

    /// The Prometheus metrics: always on the admin socket (`GET /metrics`), and on TCP when `listen` is set.
    public struct Metrics: Codable, Sendable, Equatable {
        /// `HOST:PORT` of a metrics-only listener for a Prometheus scraper, loopback only; empty: none.
        public var listen = ""
        /// Label contribution counters by workspace; switch off for very many workspaces.
        public var workspaceLabels = true

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case listen
            case workspaceLabels = "workspace_labels"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            listen = try c.decodeIfPresent(String.self, forKey: .listen) ?? listen
            workspaceLabels = try c.decodeIfPresent(Bool.self, forKey: .workspaceLabels) ?? workspaceLabels
        }
    }

    /// When `GET /v1/health` says `degraded`.
    public struct Health: Codable, Sendable, Equatable {
        /// A contribution waiting this long for its plugin's validation makes the node degraded.
        public var pendingValidationLimitSeconds = 3600

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case pendingValidationLimitSeconds = "pending_validation_limit_seconds"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pendingValidationLimitSeconds =
                try c.decodeIfPresent(Int.self, forKey: .pendingValidationLimitSeconds) ?? pendingValidationLimitSeconds
        }
    }

    public struct Log: Codable, Sendable, Equatable {
        public var level = "info"
        public var format = "text"

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable { case level, format }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            level = try c.decodeIfPresent(String.self, forKey: .level) ?? level
            format = try c.decodeIfPresent(String.self, forKey: .format) ?? format
        }
    }

    public struct Demo: Codable, Sendable, Equatable {
        /// Create the demo workspace `voorbeeldstad` when the catalog is empty.
        public var enabled = false
        /// A trajectory plan to apply to the demo workspace (relative to this file).
        public var plan: String?
        /// A CBS population CSV to import into the demo workspace (relative to this file).
        public var population: String?
        /// The year of those figures (default: a year in the file name, else the current year).
        public var populationYear: Int?

        public init() {}

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled, plan, population
            case populationYear = "population_year"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
            plan = try c.decodeIfPresent(String.self, forKey: .plan)
            population = try c.decodeIfPresent(String.self, forKey: .population)
            populationYear = try c.decodeIfPresent(Int.self, forKey: .populationYear)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dataDir = "data_dir"
        case admin
        case `public`
        case plugins, workspaces, log, demo, scheduler, metrics, health
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dataDir = try c.decodeIfPresent(String.self, forKey: .dataDir) ?? dataDir
        admin = try c.decodeIfPresent(Admin.self, forKey: .admin) ?? admin
        `public` = try c.decodeIfPresent(Public.self, forKey: .public) ?? `public`
        plugins = try c.decodeIfPresent(Plugins.self, forKey: .plugins) ?? plugins
        workspaces = try c.decodeIfPresent(Workspaces.self, forKey: .workspaces) ?? workspaces
        log = try c.decodeIfPresent(Log.self, forKey: .log) ?? log
        demo = try c.decodeIfPresent(Demo.self, forKey: .demo) ?? demo
        scheduler = try c.decodeIfPresent(Scheduler.self, forKey: .scheduler) ?? scheduler
        metrics = try c.decodeIfPresent(Metrics.self, forKey: .metrics) ?? metrics
        health = try c.decodeIfPresent(Health.self, forKey: .health) ?? health
    }
}
