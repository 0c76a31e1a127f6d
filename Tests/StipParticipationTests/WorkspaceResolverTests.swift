import Foundation
import StipDomain
import StipParticipation
import StipTestSupport
import Testing

@Suite("WorkspaceResolver: the one place a workspace named in a request is resolved", .timeLimit(.minutes(1)))
struct WorkspaceResolverTests {
    let admin = ParticipationFixture.admin

    @Test(
        "a slug that is not one is refused before it reaches a path or a query", arguments: ["Voorbeeldstad", "../data", "", "v1", "a b"])
    func invalidSlug(_ text: String) async throws {
        let f = try await ParticipationFixture()
        await #expect {
            try await f.participation.resolver.resolve(text)
        } throws: { error in
            (error as? DomainError)?.code == .invalidSlug
        }
    }

    @Test("a workspace that does not exist is workspace_not_found, with where to look")
    func unknownWorkspace() async throws {
        let f = try await ParticipationFixture()
        await #expect {
            try await f.participation.resolver.resolve("nergenshuizen")
        } throws: { error in
            let error = error as? DomainError
            return error?.code == .workspaceNotFound && error?.message.contains("stipctl workspace list") == true
        }
    }

    @Test("the resolved workspace carries its time zone, language and the methods it may use")
    func resolvedValue() async throws {
        let manifestDirectory = try TemporaryDirectory("stip-participation-plugins")
        let f = try await ParticipationFixture(
            timeZone: "America/Curacao", plugins: [try TestPlugins.writeSuggestionBox(into: manifestDirectory.url)])
        let first = try await f.participation.resolver.resolve("voorbeeldstad")
        #expect(first.slug == f.slug)
        #expect(first.timeZone.identifier == "America/Curacao")
        #expect(first.locale == .nl)
        #expect(first.state == .active)
        #expect(first.enabledMethods.isEmpty)

        await #expect {
            try await f.participation.methods.enable("workshop", in: first, by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .pluginNotFound
        }
        _ = try await f.participation.methods.enable("swift-suggestion-box", in: first, by: admin)
        let second = try await f.resolved()
        #expect(second.enabledMethods == ["swift-suggestion-box"], "a newly enabled method is seen at once")
        #expect(second.generation != first.generation)
    }

    @Test("after the time zone changes, the next resolution has the new one (the cache follows the workspace)")
    func cacheFollowsChanges() async throws {
        let f = try await ParticipationFixture()
        let before = try await f.resolved()
        #expect(before.timeZone.identifier == "Europe/Amsterdam")
        #expect(try await f.resolved().generation == before.generation, "unchanged, the cached value serves")

        let changes = try WorkspaceChanges(name: nil, cbsCode: nil, timeZone: "Pacific/Kiritimati", locale: "en")
        let updated = try await f.participation.workspaces.update(before, changes, by: admin)
        #expect(updated.timeZone == "Pacific/Kiritimati")
        let after = try await f.resolved()
        #expect(after.timeZone.identifier == "Pacific/Kiritimati")
        #expect(after.locale == .en)
        #expect(after.generation > before.generation)
    }

    @Test("a suspended workspace resolves, says so, and is refused where residents would see it")
    func suspendedWorkspace() async throws {
        let f = try await ParticipationFixture()
        _ = try await f.participation.workspaces.setState(try await f.resolved(), to: .suspended, by: admin)
        let suspended = try await f.resolved()
        #expect(suspended.state == .suspended)
        #expect(throws: Never.self) { try suspended.requireLive() }
        #expect {
            try suspended.requireActive()
        } throws: { error in
            (error as? DomainError)?.code == .workspaceSuspended
        }
    }
}
