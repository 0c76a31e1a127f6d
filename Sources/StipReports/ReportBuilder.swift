public import Foundation
public import StipDomain
import StipJSON
import StipVocabulary

/// Builds a report from one cycle's snapshot, and from nothing else: the plan it holds is the plan as it was when
/// the cycle ran, so the same cycle gives the same report years later.
public struct ReportBuilder: Sendable {
    public let options: ReportOptions
    /// The municipality's name, as the workspace has it.
    public let municipality: String
    /// The workspace's time zone, for the days a reader sees.
    public let timeZone: TimeZone

    public init(options: ReportOptions, municipality: String, timeZone: TimeZone) {
        self.options = options
        self.municipality = municipality
        self.timeZone = timeZone
    }

    var language: String { options.language }
    var english: Bool { language == "en" }

    public func view(of snapshot: CycleSnapshot) -> ReportView {
        let plan = snapshot.plan
        let findings = snapshot.findings.sorted { Self.rank($0.severity) < Self.rank($1.severity) }.map(finding)
        let shares = snapshot.standing.shares ?? []
        let widest = max(shares.map { max($0.participants.high, $0.population) }.max() ?? 1, 0.01)
        let bars = shares.enumerated().map { index, share in representation(share, row: index, widest: widest) }
        return ReportView(
            language: language, audience: options.audience.rawValue, municipality: municipality, trajectory: snapshot.trajectory,
            title: plan?.title.text(language) ?? snapshot.trajectory, cycle: snapshot.number, cycleDate: day(snapshot.finishedAt),
            trigger: trigger(snapshot.trigger), planRevision: day(snapshot.planRevision), populationYear: snapshot.standing.populationYear,
            labels: ReportLabels.of(language),
            goals: snapshot.standing.goals.map { goal($0, trend: snapshot.trends[$0.id]) },
            keyFindings: Array(findings.prefix(3)), context: plan.map(context), phases: plan?.phases.map(phase) ?? [],
            activities: snapshot.activities.map { activity($0, plan: plan, reach: snapshot.reach) }, reach: reach(snapshot.standing),
            representation: bars, chartHeight: max(1, bars.count) * Self.barPitch + 8,
            trends: snapshot.standing.goals.map { trend($0, history: snapshot.goalHistory?[$0.id] ?? [], snapshot: snapshot) },
            feedback: snapshot.feedback.map(feedback), reflections: (snapshot.reflections ?? []).map { reflection($0, plan: plan) },
            findings: findings)
    }

    // MARK: Parts

    func goal(_ goal: Standing.GoalStanding, trend: GoalTrend?) -> ReportView.Goal {
        ReportView.Goal(
            id: goal.id, metric: goal.metric, target: goal.target,
            value: goal.estimate.map { figure($0.value, metric: goal.metric) } ?? "–",
            interval: goal.estimate.flatMap { interval($0, metric: goal.metric) } ?? "", verdict: verdict(goal.verdict),
            verdictCode: goal.verdict.rawValue, trend: trend.map { arrow($0.direction) } ?? "")
    }

    func finding(_ finding: Finding) -> ReportView.Finding {
        ReportView.Finding(
            code: finding.code, severity: severity(finding.severity), message: english ? finding.message.en : finding.message.nl,
            recommendation: finding.recommendation.map { english ? $0.en : $0.nl })
    }

    func context(_ plan: TrajectoryPlan) -> ReportView.Context {
        ReportView.Context(
            why: plan.why.text(language), objectives: plan.objectives.map { $0.text(language) },
            result: plan.resultDescription.text(language),
            level: level(plan.participationLevel), levelRationale: plan.levelRationale, decisionMaker: decisionMaker(plan.decisionMaker),
            legalBasis: legalBasis(plan.legalBasis), owner: options.audience == .public ? nil : plan.owner)
    }

