import Foundation
import StipDomain
import StipParticipation
import StipVocabulary

/// The resident pages other than the form: a municipality's activities, a trajectory, thanks, and notices.
struct PublicPages {
    let texts: PublicTexts
    let layout: PublicLayout
    let timeZone: TimeZone

    func workspace(_ workspace: Workspace, trajectories: [StoredTrajectory], online: [PublicActivity], methodNames: [String: String])
        -> String
    {
        var body = "<h1>\(texts.openActivities.html)</h1>\n"
        if online.isEmpty {
            body += "<p>\(texts.noOpenActivities.html)</p>\n"
        } else {
            body += "<ul>\n"
            for item in online {
                let title = item.trajectory.plan.activities.first { $0.id == item.activity.id }?.title
                body +=
                    "<li><a href=\"/\(workspace.slug.rawValue)/\(item.trajectory.plan.id.html)/\(item.activity.id.html)\">\((methodNames[item.activity.method] ?? item.activity.method).html)\(title.map { ": \($0)".html } ?? "")</a>"
                body +=
                    " – \(item.trajectory.plan.title.html)\(closes(item.window).map { ". \(texts.closesOn.html) \($0.html)" } ?? "")</li>\n"
            }
            body += "</ul>\n"
        }
        if !trajectories.isEmpty {
            body += "<h2>\(texts.trajectories.html)</h2>\n<ul>\n"
            for stored in trajectories {
                body += "<li><a href=\"/\(workspace.slug.rawValue)/\(stored.plan.id.html)/\">\(stored.plan.title.html)</a></li>\n"
            }
            body += "</ul>\n"
        }
        return layout.page(title: texts.openActivities, body: body)
    }

    func trajectory(
        _ workspace: Workspace, _ stored: StoredTrajectory, overview: FeedbackOverview, responses: [FeedbackResponse],
        openForms: Set<String>, methodNames: [String: String]
    ) -> String {
        let plan = stored.plan
        var body = "<h1>\(plan.title.html)</h1>\n"
        body += "<h2>\(texts.why.html)</h2>\n<p>\(plan.why.html)</p>\n"
        if !plan.objectives.isEmpty {
            body += "<ul>\n" + plan.objectives.map { "<li>\($0.html)</li>\n" }.joined() + "</ul>\n"
        }
        body += "<h2>\(texts.whatIsDecided.html)</h2>\n<p>\(plan.resultDescription.html)</p>\n"
        body += "<p>\(texts.level(plan.participationLevel.rawValue).html) "
        body +=
            "\(texts.language == .nl ? "Het besluit neemt" : "The decision is taken by") \(texts.decider(plan.decisionMaker.rawValue).html).</p>\n"
        body +=
            "<h2>\(texts.phases.html)</h2>\n<table>\n<thead><tr><th scope=\"col\">\(texts.language == .nl ? "Fase" : "Phase")</th><th scope=\"col\">\(texts.language == .nl ? "Wanneer" : "When")</th></tr></thead>\n<tbody>\n"
        for phase in plan.phases {
            body +=
                "<tr><td>\(phase.title.html)</td><td>\(texts.from(phase.starts.description, to: phase.ends.description).html)</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        body += "<h2>\(texts.howToTakePart.html)</h2>\n<ul>\n"
        for activity in plan.activities {
            // People read the method and the title the consultant gave, not the activity's id.
            let name = (methodNames[activity.method] ?? activity.method) + (activity.title.map { ": \($0)" } ?? "")
            let phase = plan.phases.first { $0.id == activity.phase }
            var line = ""
            if openForms.contains(activity.id) {
                line += "<a href=\"/\(workspace.slug.rawValue)/\(plan.id.html)/\(activity.id.html)\">\(name.html)</a>"
            } else {
                line += name.html
            }
            if let phase { line += " (\(texts.from(phase.starts.description, to: phase.ends.description).html))" }
            if activity.access == .targeted { line += " – \(texts.targeted.html)" }
            body += "<li>\(line)</li>\n"
        }
        body += "</ul>\n"
        body += "<h2>\(texts.whatHappened.html)</h2>\n"
        body += "<p>\(texts.contributionsReceived.html): \(overview.contributions). \(texts.answered.html): \(overview.answered).</p>\n"
        let themeResponses = latestByTheme(responses)
        if themeResponses.isEmpty && overview.answered == 0 {
            body += "<p>\(texts.noResponsesYet.html)</p>\n"
        }
        if !themeResponses.isEmpty {
            body +=
                "<table>\n<thead><tr><th scope=\"col\">\(texts.theme.html)</th><th scope=\"col\">\(texts.language == .nl ? "Besluit" : "Decision")</th><th scope=\"col\">\(texts.language == .nl ? "Toelichting" : "Explanation")</th></tr></thead>\n<tbody>\n"
            for response in themeResponses {
                let reason = texts.language == .en ? (response.reason?.en ?? response.reason?.nl) : response.reason?.nl
                body +=
                    "<tr><td>\((response.theme ?? "").html)</td><td>\(texts.status(response.status.rawValue).html)</td><td>\((reason ?? "").html)</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        let sent = overview.reportBacks.filter { $0.state == .sent }
        if !sent.isEmpty {
            body += "<h3>\(texts.reportBacks.html)</h3>\n<ul>\n"
            for reportBack in sent {
                let summary = texts.language == .en ? (reportBack.summary.en ?? reportBack.summary.nl) : reportBack.summary.nl
                body +=
                    "<li>\((reportBack.sentOn?.description ?? "").html), \(texts.channel(reportBack.channel.rawValue).html): \(summary.html)</li>\n"
            }
            body += "</ul>\n"
        }
        return layout.page(title: plan.title, body: body)
    }

    func thanks(pending: Bool, window: ActivityWindow, decider: String, trajectoryPath: String) -> String {
        var body = "<h1>\(texts.thanksTitle.html)</h1>\n<p>\((pending ? texts.thanksPending : texts.thanksReceived).html)</p>\n"
        body += "<h2>\(texts.whatNext.html)</h2>\n<p>\(texts.nextSteps(closes: closes(window), decider: texts.decider(decider)).html)</p>\n"
        body += "<p><a href=\"\(trajectoryPath.html)\">\(texts.backToProject.html)</a></p>\n"
        return layout.page(title: texts.thanksTitle, body: body)
    }

    func notice(_ title: String, _ text: String, link: (String, String)? = nil) -> String {
        var body = "<h1>\(title.html)</h1>\n<p>\(text.html)</p>\n"
        if let link { body += "<p><a href=\"\(link.0.html)\">\(link.1.html)</a></p>\n" }
        return layout.page(title: title, body: body)
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
