import Logging
import StipDomain
import StipStorage

/// The demo municipality `make run` starts with.
enum DemoSeed {
    static let slug = "voorbeeldstad"

    /// Creates `voorbeeldstad` when the catalog has never held a workspace (a deleted demo stays deleted).
    static func createIfCatalogEmpty(store: any WorkspaceStore, logger: Logger) async {
        do {
            let all = try await store.workspaces(in: Set(WorkspaceState.allCases))
            guard all.isEmpty else { return }
            let draft = try WorkspaceDraft(slug: slug, name: "Gemeente Voorbeeldstad", cbsCode: "GM9999", timeZone: nil, locale: "nl")
            _ = try await store.createWorkspace(draft, by: .daemon)
            logger.notice("demo: created workspace \(slug)")
        } catch {
            logger.error("demo: could not create workspace \(slug): \(error)")
        }
    }
}
