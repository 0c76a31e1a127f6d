import Foundation
import SnapshotTesting
import StipConfig
import StipDomain
import StipJSON
import StipReports
import StipVocabulary
import Testing

/// The HTML and Markdown of one seeded cycle, pinned in Dutch and English (`__Snapshots__`): a change to a template
/// or to the numbers' wording shows up here as a diff to review. Rerecord with `SNAPSHOT_TESTING_RECORD=all`.
@Suite("report snapshots")
struct ReportSnapshotTests {
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Cycle 2 of the example plan, with fixed figures and dates.
    static func snapshot() throws -> CycleSnapshot {
        let text = try String(contentsOf: repository.appending(path: "etc/examples/plan-voorbeeldstad.yaml"), encoding: .utf8)
        let plan = try YAMLDecoder().decode(TrajectoryPlan.self, from: text)
        let day = Date(timeIntervalSince1970: 1_796_025_600)  // 2026-11-30T08:00:00Z
        var standing = Standing(
            trajectory: plan.id, computedAt: day, populationYear: 2024,
            metrics: [
                "participants.unique": .exact(120), "contributions.count": .exact(310), "contributions.per_participant": .exact(2.4),
                "feedback.responded_share": .exact(0.82), "feedback.median_days_to_response": .exact(9.5),
                "feedback.report_backs": .exact(1),
                "representation.age.15-25": Estimate(value: 0.4, low: 0.2, high: 0.76, n: 100),
            ],
            goals: [
                .init(id: "reach", metric: "participants.unique", target: ">= 300", verdict: .notMet, estimate: .exact(120), reason: nil),
                .init(
                    id: "youth", metric: "representation.age.15-25", target: ">= 0.8", verdict: .undecided,
                    estimate: Estimate(value: 0.4, low: 0.2, high: 0.76, n: 100), reason: nil),
                .init(
                    id: "feedback-speed", metric: "feedback.median_days_to_response", target: "<= 42", verdict: .met, estimate: .exact(9.5),
                    reason: nil),
            ])
        standing.shares = [
            GroupShare(group: "age.15-25", participants: Estimate(value: 0.05, low: 0.02, high: 0.11, n: 100), population: 0.125),
            GroupShare(group: "age.65+", participants: Estimate(value: 0.3, low: 0.22, high: 0.39, n: 100), population: 0.2),
            GroupShare(group: "area.BU99990101", participants: Estimate(value: 0.5, low: 0.4, high: 0.6, n: 100), population: 0.33),
        ]
        var snapshot = CycleSnapshot(
            number: 2, trajectory: plan.id, trigger: .schedule, plannedAt: day, phase: nil, startedAt: day,
            finishedAt: day.addingTimeInterval(42),
            planRevision: day.addingTimeInterval(-86_400 * 30), pluginVersions: ["poll": "1.0.0"], standing: standing,
            trends: ["reach": GoalTrend(previous: 80, current: 120)],
            activities: [
                ActivityEvaluation(
                    id: "variant-poll", method: "poll", evaluated: true, reason: nil, contributions: 40, sinceCycle: 1,
                    metrics: [
                        .object(["id": .string("responses"), "value": .int(100)]),
                        .object([
                            "id": .string("top_choice_share"), "value": .double(0.6), "n": .int(100), "margin_of_error": .double(0.096),
                        ]),
                        .object(["id": .string("choice_counts"), "distribution": .object(["variant/a": .int(60), "variant/b": .int(40)])]),
                    ]),
                ActivityEvaluation(
                    id: "kickoff-workshop", method: "workshop", evaluated: false, reason: "the plugin timed out", contributions: 0,
                    metrics: []),
            ],
            findings: [
                Finding(
                    code: "under_represented_age", severity: .warning, source: "host", parameters: ["age_band": "15-25"],
                    evidence: "representation.age.15-25 = 0.40",
                    message: LocalizedText(
                        nl: "15-25-jarigen zijn ondervertegenwoordigd: 0.40 van hun aandeel.",
                        en: "People aged 15-25 are under-represented: 0.40 of their share."),
                    recommendation: LocalizedText(
                        nl: "Plan een *doelgroepgerichte* activiteit <voor jongeren>.", en: "Plan a *targeted* activity <for young people>."
                    ))
            ],
            plan: plan)
        snapshot.goalHistory = ["reach": [GoalPoint(cycle: 1, finishedAt: day.addingTimeInterval(-7 * 86_400), value: 80)]]
        snapshot.feedback = CycleFeedback(
            FeedbackOverview(
                trajectory: plan.id, contributions: 50, answered: 41, respondedShare: 0.82, medianDaysToResponse: 9.5, unanswered: [],
                reportBacks: [
                    ReportBack(
                        id: 1, trajectory: plan.id, activity: nil, channel: .letter,
                        summary: BilingualText(nl: "Wat we hoorden", en: "What we heard"),
                        recipients: 35, state: .sent, sentOn: LocalDate("2026-11-20"), createdAt: day)
                ]))
        snapshot.feedback?.add(
            responses: [
                FeedbackResponse(
                    id: 1, trajectory: plan.id, contribution: nil, theme: "groen", status: .adopted,
                    reason: BilingualText(nl: "Er komen bomen", en: "Trees will be planted"), decidedBy: "college",
                    decidedOn: LocalDate("2026-11-25")!,
                    createdAt: day),
                FeedbackResponse(
                    id: 2, trajectory: plan.id, contribution: "c-1", theme: nil, status: .notAdopted, reason: nil, decidedBy: "college",
                    decidedOn: LocalDate("2026-11-26")!, createdAt: day),
            ], themeLabels: ["groen": BilingualText(nl: "Groen", en: "Greenery")])
        snapshot.reach = [
            .init(activity: "variant-poll", ageBand: "15-25", participants: 5),
            .init(activity: "variant-poll", ageBand: "65+", participants: 30),
            .init(activity: "variant-poll", ageBand: nil, participants: 65),
        ]
        snapshot.reflections = [
            PhaseReflection(phase: "explore", wentWell: "Veel 65-plussers", toChange: "Jongeren uitnodigen", updatedAt: day)
        ]
        return snapshot
    }

