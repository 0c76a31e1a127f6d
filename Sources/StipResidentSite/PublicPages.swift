import Foundation
import StipDomain
import StipParticipation
import StipVocabulary

/// The resident pages other than the form: a municipality's activities, a trajectory, thanks, and notices,
/// each rendered from its template in `Templates/`.
struct PublicPages {
    let texts: PublicTexts
    let layout: PublicLayout
    let timeZone: TimeZone

    // MARK: - The municipality's page

    struct WorkspaceView {
        struct Open {
            let href: String
            let name: String
            let trajectoryTitle: String
            let closes: String?
        }
        let heading: String
        let noOpenActivities: String
        let open: [Open]
        let hasOpen: Bool
        let closesOn: String
        let trajectoriesHeading: String
        let trajectories: [LinkView]
        let hasTrajectories: Bool
    }

    func workspace(_ workspace: Workspace, trajectories: [StoredTrajectory], online: [PublicActivity], methodNames: [String: String])
        -> String
    {
        let open = online.map { item in
            let title = item.trajectory.plan.activities.first { $0.id == item.activity.id }?.title
            return WorkspaceView.Open(
                href: "/\(workspace.slug.rawValue)/\(item.trajectory.plan.id)/\(item.activity.id)",
                name: (methodNames[item.activity.method] ?? item.activity.method) + (title.map { ": \($0)" } ?? ""),
                trajectoryTitle: item.trajectory.plan.title, closes: closes(item.window))
        }
        let view = WorkspaceView(
            heading: texts.openActivities, noOpenActivities: texts.noOpenActivities, open: open, hasOpen: !open.isEmpty,
            closesOn: texts.closesOn, trajectoriesHeading: texts.trajectories,
            trajectories: trajectories.map { LinkView(href: "/\(workspace.slug.rawValue)/\($0.plan.id)/", label: $0.plan.title) },
            hasTrajectories: !trajectories.isEmpty)
        return Templates.render("workspace", frame: layout.frame(title: texts.openActivities), view)
    }

    // MARK: - A trajectory

    struct TrajectoryView {
        struct Phase {
            let title: String
            let when: String
        }
        struct Activity {
            let name: String
            let href: String?
            let when: String?
            let targeted: String?
        }
        struct ThemeResponse {
            let theme: String
            let status: String
            let reason: String
        }
        struct ReportBackLine {
            let sentOn: String
            let channel: String
            let summary: String
        }
        let title: String
        let whyHeading: String
        let why: String
        let objectives: [String]
        let hasObjectives: Bool
        let decidedHeading: String
        let resultDescription: String
        let level: String
        let decision: String
        let phasesHeading: String
        let phaseColumn: String
        let whenColumn: String
        let phases: [Phase]
        let takePartHeading: String
        let activities: [Activity]
        let happenedHeading: String
        let receivedLabel: String
        let received: Int
        let answeredLabel: String
        let answered: Int
        let noResponsesYet: String?
        let themeColumn: String
        let decisionColumn: String
        let explanationColumn: String
        let themeResponses: [ThemeResponse]
        let hasThemeResponses: Bool
        let reportBacksHeading: String
        let reportBacks: [ReportBackLine]
        let hasReportBacks: Bool
    }

