import Foundation
import Logging
import StipConfig
import StipDomain
import StipJSON
import StipVocabulary
import StipParticipation
import StipPluginDefinition
import StipPluginHost
import StipStorage
import StipTestSupport

/// The use cases over a real store in a temporary data directory, with one workspace holding the example plan,
/// and a plugin host with whatever plugins a test installs (none by default).
struct ParticipationFixture {
    static let admin = AuditActor(uid: 1000, pid: 42)
    static let quiet = Logger(label: "stip-participation-tests") { _ in SwiftLogNoOpLogHandler() }

    let temp: TemporaryDirectory
    let store: SQLiteWorkspaceStore
    let plugins: PluginHost
    let participation: Participation
    let slug: WorkspaceSlug
    let plan: TrajectoryPlan

    /// - Parameters:
    ///   - timeZone: the workspace's time zone (Europe/Amsterdam when `nil`).
    ///   - plugins: `plugin.yaml` files to install in the host.
    ///   - edit: changes to the example plan before it is stored.
    init(
        slug: String = "voorbeeldstad", timeZone: String? = nil, plugins manifests: [URL] = [], pendingInterval: Duration = .seconds(10),
        validationWait: Duration = .seconds(2), edit: (inout TrajectoryPlan) -> Void = { _ in },
        clock: @escaping @Sendable () -> Date = Date.init
    ) async throws {
        temp = try TemporaryDirectory("stip-participation")
        store = try SQLiteWorkspaceStore(
            directory: DataDirectory(root: temp.url.appending(path: "data", directoryHint: .isDirectory)), maxOpenWorkspaces: 4)
        plugins = PluginHost(directories: [], logger: Self.quiet)
        for manifest in manifests { plugins.install(try PluginDefinition.load(manifest)) }
        participation = Participation(
            store: store, plugins: plugins, pendingInterval: pendingInterval, validationWait: validationWait, clock: clock,
            logger: Self.quiet)
        self.slug = try WorkspaceSlug(validating: slug)
        _ = try await participation.workspaces.create(
            try WorkspaceDraft(slug: slug, name: "Gemeente Voorbeeldstad", cbsCode: "GM9999", timeZone: timeZone, locale: "nl"),
            by: Self.admin)
        let file = OpenAPIOperations.repositoryRoot.appending(path: "etc/examples/plan-voorbeeldstad.yaml")
        var plan = try YAMLDecoder().decode(TrajectoryPlan.self, from: String(contentsOf: file, encoding: .utf8))
        edit(&plan)
        self.plan = plan
        try await store.saveTrajectory(self.slug, TrajectoryWrite(plan: plan, normalisedConfigs: [:], prune: false), by: Self.admin)
    }

    /// The workspace as a request sees it.
    func resolved() async throws -> ResolvedWorkspace {
        try await participation.resolver.resolve(slug)
    }

    /// An accepted contribution to `activity`, entered offline.
    func contribute(_ activity: String, text: String = "meer bomen") async throws -> Contribution {
        try await store.addContributions(
            slug,
            [
                NewContribution(
                    trajectory: plan.id, activity: activity, participant: nil, channel: .offline, payload: .object(["text": .string(text)]),
                    themes: [], state: .accepted, occurredOn: LocalDate("2026-11-26")!)
            ], onePerParticipant: false, by: Self.admin)[0]
    }

    /// Runs `body` while the plugin host serves, as the daemon runs it; stops every plugin afterwards.
    func whileHostRuns<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let plugins = self.plugins
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await plugins.run() }
            let outcome: Result<T, any Error>
            do {
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            await plugins.stopAll()
            group.cancelAll()
            try await group.waitForAll()
            return try outcome.get()
        }
    }
}
