import Foundation
import StipDomain
import StipJSON
@testable import StipParticipation
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipTestSupport
import Testing

@Suite("storage and plugin failures become DomainErrors with the codes the APIs answer", .timeLimit(.minutes(1)))
struct FailureTranslationTests {
    let admin = ParticipationFixture.admin

    @Test(
        "a storage failure keeps its code and message; an unusable data directory is the node's own failure",
        arguments: [
            (StorageError.Code.workspaceNotFound, DomainError.Code.workspaceNotFound), (.workspaceExists, .workspaceExists),
            (.workspaceDeleted, .workspaceDeleted), (.workspaceUnavailable, .workspaceUnavailable), (.invalidArchive, .invalidArchive),
            (.schemaTooNew, .schemaTooNew), (.dataDirectoryUnusable, .internalError), (.trajectoryNotFound, .trajectoryNotFound),
            (.activityNotFound, .activityNotFound), (.activityAmbiguous, .activityAmbiguous),
            (.activityHasContributions, .activityHasContributions), (.participantNotFound, .participantNotFound),
            (.participantExists, .participantExists), (.participantErased, .participantErased), (.alreadyContributed, .alreadyContributed),
            (.contributionNotFound, .contributionNotFound), (.reportBackNotFound, .reportBackNotFound),
            (.populationNotFound, .populationNotFound), (.invalidReference, .invalidReference), (.trajectoryClosed, .trajectoryClosed),
        ])
    func storageCodes(_ storage: StorageError.Code, _ expected: DomainError.Code) async {
        await #expect {
            try await translatingFailures { () async throws -> Void in throw StorageError(storage, "wat er mis is") }
        } throws: { error in
            let error = error as? DomainError
            return error?.code == expected && error?.message == "wat er mis is"
        }
        if expected != .internalError { #expect(storage.rawValue == expected.rawValue, "the API's code is storage's code") }
    }

    @Test("a plugin's refusal keeps its field errors; timeouts, crashes and absences get their own codes")
    func pluginFailures() {
        let refusal = RPCError(
            .invalidConfig, "the activity config is not valid",
            data: ["errors": .array([.object(["pointer": .string("/question"), "message": .string("must not be blank")])])])
        let config = DomainError(PluginCallError.rpc(refusal), plugin: "poll")
        #expect(config.code == .invalidConfig)
        #expect(config.message == "poll: the activity config is not valid")
        #expect(config.fieldIssues == [FieldIssue(field: "/question", message: "must not be blank")])

        let contribution = DomainError(PluginCallError.rpc(RPCError(.invalidContribution, "not valid")), plugin: "poll")
        #expect(contribution.code == .invalidContribution)

        let cases: [(PluginCallError, DomainError.Code)] = [
            (.rpc(RPCError(.internalError, "boom")), .pluginError), (.rpc(RPCError(.unknownExport, "no such export")), .pluginError),
            (.timeout(plugin: "poll", method: "validate_activity", after: .seconds(10)), .pluginTimeout),
            (.processEnded(plugin: "poll", reason: "exited (exited(3))"), .pluginFailed),
            (.unavailable(plugin: "poll", reason: "it is disabled"), .pluginUnavailable),
        ]
        for (failure, code) in cases {
            #expect(DomainError(failure, plugin: "poll").code == code, "\(failure)")
        }
        #expect(DomainError(PluginCallError.processEnded(plugin: "poll", reason: "x"), plugin: "poll").message.contains("being restarted"))
    }

    @Test("anything else is an internal error, and a DomainError passes through unchanged")
    func otherErrors() async {
        struct Surprise: Error {}
        await #expect {
            try await translatingFailures { () async throws -> Void in throw Surprise() }
        } throws: { error in
            (error as? DomainError)?.code == .internalError
        }
        let own = DomainError(.codesNotUsed, "gebruik codes")
        await #expect {
            try await translatingFailures { () async throws -> Void in throw own }
        } throws: { error in
            (error as? DomainError) == own
        }
    }

    @Test("what the real store refuses reaches the caller under the API's codes")
    func storeRefusals() async throws {
        let f = try await ParticipationFixture()
        let workspace = try await f.resolved()
        await #expect {
            try await f.participation.workspaces.create(
                try WorkspaceDraft(slug: "voorbeeldstad", name: "Nog een", cbsCode: nil, timeZone: nil, locale: nil), by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .workspaceExists
        }
        await #expect {
            try await f.participation.pollCodes.generate(workspace, activity: "no-such-activity", trajectory: nil, count: 1, by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .activityNotFound
        }
        await #expect {
            try await f.participation.feedback.respond(
                workspace, toContribution: "c-does-not-exist",
                Feedback.Decision(status: .received, reason: nil, reasonEn: nil, decidedBy: "wethouder", decidedOn: nil), by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .contributionNotFound
        }
        let draft = ParticipantDraft(id: "p-1", profile: .init(), consent: .init(), email: nil)
        _ = try await f.participation.participants.register(workspace, draft, by: admin)
        await #expect {
            try await f.participation.participants.register(workspace, draft, by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .participantExists
        }
    }

    // MARK: - Exports

    @Test("exporting an activity whose method plugin is not installed: the plugin is unavailable")
    func exportWithoutPlugin() async throws {
        let f = try await ParticipationFixture()
        await #expect {
            try await f.participation.contributions.export(
                try await f.resolved(), trajectory: nil, activity: "kickoff-workshop", format: "csv")
        } throws: { error in
            let error = error as? DomainError
            return error?.code == .pluginUnavailable && error?.message.contains("workshop") == true
        }
    }

    @Test("exporting through a method that offers no export formats is unsupported_format, with what to do instead")
    func exportWithoutFormats() async throws {
        let manifests = try TemporaryDirectory("stip-participation-plugins")
        let f = try await ParticipationFixture(plugins: [
            try TestPlugins.writeSuggestionBox(extra: TestPlugins.fastTimeouts, into: manifests.url)
        ]) { plan in
            let index = plan.activities.firstIndex { $0.id == "kickoff-workshop" }!
            plan.activities[index].method = "swift-suggestion-box"
            plan.activities[index].config = .object(["question": .string("Wat wilt u op het plein?")])
        }
        let workspace = try await f.resolved()
        _ = try await f.whileHostRuns {
            await #expect {
                try await f.participation.contributions.export(workspace, trajectory: nil, activity: "kickoff-workshop", format: "csv")
            } throws: { error in
                let error = error as? DomainError
                return error?.code == .unsupportedFormat
                    && error?.message
                        == "method swift-suggestion-box exports nothing; list the contributions with `stipctl contributions list` instead"
            }
        }
    }
}
