import Synchronization

/// The settings in force now; SIGHUP replaces the parts that can change at runtime.
final class RuntimeState: Sendable {
    private let current: Mutex<DaemonSettings>

    init(_ settings: DaemonSettings) {
        current = Mutex(settings)
    }

    var settings: DaemonSettings { current.withLock { $0 } }

    func update(_ change: (inout DaemonSettings) -> Void) {
        current.withLock { change(&$0) }
    }
}
