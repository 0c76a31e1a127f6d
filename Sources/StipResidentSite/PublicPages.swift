import Foundation
import StipDomain
import StipReports
import StipParticipation
import StipVocabulary

/// The resident pages other than the form: a municipality's activities, a trajectory, thanks, and notices,
/// each rendered from its template in `Templates/`. Every text a consultant wrote is shown in the page's
/// language when the plan gives it (`{nl, en}`), and every date as residents read it.
struct PublicPages {
    let texts: PublicTexts
    let layout: PublicLayout
    let dates: ResidentDates
    /// Adds the resident's chosen language to a path of these pages (see ``ResidentSite/Target/link(_:)``).
    let link: @Sendable (String) -> String

    var language: String { texts.language.rawValue }

    // MARK: - The municipality's page

    struct WorkspaceView {
        struct Item {
            let href: String
            let name: String
            let trajectoryTitle: String
            let closes: String?
        }
        let heading: String
        let noOpenActivities: String
        let open: [Item]
        let hasOpen: Bool
        let closesOn: String
        let invitedHeading: String
        let invitedText: String
        let invited: [Item]
        let hasInvited: Bool
        let trajectoriesHeading: String
        let trajectories: [LinkView]
        let hasTrajectories: Bool
    }

    /// The activities that take responses now, those for everyone first; then the municipality's projects.
    func workspace(_ workspace: Workspace, trajectories: [StoredTrajectory], online: [PublicActivity], methodNames: [String: String])
        -> String
    {
        let items = online.map { item in
            (
                item.responseLimit,
                WorkspaceView.Item(
                    href: link("/\(workspace.slug.rawValue)/\(item.trajectory.plan.id)/\(item.activity.id)"),
                    name: name(
                        of: item.trajectory.plan.activities.first { $0.id == item.activity.id }, method: item.activity.method, methodNames),
                    trajectoryTitle: item.trajectory.plan.title.text(language), closes: item.window.closes.map(dates.moment))
            )
        }
        let open = items.filter { $0.0 != .code }.map(\.1)
        let invited = items.filter { $0.0 == .code }.map(\.1)
        let view = WorkspaceView(
            heading: texts.openActivities, noOpenActivities: texts.noOpenActivities, open: open, hasOpen: !open.isEmpty,
            closesOn: texts.closesOn, invitedHeading: texts.invitedHeading, invitedText: texts.invitedText, invited: invited,
            hasInvited: !invited.isEmpty, trajectoriesHeading: texts.trajectories,
            trajectories: trajectories.map {
                LinkView(href: link("/\(workspace.slug.rawValue)/\($0.plan.id)/"), label: $0.plan.title.text(language))
            },
            hasTrajectories: !trajectories.isEmpty)
        return Templates.render("workspace", frame: layout.frame(title: texts.openActivities), view)
    }

    /// An activity as residents know it: the title the consultant gave, else the method's name.
    func name(of activity: TrajectoryPlan.Activity?, method: String, _ methodNames: [String: String]) -> String {
        activity?.title?.text(language) ?? methodNames[method] ?? method
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
            let state: String
            let when: String?
            let note: String?
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
        let received: String
        let answered: String?
        let noResponsesYet: String?
        let themeColumn: String
        let decisionColumn: String
        let explanationColumn: String
        let themeResponses: [ThemeResponse]
        let hasThemeResponses: Bool
        let reportBacksHeading: String
        let reportBacks: [ReportBackLine]
        let hasReportBacks: Bool
        let report: PublishedReportView?
    }

    /// The evaluation report the municipality published for residents, in the page's own layout: its goals and
    /// main findings, and the whole report to read or download.
    struct PublishedReportView {
        struct Goal {
            let goal: String
            let value: String
            let verdict: String
        }
        struct Finding {
            let message: String
            let recommendation: String?
        }
        let heading: String
        let intro: String
        let goalColumn: String
        let valueColumn: String
        let verdictColumn: String
        let goals: [Goal]
        let findingsHeading: String
        let findings: [Finding]
        let hasFindings: Bool
        let htmlHref: String
        let htmlLabel: String
        let pdfHref: String
        let pdfLabel: String
    }

    func publishedReport(_ workspace: Workspace, trajectory: String, _ report: ReportView) -> PublishedReportView {
        let english = texts.language == .en
        let base = "/\(workspace.slug.rawValue)/\(trajectory)"
        return PublishedReportView(
            heading: english ? "Evaluation of \(report.cycleDate)" : "Evaluatie van \(report.cycleDate)",
            intro: english
                ? "How participation went so far, measured against its goals (evaluation cycle \(report.cycle))."
                : "Hoe de participatie tot nu toe ging, gemeten aan de doelen (evaluatiecyclus \(report.cycle)).",
            goalColumn: report.labels.goal, valueColumn: report.labels.value, verdictColumn: report.labels.verdict,
            goals: report.goals.map { .init(goal: $0.id, value: $0.value, verdict: $0.verdict) },
            findingsHeading: report.labels.keyFindings,
            findings: report.keyFindings.map { .init(message: $0.message, recommendation: $0.recommendation) },
            hasFindings: !report.keyFindings.isEmpty,
            htmlHref: link("\(base)/report.html"), htmlLabel: english ? "Read the whole report" : "Lees het hele verslag",
            pdfHref: link("\(base)/report.pdf"), pdfLabel: english ? "Download it as PDF" : "Download als pdf")
    }