    func render(_ format: ReportOptions.Format, _ language: String, audience: ReportOptions.Audience = .council) throws -> String {
        let builder = ReportBuilder(
            options: ReportOptions(format: format, language: language, audience: audience), municipality: "Gemeente Voorbeeldstad",
            timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        return String(decoding: try ReportRenderer.render(builder.view(of: try Self.snapshot()), as: format), as: UTF8.self)
    }

    @Test("Markdown and HTML, Dutch and English", arguments: [ReportOptions.Format.md, .html], ["nl", "en"])
    func pinned(format: ReportOptions.Format, language: String) throws {
        assertSnapshot(of: try render(format, language), as: .lines, named: "\(format.rawValue)-\(language)")
    }

    @Test("text from the data is escaped for its format; the public report has no owner and no internal reason")
    func escaped() throws {
        let html = try render(.html, "en")
        #expect(html.contains("&lt;for young people&gt;") && !html.contains("<for young people>"))
        let markdown = try render(.md, "en")
        #expect(markdown.contains(#"\*targeted\* activity \<for young people\>"#), "\(markdown)")
        let publicHTML = try render(.html, "nl", audience: .public)
        #expect(!publicHTML.contains("Team Openbare Ruimte") && !publicHTML.contains("timed out"))
        #expect(html.contains("Team Openbare Ruimte") && html.contains("timed out"))
    }

    @Test("no template turns escaping off")
    func templatesEscape() throws {
        let templates = Self.repository.appending(path: "Sources/StipReports/Templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
            let text = try String(contentsOf: templates.appending(path: name), encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name) turns escaping off")
        }
    }
}