    func phase(_ phase: TrajectoryPlan.Phase) -> ReportView.Phase {
        ReportView.Phase(id: phase.id, title: phase.title.text(language), starts: phase.starts.description, ends: phase.ends.description)
    }

    func activity(_ evaluation: ActivityEvaluation, plan: TrajectoryPlan?, reach: [TrajectoryFigures.ActivityAgeBand]?)
        -> ReportView.Activity
    {
        let planned = plan?.activities.first { $0.id == evaluation.id }
        let access = planned.map { $0.access == .targeted ? (english ? "targeted" : "doelgroepgericht") : (english ? "open" : "open") }
        return ReportView.Activity(
            id: evaluation.id, title: planned?.title?.text(language) ?? evaluation.id, method: evaluation.method,
            phase: planned?.phase ?? "",
            access: access ?? "", evaluated: evaluation.evaluated,
            reason: evaluation.evaluated ? nil : (options.audience == .public ? nil : evaluation.reason),
            participants: reach.map { rows in rows.filter { $0.activity == evaluation.id }.reduce(0) { $0 + $1.participants } },
            results: evaluation.metrics.compactMap(methodFigure))
    }

    /// A method's own metric as a line: its value, or its distribution as "bucket: count" pairs.
    func methodFigure(_ metric: JSONValue) -> ReportView.Figure? {
        guard let id = metric["id"]?.stringValue else { return nil }
        if let value = metric["value"]?.doubleValue {
            var text = number(value, decimals: value == value.rounded() ? 0 : 2)
            // Shares and means from a sample carry their 95 % margin and n (protocol §8.6): shown, not dropped.
            if let margin = metric["margin_of_error"]?.doubleValue { text += " ± " + number(margin, decimals: 2) }
            if let n = metric["n"]?.intValue { text += " (n = \(n))" }
            return ReportView.Figure(name: id, value: text)
        }
        if case .object(let buckets)? = metric["distribution"] {
            let parts = buckets.keys.sorted().map { "\($0): \(buckets[$0]?.intValue.map(String.init) ?? "?")" }
            return ReportView.Figure(name: id, value: parts.joined(separator: "; "))
        }
        return nil
    }

    func reach(_ standing: Standing) -> [ReportView.Figure] {
        let names = [
            "participants.unique", "participants.targeted_share", "contributions.count", "contributions.per_participant",
            "feedback.responded_share", "feedback.median_days_to_response", "feedback.report_backs",
        ]
        return names.compactMap { name in
            standing.metrics[name].map { estimate in
                let range = interval(estimate, metric: name).map { " (\($0))" } ?? ""
                return ReportView.Figure(name: Self.metricName(name, english: english), value: figure(estimate.value, metric: name) + range)
            }
        }
    }

    /// Pixels per group in the chart: two bars of 12 and the space between groups.
    static let barPitch = 40
    static let chartWidth = 300.0

    func representation(_ share: GroupShare, row: Int, widest: Double) -> ReportView.Representation {
        let group =
            share.group.hasPrefix("age.")
            ? (english ? "age " : "leeftijd ") + share.group.dropFirst(4) : String(share.group.dropFirst("area.".count))
        func x(_ value: Double) -> Int { Int((min(max(value, 0), widest) / widest * Self.chartWidth).rounded()) }
        let ratio = share.ratio
        let position = ratio.map { $0.high < 1 ? "below" : $0.low > 1 ? "above" : "within" } ?? "within"
        let y = row * Self.barPitch + 4
        let percent = { (value: Double) in self.number(value * 100, decimals: 0) + "%" }
        return ReportView.Representation(
            group: group,
            participantsShare:
                "\(percent(share.participants.value)) (\(percent(share.participants.low))–\(percent(share.participants.high)))",
            populationShare: percent(share.population), ratio: ratio.map { number($0.value, decimals: 2) } ?? "–",
            interval: ratio.map { "\(number($0.low, decimals: 2))–\(number($0.high, decimals: 2))" } ?? "", n: share.participants.n,
            position: position,
            chart: .init(
                y: y, participants: x(share.participants.value), low: x(share.participants.low), high: x(share.participants.high),
                population: x(share.population), populationY: y + 14, textY: y + 16, whiskerY: y + 6))
    }

