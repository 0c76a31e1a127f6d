public import Foundation

/// A method plugin crashed while a contribution's validation was in flight: the evidence kept with the
/// contribution, and shown to an admin when it is quarantined.
public struct ValidationCrash: Sendable, Codable, Equatable {
    /// When the plugin crashed.
    public var at: Date
    /// The plugin's id.
    public var method: String
    /// How the process ended, e.g. `exited (exited(3)) (during validate_contribution)`.
    public var reason: String
    /// The last lines the crashed process wrote to stderr.
    public var stderrTail: [String]

    public init(at: Date, method: String, reason: String, stderrTail: [String]) {
        self.at = at
        self.method = method
        self.reason = reason
        self.stderrTail = stderrTail
    }

    enum CodingKeys: String, CodingKey {
        case at, method, reason
        case stderrTail = "stderr_tail"
    }
}

/// Why a contribution was set aside: how often its validation crashed the plugin, and the last crash.
public struct Quarantine: Sendable, Codable, Equatable {
    /// Crashes while it was in flight (at least ``threshold`` when quarantined).
    public var crashes: Int
    public var lastCrash: ValidationCrash

    /// How many crashes with it in flight set a contribution aside: one may be a coincidence (another
    /// submission in the same batch), two are not.
    public static let threshold = 2

    public init(crashes: Int, lastCrash: ValidationCrash) {
        self.crashes = crashes
        self.lastCrash = lastCrash
    }

    enum CodingKeys: String, CodingKey {
        case crashes
        case lastCrash = "last_crash"
    }
}

/// A quarantined contribution, as the plugin list names it.
public struct QuarantinedContribution: Sendable, Codable, Equatable, Hashable {
    public var workspace: WorkspaceSlug
    public var id: String
    public var method: String

    public init(workspace: WorkspaceSlug, id: String, method: String) {
        self.workspace = workspace
        self.id = id
        self.method = method
    }
}
