import Logging
import ServiceLifecycle
import StipStorage

/// Owns the store for the life of the group: it starts first and, because shutdown runs in
/// reverse order, closes the databases last, after the servers have drained.
struct StorageService: Service {
    let store: SQLiteWorkspaceStore
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        await store.close()
        logger.info("databases closed")
    }
}