    func trajectory(
        _ workspace: Workspace, _ stored: StoredTrajectory, overview: FeedbackOverview, responses: [FeedbackResponse],
        openForms: Set<String>, methodNames: [String: String]
    ) -> String {
        let plan = stored.plan
        let nl = texts.language == .nl
        let activities = plan.activities.map { activity in
            // People read the method and the title the consultant gave, not the activity's id.
            let phase = plan.phases.first { $0.id == activity.phase }
            return TrajectoryView.Activity(
                name: (methodNames[activity.method] ?? activity.method) + (activity.title.map { ": \($0)" } ?? ""),
                href: openForms.contains(activity.id) ? "/\(workspace.slug.rawValue)/\(plan.id)/\(activity.id)" : nil,
                when: phase.map { texts.from($0.starts.description, to: $0.ends.description) },
                targeted: activity.access == .targeted ? texts.targeted : nil)
        }
        let themeResponses = latestByTheme(responses).map { response in
            TrajectoryView.ThemeResponse(
                theme: response.theme ?? "", status: texts.status(response.status.rawValue),
                reason: (texts.language == .en ? (response.reason?.en ?? response.reason?.nl) : response.reason?.nl) ?? "")
        }
        let sent = overview.reportBacks.filter { $0.state == .sent }.map { reportBack in
            TrajectoryView.ReportBackLine(
                sentOn: reportBack.sentOn?.description ?? "", channel: texts.channel(reportBack.channel.rawValue),
                summary: texts.language == .en ? (reportBack.summary.en ?? reportBack.summary.nl) : reportBack.summary.nl)
        }
        let view = TrajectoryView(
            title: plan.title, whyHeading: texts.why, why: plan.why, objectives: plan.objectives, hasObjectives: !plan.objectives.isEmpty,
            decidedHeading: texts.whatIsDecided, resultDescription: plan.resultDescription,
            level: texts.level(plan.participationLevel.rawValue),
            decision: "\(nl ? "Het besluit neemt" : "The decision is taken by") \(texts.decider(plan.decisionMaker.rawValue)).",
            phasesHeading: texts.phases, phaseColumn: nl ? "Fase" : "Phase", whenColumn: nl ? "Wanneer" : "When",
            phases: plan.phases.map { .init(title: $0.title, when: texts.from($0.starts.description, to: $0.ends.description)) },
            takePartHeading: texts.howToTakePart, activities: activities, happenedHeading: texts.whatHappened,
            receivedLabel: texts.contributionsReceived, received: overview.contributions, answeredLabel: texts.answered,
            answered: overview.answered,
            noResponsesYet: themeResponses.isEmpty && overview.answered == 0 ? texts.noResponsesYet : nil,
            themeColumn: texts.theme, decisionColumn: nl ? "Besluit" : "Decision", explanationColumn: nl ? "Toelichting" : "Explanation",
            themeResponses: themeResponses, hasThemeResponses: !themeResponses.isEmpty, reportBacksHeading: texts.reportBacks,
            reportBacks: sent, hasReportBacks: !sent.isEmpty)
        return Templates.render("trajectory", frame: layout.frame(title: plan.title), view)
    }

    // MARK: - Thanks and notices

    struct ThanksView {
        let title: String
        let text: String
        let nextHeading: String
        let next: String
        let backHref: String
        let backLabel: String
    }

    func thanks(pending: Bool, window: ActivityWindow, decider: String, trajectoryPath: String) -> String {
        let view = ThanksView(
            title: texts.thanksTitle, text: pending ? texts.thanksPending : texts.thanksReceived, nextHeading: texts.whatNext,
            next: texts.nextSteps(closes: closes(window), decider: texts.decider(decider)), backHref: trajectoryPath,
            backLabel: texts.backToProject)
        return Templates.render("thanks", frame: layout.frame(title: texts.thanksTitle), view)
    }

    struct NoticeView {
        let title: String
        let text: String
        let link: LinkView?
    }

    func notice(_ title: String, _ text: String, link: (String, String)? = nil) -> String {
        let view = NoticeView(title: title, text: text, link: link.map { LinkView(href: $0.0, label: $0.1) })
        return Templates.render("notice", frame: layout.frame(title: title), view)
    }

    func closes(_ window: ActivityWindow) -> String? {
        window.closes.map { ActivityWindow.localText($0, timeZone) }
    }

    /// The response that stands per theme.
    func latestByTheme(_ responses: [FeedbackResponse]) -> [FeedbackResponse] {
        var latest: [String: FeedbackResponse] = [:]
        for response in responses {
            guard let theme = response.theme else { continue }
            if let current = latest[theme], (current.decidedOn, current.id) > (response.decidedOn, response.id) { continue }
            latest[theme] = response
        }
        return latest.values.sorted { ($0.theme ?? "") < ($1.theme ?? "") }
    }
}
