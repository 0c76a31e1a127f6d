import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage

// The one place where what storage and the plugin host report becomes a `DomainError`: every use case runs
// its work through `translatingFailures`, so the HTTP layers know one error type and nothing of storage or plugins.

/// Runs `body` and turns storage and plugin failures into ``DomainError``s.
/// - Parameter plugin: how to name the plugin in messages, when a plugin is called.
func translatingFailures<T>(plugin: String? = nil, _ body: () async throws -> T) async throws(DomainError) -> T {
    do {
        return try await body()
    } catch let error as DomainError {
        throw error
    } catch let error as StorageError {
        throw DomainError(error)
    } catch let error as PluginCallError {
        throw DomainError(error, plugin: plugin ?? "the method plugin")
    } catch {
        if let storage = StorageError(recognizing: error) { throw DomainError(storage) }
        throw DomainError(.internalError, "the daemon could not complete the request: \(error)")
    }
}

extension DomainError {
    /// A storage failure, with its code kept.
    init(_ error: StorageError) {
        let code: Code =
            switch error.code {
            case .workspaceNotFound: .workspaceNotFound
            case .workspaceExists: .workspaceExists
            case .workspaceDeleted: .workspaceDeleted
            case .workspaceUnavailable: .workspaceUnavailable
            case .invalidArchive: .invalidArchive
            case .schemaTooNew: .schemaTooNew
            case .dataDirectoryUnusable: .internalError
            case .trajectoryNotFound: .trajectoryNotFound
            case .phaseNotFound: .phaseNotFound
            case .cycleNotFound: .cycleNotFound
            case .activityNotFound: .activityNotFound
            case .activityAmbiguous: .activityAmbiguous
            case .activityHasContributions: .activityHasContributions
            case .participantNotFound: .participantNotFound
            case .participantExists: .participantExists
            case .participantErased: .participantErased
            case .alreadyContributed: .alreadyContributed
            case .contributionNotFound: .contributionNotFound
            case .contributionNotQuarantined: .contributionNotQuarantined
            case .reportBackNotFound: .reportBackNotFound
            case .populationNotFound: .populationNotFound
            case .invalidReference: .invalidReference
            case .trajectoryClosed: .trajectoryClosed
            case .storageFull: .storageFull
            }
        self.init(code, error.message)
    }

    /// A failed plugin call: the plugin's own refusal (with its field errors), a timeout, a crash, or unavailability.
    init(_ error: PluginCallError, plugin: String) {
        switch error {
        case .rpc(let rpc) where rpc.knownCode == .invalidConfig || rpc.knownCode == .invalidContribution:
            self.init(
                rpc.knownCode == .invalidConfig ? .invalidConfig : .invalidContribution, "\(plugin): \(rpc.message)",
                fieldIssues: rpc.fieldErrors.map { FieldIssue(field: $0.pointer, message: $0.message) })
        case .rpc(let rpc):
            self.init(.pluginError, "\(plugin): \(rpc)")
        case .timeout:
            self.init(.pluginTimeout, error.description)
        case .processEnded, .crashed:
            self.init(.pluginFailed, error.description + "; it is being restarted, see `stipctl plugin list`")
        case .unavailable:
            self.init(.pluginUnavailable, error.description)
        }
    }
}