    /// A trajectory's page.
    /// - Parameters:
    ///   - online: its activities with a public form (open or not), by id.
    ///   - openForms: those that take responses now.
    func trajectory(
        _ workspace: Workspace, _ stored: StoredTrajectory, outcome: TrajectoryOutcome, online: [String: PublicActivity],
        openForms: Set<String>, methodNames: [String: String], today: LocalDate, now: Date, report: ReportView? = nil
    ) -> String {
        let plan = stored.plan
        let activities = plan.activities.filter { activity in !stored.activities.contains { $0.id == activity.id && $0.archived } }
            .map { activity in
                self.activity(
                    activity, of: plan, workspace: workspace, online: online[activity.id], open: openForms.contains(activity.id),
                    schedule: stored.activities.first { $0.id == activity.id }?.schedule ?? [], methodNames: methodNames, today: today,
                    now: now)
            }
        let overview = outcome.overview
        let labels = Dictionary(
            outcome.themes.map { ($0.tag, $0.label(in: texts.language == .en ? "en" : "nl")) }, uniquingKeysWith: { a, _ in a })
        // Themes by their label; then what was decided about single contributions that were (partly) adopted.
        let themeResponses = latestByTheme(outcome.responses).map { response in
            TrajectoryView.ThemeResponse(
                theme: response.theme.map { labels[$0] ?? $0 } ?? "", status: texts.status(response.status.rawValue),
                reason: (texts.language == .en ? (response.reason?.en ?? response.reason?.nl) : response.reason?.nl) ?? "")
        }.sorted { $0.theme.lowercased() < $1.theme.lowercased() }
        let adopted = latestByContribution(outcome.responses).filter { $0.status == .adopted || $0.status == .partlyAdopted }.map {
            response in
            TrajectoryView.ThemeResponse(
                theme: texts.singleContribution, status: texts.status(response.status.rawValue),
                reason: (texts.language == .en ? (response.reason?.en ?? response.reason?.nl) : response.reason?.nl) ?? "")
        }
        let responses = themeResponses + adopted
        let sent = overview.reportBacks.filter { $0.state == .sent }.sorted {
            ($0.sentOn ?? LocalDate(year: 1, month: 1, day: 1)!, $0.id) < ($1.sentOn ?? LocalDate(year: 1, month: 1, day: 1)!, $1.id)
        }.map { reportBack in
            TrajectoryView.ReportBackLine(
                sentOn: reportBack.sentOn.map(dates.day) ?? "", channel: texts.channel(reportBack.channel.rawValue),
                summary: texts.language == .en ? (reportBack.summary.en ?? reportBack.summary.nl) : reportBack.summary.nl)
        }
        let view = TrajectoryView(
            title: plan.title.text(language), whyHeading: texts.why, why: plan.why.text(language),
            objectives: plan.objectives.map { $0.text(language) }, hasObjectives: !plan.objectives.isEmpty,
            decidedHeading: texts.whatIsDecided, resultDescription: plan.resultDescription.text(language),
            level: texts.level(plan.participationLevel.rawValue), decision: texts.decision(by: plan.decisionMaker.rawValue),
            phasesHeading: texts.phases, phaseColumn: texts.phaseColumn, whenColumn: texts.whenColumn,
            phases: plan.phases.map { .init(title: $0.title.text(language), when: dates.days(from: $0.starts, to: $0.ends)) },
            takePartHeading: texts.howToTakePart, activities: activities, happenedHeading: texts.whatHappened,
            received: texts.received(overview.received),
            answered: overview.contributions > 0 ? texts.answered(overview.answered, of: overview.contributions) : nil,
            noResponsesYet: responses.isEmpty && overview.answered == 0 && sent.isEmpty ? texts.noResponsesYet : nil,
            themeColumn: texts.theme, decisionColumn: texts.decisionColumn, explanationColumn: texts.explanationColumn,
            themeResponses: responses, hasThemeResponses: !responses.isEmpty, reportBacksHeading: texts.reportBacks,
            reportBacks: sent, hasReportBacks: !sent.isEmpty,
            report: report.map { publishedReport(workspace, trajectory: plan.id, $0) })
        return Templates.render("trajectory", frame: layout.frame(title: plan.title.text(language)), view)
    }