    func trend(_ goal: Standing.GoalStanding, history: [GoalPoint], snapshot: CycleSnapshot) -> ReportView.Trend {
        let all = history + [GoalPoint(cycle: snapshot.number, finishedAt: snapshot.finishedAt, value: goal.estimate?.value)]
        let points = all.map {
            ReportView.Trend.Point(
                cycle: $0.cycle, date: day($0.finishedAt), value: $0.value.map { figure($0, metric: goal.metric) } ?? "–")
        }
        let known = all.enumerated().compactMap { index, point in point.value.map { (index, $0) } }
        var line = ""
        if known.count >= 2, let low = known.map(\.1).min(), let high = known.map(\.1).max() {
            let span = high - low == 0 ? 1 : high - low
            let step = Self.chartWidth / Double(max(all.count - 1, 1))
            line = known.map { index, value in
                "\(Int((Double(index) * step).rounded())),\(Int((70 - (value - low) / span * 60).rounded()))"
            }.joined(separator: " ")
        }
        return ReportView.Trend(goal: goal.id, points: points, line: line)
    }

    func feedback(_ feedback: CycleFeedback) -> ReportView.Feedback {
        var figures = [
            ReportView.Figure(name: english ? "contributions received" : "bijdragen ontvangen", value: String(feedback.received)),
            ReportView.Figure(
                name: english ? "expecting an answer" : "die een reactie verwachten", value: String(feedback.expectingAnswer)),
            ReportView.Figure(name: english ? "answered" : "beantwoord", value: String(feedback.answered)),
        ]
        if let share = feedback.respondedShare {
            figures.append(
                .init(name: Self.metricName("feedback.responded_share", english: english), value: figure(share, metric: "_share")))
        }
        if let days = feedback.medianDaysToResponse {
            figures.append(
                .init(
                    name: Self.metricName("feedback.median_days_to_response", english: english),
                    value: figure(days, metric: "feedback.median_days_to_response")))
        }
        let statuses = ResponseStatus.allCases.compactMap { status in
            feedback.byStatus?[status.rawValue].map { ReportView.Figure(name: self.status(status), value: String($0)) }
        }
        return ReportView.Feedback(
            figures: figures,
            reportBacks: feedback.reportBacks.map {
                .init(
                    sentOn: $0.sentOn.description, channel: $0.channel.rawValue, recipients: $0.recipients,
                    summary: english ? ($0.summary.en ?? $0.summary.nl) : $0.summary.nl)
            },
            decisions: (feedback.decisions ?? []).map {
                .init(
                    theme: english ? ($0.theme.en ?? $0.theme.nl) : $0.theme.nl, status: status($0.status),
                    reason: $0.reason.map { english ? ($0.en ?? $0.nl) : $0.nl } ?? "", decidedOn: $0.decidedOn.description)
            },
            byStatus: statuses)
    }

    func status(_ status: ResponseStatus) -> String {
        switch status {
        case .received: english ? "received" : "ontvangen"
        case .underConsideration: english ? "under consideration" : "in behandeling"
        case .adopted: english ? "adopted" : "overgenomen"
        case .partlyAdopted: english ? "partly adopted" : "deels overgenomen"
        case .notAdopted: english ? "not adopted" : "niet overgenomen"
        }
    }

    func reflection(_ reflection: PhaseReflection, plan: TrajectoryPlan?) -> ReportView.Reflection {
        let title = plan?.phases.first { $0.id == reflection.phase }?.title.text(language) ?? reflection.phase
        return ReportView.Reflection(phase: title, wentWell: reflection.wentWell, toChange: reflection.toChange)
    }

    // MARK: Words and numbers

