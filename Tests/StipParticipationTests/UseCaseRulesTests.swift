import Foundation
import StipDomain
import StipJSON
import StipParticipation
import StipTestSupport
import StipVocabulary
import Testing

@Suite("the use cases' own rules, checked before anything is stored", .timeLimit(.minutes(1)))
struct UseCaseRulesTests {
    let admin = ParticipationFixture.admin

    func decision(
        _ status: ResponseStatus = .adopted, reason: String? = "Het plein krijgt twaalf nieuwe bomen.",
        by decidedBy: String = "het college",
        on decidedOn: LocalDate? = nil
    ) -> Feedback.Decision {
        Feedback.Decision(status: status, reason: reason, reasonEn: nil, decidedBy: decidedBy, decidedOn: decidedOn)
    }

    // MARK: - Feedback

    @Test("a decision dated after today in the workspace's time zone is refused as invalid input")
    func decisionInTheFuture() async throws {
        let f = try await ParticipationFixture(timeZone: "Pacific/Kiritimati")
        let workspace = try await f.resolved()
        let contribution = try await f.contribute("kickoff-workshop")
        let tomorrow = LocalDate(Date().addingTimeInterval(86_400), in: workspace.timeZone)
        await #expect {
            try await f.participation.feedback.respond(workspace, toContribution: contribution.id, decision(on: tomorrow), by: admin)
        } throws: { error in
            let error = error as? DomainError
            return error?.code == .invalidInput && error?.message.contains("decided_on \(tomorrow) is in the future") == true
        }

        // Today in Kiritimati (UTC+14) is often tomorrow in UTC: it is the workspace's day that counts.
        let today = workspace.today()
        let response = try await f.participation.feedback.respond(
            workspace, toContribution: contribution.id, decision(on: today), by: admin)
        #expect(response.decidedOn == today)
        #expect(response.status == .adopted)
        let undated = try await f.participation.feedback.respond(workspace, toContribution: contribution.id, decision(), by: admin)
        #expect(undated.decidedOn == today, "a decision without a date is dated today")
    }

    @Test("an answer without its reason, or without who decided, is refused; an acknowledgement needs no reason")
    func decisionNeedsReason() async throws {
        let f = try await ParticipationFixture()
        let workspace = try await f.resolved()
        let contribution = try await f.contribute("kickoff-workshop")
        for status in ResponseStatus.allCases where status.isAnswer {
            for reason in [nil, "", "  \n"] as [String?] {
                await #expect {
                    try await f.participation.feedback.respond(
                        workspace, toContribution: contribution.id, decision(status, reason: reason), by: admin)
                } throws: { error in
                    let error = error as? DomainError
                    return error?.code == .invalidInput && error?.message.contains("gives its reason in \"reason\"") == true
                }
            }
        }
        await #expect {
            try await f.participation.feedback.respond(workspace, toContribution: contribution.id, decision(by: " "), by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .invalidInput
        }
        let received = try await f.participation.feedback.respond(
            workspace, toContribution: contribution.id, decision(.received, reason: nil), by: admin)
        #expect(received.status == .received && received.reason == nil)
    }

    @Test("a response to a theme must name a theme of the trajectory, in words")
    func themeResponse() async throws {
        let f = try await ParticipationFixture()
        await #expect {
            try await f.participation.feedback.respond(
                try await f.resolved(), trajectory: f.plan.id, theme: "Groen & Bomen", decision(), by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .invalidReference
        }
        await #expect {
            try await f.participation.feedback.respond(try await f.resolved(), trajectory: f.plan.id, theme: " & ", decision(), by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .invalidInput
        }
    }

    // MARK: - Participants

    @Test("registering a participant reports every field that is not allowed at once")
    func participantFields() async throws {
        let f = try await ParticipationFixture()
        let draft = ParticipantDraft(
            id: "jan de vries", profile: .init(ageBand: .from25To45, area: "GM0344", role: .resident), consent: .init(reportBack: false),
            email: "jan@@example")
        await #expect {
            try await f.participation.participants.register(try await f.resolved(), draft, by: admin)
        } throws: { error in
            guard let error = error as? DomainError else { return false }
            return error.code == .invalidValue && error.fieldIssues.map(\.field).sorted() == ["email", "email", "id", "profile.area"]
        }
    }

    @Test("an e-mail address is kept only with consent for report-backs")
    func emailNeedsConsent() async throws {
        let f = try await ParticipationFixture()
        let workspace = try await f.resolved()
        let withoutConsent = ParticipantDraft(id: "p-1", profile: .init(), consent: .init(), email: "jan@example.nl")
        await #expect {
            try await f.participation.participants.register(workspace, withoutConsent, by: admin)
        } throws: { error in
            let error = error as? DomainError
            return error?.fieldIssues.map(\.message) == [
                "an e-mail address is only kept with consent for report-backs (consent.report_back: true)"
            ]
        }
        let registered = try await f.participation.participants.register(
            workspace,
            ParticipantDraft(id: "p-1", profile: .init(area: "BU99990101"), consent: .init(reportBack: true), email: "jan@example.nl"),
            by: admin)
        #expect(registered.id == "p-1")
    }

    // MARK: - Codes

    @Test("codes are refused for an activity that takes one response per browser, and made for one per code")
    func pollCodes() async throws {
        let browser = try await ParticipationFixture()
        await #expect {
            try await browser.participation.pollCodes.generate(
                try await browser.resolved(), activity: "variant-poll", trajectory: nil, count: 10, by: admin)
        } throws: { error in
            let error = error as? DomainError
            return error?.code == .codesNotUsed && error?.message.contains("one_response_per: code") == true
        }

        let coded = try await ParticipationFixture { plan in
            let index = plan.activities.firstIndex { $0.id == "variant-poll" }!
            plan.activities[index].config = plan.activities[index].config.merging(.object(["one_response_per": .string("code")]))
        }
        let workspace = try await coded.resolved()
        await #expect {
            try await coded.participation.pollCodes.generate(workspace, activity: "variant-poll", trajectory: nil, count: 0, by: admin)
        } throws: { error in
            (error as? DomainError)?.code == .invalidValue
        }
        let (activity, codes) = try await coded.participation.pollCodes.generate(
            workspace, activity: "variant-poll", trajectory: nil, count: 25, by: admin)
        #expect(activity.id == "variant-poll")
        #expect(codes.count == 25 && Set(codes).count == 25, "25 different codes")
        let counts = try await coded.participation.pollCodes.counts(workspace, activity: "variant-poll", trajectory: nil)
        #expect(counts.counts.unused == 25)
    }
}