    /// One line of "how to take part": its name, where it stands, and its own dates (the form's window, the
    /// sessions its method reports) or, when it has none, its phase's.
    private func activity(
        _ activity: TrajectoryPlan.Activity, of plan: TrajectoryPlan, workspace: Workspace, online: PublicActivity?, open: Bool,
        schedule: [ActivitySession], methodNames: [String: String], today: LocalDate, now: Date
    ) -> TrajectoryView.Activity {
        let phase = plan.phases.first { $0.id == activity.phase }
        var notes: [String] = []
        if activity.access == .targeted { notes.append(texts.targeted) }
        if online?.responseLimit == .code { notes.append(texts.invitedOnly) }
        let state: String
        var when: String?
        if let online {
            switch online.position(at: now) {
            case .open: state = texts.stateOpen
            case .closed: state = texts.stateClosed
            case .notYetOpen: state = texts.stateUpcoming
            }
            let window = online.window
            switch (window.opens, window.closes) {
            case (let opens?, let closes?): when = texts.fromUntil(dates.moment(opens), dates.moment(closes))
            case (nil, let closes?): when = "\(texts.closesOn) \(dates.moment(closes))"
            case (let opens?, nil): when = "\(texts.opensOn) \(dates.moment(opens))"
            case (nil, nil): when = nil
            }
        } else if !schedule.isEmpty {
            state = sessionsState(schedule, now: dates.localMoment(now))
            when = schedule.map(session).joined(separator: "; ")
        } else if let phase {
            state = today < phase.starts ? texts.stateUpcoming : today > phase.ends ? texts.stateFinished : texts.stateNow
            when = texts.inPhase(phase.title.text(language), dates.days(from: phase.starts, to: phase.ends))
        } else {
            state = ""
        }
        return TrajectoryView.Activity(
            name: name(of: activity, method: activity.method, methodNames),
            href: open ? link("/\(workspace.slug.rawValue)/\(plan.id)/\(activity.id)") : nil, state: state, when: when,
            note: notes.isEmpty ? nil : notes.joined(separator: " "))
    }

    /// Where sessions stand: one going on is "now", all past is "finished", else "coming up".
    private func sessionsState(_ sessions: [ActivitySession], now: ActivitySession.Moment) -> String {
        var upcoming = false
        for session in sessions {
            guard let start = ActivitySession.Moment(session.starts) else { continue }
            // A date alone lasts the whole day; a start without an end, until the end of its day.
            let end = session.ends.flatMap(ActivitySession.Moment.init) ?? start
            let ended = end.minute == nil || session.ends == nil ? now.date > end.date : now > end
            if !(now < start) && !ended { return texts.stateNow }
            if now < start { upcoming = true }
        }
        return upcoming ? texts.stateUpcoming : texts.stateFinished
    }

    /// `20 januari 2027, 19.30 uur tot 21.30 uur, Wijkcentrum De Plint`.
    private func session(_ session: ActivitySession) -> String {
        var text = dates.localDateTime(session.starts) ?? session.starts
        if let ends = session.ends {
            let sameDay = ends.prefix(10) == session.starts.prefix(10) && ends.count > 10
            let end = sameDay ? dates.localTime(ends) : dates.localDateTime(ends)
            if let end { text += texts.until(end) }
        }
        if let location = session.location { text += ", \(location)" }
        return text
    }

    // MARK: - Thanks and notices

    struct ThanksView {
        let title: String
        let text: String
        let nextHeading: String
        let next: String
        let backHref: String
        let backLabel: String
        var reference: String? = nil
    }

    func thanks(pending: Bool, window: ActivityWindow, decider: String, trajectoryPath: String, reference: String? = nil) -> String {
        let view = ThanksView(
            title: texts.thanksTitle, text: pending ? texts.thanksPending : texts.thanksReceived, nextHeading: texts.whatNext,
            next: texts.nextSteps(closes: window.closes.map(dates.moment), decider: texts.decider(decider)), backHref: trajectoryPath,
            backLabel: texts.backToProject, reference: reference.map(texts.referenceNote))
        return Templates.render("thanks", frame: layout.frame(title: texts.thanksTitle), view)
    }

    /// "You have already responded", with what happens next: what a browser that answered sees when it opens
    /// the form again.
    func alreadyResponded(window: ActivityWindow, decider: String, trajectoryPath: String) -> String {
        let view = ThanksView(
            title: texts.alreadyResponded, text: texts.alreadyRespondedText, nextHeading: texts.whatNext,
            next: texts.nextSteps(closes: window.closes.map(dates.moment), decider: texts.decider(decider)), backHref: trajectoryPath,
            backLabel: texts.backToProject)
        return Templates.render("thanks", frame: layout.frame(title: texts.alreadyResponded), view)
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

    /// The response that stands per contribution, for those answered one by one.
    func latestByContribution(_ responses: [FeedbackResponse]) -> [FeedbackResponse] {
        latest(responses, by: \.contribution).sorted { ($0.decidedOn, $0.id) < ($1.decidedOn, $1.id) }
    }

    /// The response that stands per theme.
    func latestByTheme(_ responses: [FeedbackResponse]) -> [FeedbackResponse] {
        latest(responses, by: \.theme).sorted { ($0.theme ?? "") < ($1.theme ?? "") }
    }

    private func latest(_ responses: [FeedbackResponse], by key: KeyPath<FeedbackResponse, String?>) -> [FeedbackResponse] {
        FeedbackResponse.standing(responses, by: key)
    }
}