    static func rank(_ severity: Finding.Severity) -> Int {
        switch severity {
        case .critical: 0
        case .warning: 1
        case .info: 2
        }
    }

    func severity(_ severity: Finding.Severity) -> String {
        switch severity {
        case .critical: english ? "critical" : "ernstig"
        case .warning: english ? "warning" : "aandacht"
        case .info: english ? "information" : "ter informatie"
        }
    }

    func verdict(_ verdict: GoalVerdict) -> String {
        switch verdict {
        case .met: english ? "met" : "gehaald"
        case .notMet: english ? "not met" : "niet gehaald"
        case .undecided: english ? "undecided" : "nog niet te zeggen"
        case .notMeasurable: english ? "not measurable" : "niet meetbaar"
        }
    }

    func arrow(_ direction: String) -> String {
        switch direction {
        case "up": english ? "↑ up" : "↑ hoger"
        case "down": english ? "↓ down" : "↓ lager"
        case "same": english ? "= same" : "= gelijk"
        default: english ? "new" : "nieuw"
        }
    }

    func trigger(_ trigger: CycleTrigger) -> String {
        switch trigger {
        case .schedule: english ? "scheduled" : "volgens schema"
        case .phaseEnd: english ? "end of a phase" : "einde van een fase"
        case .manual: english ? "started by hand" : "handmatig gestart"
        }
    }

    func level(_ level: ParticipationLevel) -> String {
        let nl = [
            "inform": "informeren", "consult": "raadplegen", "advise": "adviseren", "coproduce": "coproduceren", "codecide": "meebeslissen",
        ]
        return english ? level.rawValue : nl[level.rawValue] ?? level.rawValue
    }

    func decisionMaker(_ maker: DecisionMaker) -> String {
        switch maker {
        case .council: english ? "the municipal council" : "de gemeenteraad"
        case .executive: english ? "the executive (college van B&W)" : "het college van B&W"
        case .official: english ? "an official under mandate" : "een ambtenaar in mandaat"
        }
    }

    func legalBasis(_ basis: LegalBasis) -> String {
        switch basis {
        case .omgevingswet: english ? "the Environment and Planning Act (Omgevingswet)" : "de Omgevingswet"
        case .participationOrdinance: english ? "the participation ordinance" : "de participatieverordening"
        case .voluntary: english ? "voluntary" : "vrijwillig"
        }
    }

    static func metricName(_ metric: String, english: Bool) -> String {
        let names: [String: (String, String)] = [
            "participants.unique": ("unieke deelnemers", "unique participants"),
            "participants.targeted_share": ("aandeel via doelgroepgerichte activiteiten", "share reached by targeted activities"),
            "contributions.count": ("bijdragen", "contributions"),
            "contributions.per_participant": ("bijdragen per deelnemer", "contributions per participant"),
            "feedback.responded_share": ("aandeel bijdragen met een reactie", "share of contributions answered"),
            "feedback.median_days_to_response": ("mediaan dagen tot reactie", "median days to a response"),
            "feedback.report_backs": ("terugkoppelingen verstuurd", "report-backs sent"),
        ]
        guard let name = names[metric] else { return metric }
        return english ? name.1 : name.0
    }

    /// A figure as its metric reads: shares as percentages, ratios with two decimals, counts whole.
    func figure(_ value: Double, metric: String) -> String {
        if metric.hasSuffix("_share") { return number(value * 100, decimals: 0) + "%" }
        if metric.hasPrefix("representation.") || metric.hasSuffix("per_participant") { return number(value, decimals: 2) }
        if metric.hasSuffix("_days_to_response") { return number(value, decimals: 1) }
        return number(value, decimals: 0)
    }

    func interval(_ estimate: Estimate, metric: String) -> String? {
        guard estimate.low != estimate.high else { return nil }
        return "\(figure(estimate.low, metric: metric))–\(figure(estimate.high, metric: metric))"
    }

    /// A number in the report's language: a decimal comma in Dutch.
    func number(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return english ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
