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
        let representation = snapshot.standing.metrics.keys.filter { $0.hasPrefix("representation.") }.sorted()
        let bars = representation.enumerated().compactMap { index, name in
            snapshot.standing.metrics[name].map { self.representation(name, $0, row: index) }
        }
        return ReportView(
            language: language, audience: options.audience.rawValue, municipality: municipality, trajectory: snapshot.trajectory,
            title: plan?.title.text(language) ?? snapshot.trajectory, cycle: snapshot.number, cycleDate: day(snapshot.finishedAt),
            trigger: trigger(snapshot.trigger), planRevision: day(snapshot.planRevision), populationYear: snapshot.standing.populationYear,
            labels: ReportLabels.of(language),
            goals: snapshot.standing.goals.map { goal($0, trend: snapshot.trends[$0.id]) },
            keyFindings: Array(findings.prefix(3)), context: plan.map(context), phases: plan?.phases.map(phase) ?? [],
            activities: snapshot.activities.map { activity($0, plan: plan) }, reach: reach(snapshot.standing),
            representation: bars, chartHeight: max(1, bars.count) * Self.barPitch + 24, findings: findings)
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

    func activity(_ evaluation: ActivityEvaluation, plan: TrajectoryPlan?) -> ReportView.Activity {
        let planned = plan?.activities.first { $0.id == evaluation.id }
        let access = planned.map { $0.access == .targeted ? (english ? "targeted" : "doelgroepgericht") : (english ? "open" : "open") }
        return ReportView.Activity(
            id: evaluation.id, title: planned?.title?.text(language) ?? evaluation.id, method: evaluation.method,
            phase: planned?.phase ?? "",
            access: access ?? "", evaluated: evaluation.evaluated,
            reason: evaluation.evaluated ? nil : (options.audience == .public ? nil : evaluation.reason),
            results: evaluation.metrics.compactMap(methodFigure))
    }

    /// A method's own metric as a line: its value, or its distribution as "bucket: count" pairs.
    func methodFigure(_ metric: JSONValue) -> ReportView.Figure? {
        guard let id = metric["id"]?.stringValue else { return nil }
        if let value = metric["value"]?.doubleValue {
            return ReportView.Figure(name: id, value: number(value, decimals: value == value.rounded() ? 0 : 2))
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

    /// Pixels between bars, and the chart's scale: 150 px is a ratio of 1.0, the axis ends at 2.0.
    static let barPitch = 28
    static let unit = 150.0

    func representation(_ name: String, _ estimate: Estimate, row: Int) -> ReportView.Representation {
        let group = name.replacingOccurrences(of: "representation.age.", with: english ? "age " : "leeftijd ")
            .replacingOccurrences(of: "representation.area.", with: "")
        func x(_ ratio: Double) -> Int { Int((min(max(ratio, 0), 2) * Self.unit).rounded()) }
        let position = estimate.high < 1 ? "below" : estimate.low > 1 ? "above" : "within"
        let y = row * Self.barPitch + 8
        return ReportView.Representation(
            group: group, ratio: number(estimate.value, decimals: 2), interval: interval(estimate, metric: name) ?? "", n: estimate.n,
            position: position, chart: .init(y: y, width: x(estimate.value), low: x(estimate.low), high: x(estimate.high), textY: y + 14))
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
