import Foundation
public import StipVocabulary

/// The findings the host draws from a trajectory's figures, each with the evidence and what to do next. Data
/// first (code and parameters), texts rendered from them in Dutch and English.
public struct HostFindings: Sendable {
    public let plan: TrajectoryPlan
    public let standing: Standing
    public let figures: TrajectoryFigures
    /// Contributions that expect an answer and have none, with the days they have waited.
    public let waiting: [(id: String, days: Int)]
    /// Phases with a reflection.
    public let reflectedPhases: Set<String>
    public let today: LocalDate
    /// What the workspace's other trajectories reached, as their latest cycles found it: each activity's
    /// participants per age band, with its method and trajectory.
    public var elsewhere: [(trajectory: String, method: String, reach: TrajectoryFigures.ActivityAgeBand)] = []

    public init(
        plan: TrajectoryPlan, standing: Standing, figures: TrajectoryFigures, waiting: [(id: String, days: Int)],
        reflectedPhases: Set<String>,
        today: LocalDate
    ) {
        self.plan = plan
        self.standing = standing
        self.figures = figures
        self.waiting = waiting
        self.reflectedPhases = reflectedPhases
        self.today = today
    }

    /// Below this ratio a group counts as under-represented.
    static let underRepresented = 0.8

    /// How sure the finding is: critical when the whole 95 % interval is below 0.8, a warning when it stays below
    /// proportional (1.0), otherwise only information: there are too few participants to be sure.
    static func severity(_ estimate: Estimate) -> Finding.Severity {
        estimate.high < underRepresented ? .critical : estimate.high < 1 ? .warning : .info
    }

    /// Whether a finding will name the method that reached a group best, and so needs ``elsewhere``.
    public var needsReachElsewhere: Bool {
        AgeBandName.all.contains { (standing.metrics["representation.age.\($0)"]?.value ?? 1) < Self.underRepresented }
    }

    public var all: [Finding] {
        goalsAtRisk + underRepresentedAges + underRepresentedAreas + overdueResponses + unreflectedPhases
    }

    /// Goals on a count that grows while the trajectory runs (participants, contributions, report-backs, a target
    /// group's participants), reached only by adding up.
    static func isGrowingCount(_ metric: String) -> Bool {
        ["participants.unique", "contributions.count", "feedback.report_backs"].contains(metric)
            || (metric.hasPrefix("target_group.") && metric.hasSuffix(".participants"))
    }

    /// Count goals that will not be met by the end of the last phase at the pace so far: the value divided by the
    /// days since the first phase began, times the days of the whole trajectory. Critical with two weeks or less
    /// left. Before the first phase and after the last there is no pace to speak of.
    var goalsAtRisk: [Finding] {
        guard let first = plan.phases.min(by: { $0.starts < $1.starts }), let last = plan.phases.max(by: { $0.ends < $1.ends }),
            first.starts < today, today < last.ends
        else { return [] }
        let elapsed = first.starts.days(until: today)
        let left = today.days(until: last.ends)
        return standing.goals.compactMap { goal in
            guard Self.isGrowingCount(goal.metric), goal.verdict != .met, let target = TargetExpression(goal.target),
                target.comparison == .atLeast || target.comparison == .greater, let value = goal.estimate?.value
            else { return nil }
            let projected = value * Double(elapsed + left) / Double(elapsed)
            guard projected < target.value else { return nil }
            let needed = Int((target.value - value).rounded(.up))
            let perWeek = Int((Double(needed) * 7 / Double(left)).rounded(.up))
            let (now, expected) = (Int(value.rounded()), Int(projected.rounded(.down)))
            let ends = last.ends.description
            return Finding(
                code: "goal_at_risk", severity: left <= 14 ? .critical : .warning, source: "host",
                parameters: [
                    "goal": goal.id, "metric": goal.metric, "target": goal.target, "value": String(now), "projected": String(expected),
                    "days_left": String(left), "ends": ends, "needed_per_week": String(perWeek),
                ],
                evidence:
                    "\(goal.metric) = \(now) after \(elapsed) days; at this pace \(expected) by \(ends), \(left) days from now (goal \(goal.target))",
                message: LocalizedText(
                    nl:
                        "Doel \(goal.id) (\(goal.target)) komt in gevaar: \(now) tot nu toe, in dit tempo ongeveer \(expected) als de laatste fase op \(ends) eindigt.",
                    en:
                        "Goal \(goal.id) (\(goal.target)) is at risk: \(now) so far, at this pace about \(expected) when the last phase ends on \(ends)."
                ),
                recommendation: LocalizedText(
                    nl:
                        "Er zijn nog \(needed) nodig in \(left) dagen, ongeveer \(perWeek) per week: maak de lopende activiteiten breder bekend of plan een extra activiteit.",
                    en:
                        "\(needed) more are needed in \(left) days, about \(perWeek) a week: publicise the running activities more widely or plan an extra one."
                ))
        }
    }

    var underRepresentedAges: [Finding] {
        AgeBandName.all.compactMap { band in
            guard let estimate = standing.metrics["representation.age.\(band)"], estimate.value < Self.underRepresented else { return nil }
            let ratio = String(format: "%.2f", estimate.value)
            let evidence =
                "representation.age.\(band) = \(ratio) (95 % \(String(format: "%.2f–%.2f", estimate.low, estimate.high)), n = \(estimate.n ?? 0))"
            let area = plan.area.joined(separator: ", ")
            let best = bestActivity(for: band)
            let via = best.map {
                (
                    nl: " Tot nu toe bereikte \($0.method) (\($0.activity)) deze groep in de gemeente het best.",
                    en: " So far \($0.method) (\($0.activity)) reached this group best in the municipality."
                )
            }
            return Finding(
                code: "under_represented_age", severity: Self.severity(estimate), source: "host",
                parameters: ["age_band": band, "ratio": ratio, "area": area].merging(best.map { ["method": $0.method] } ?? [:]) { a, _ in a
                },
                evidence: evidence,
                message: LocalizedText(
                    nl: "\(band)-jarigen zijn ondervertegenwoordigd: \(ratio) van hun aandeel in het gebied.",
                    en: "People aged \(band) are under-represented: \(ratio) of their share of the area."),
                recommendation: LocalizedText(
                    nl: "Plan een doelgroepgerichte activiteit voor \(band)-jarigen in \(area).\(via?.nl ?? "")",
                    en: "Plan a targeted activity for people aged \(band) in \(area).\(via?.en ?? "")"))
        }
    }

    var underRepresentedAreas: [Finding] {
        standing.metrics.keys.filter { $0.hasPrefix("representation.area.") }.sorted().compactMap { name in
            guard let estimate = standing.metrics[name], estimate.value < Self.underRepresented else { return nil }
            let code = String(name.dropFirst("representation.area.".count))
            let ratio = String(format: "%.2f", estimate.value)
            return Finding(
                code: "under_represented_area", severity: Self.severity(estimate), source: "host",
                parameters: ["area": code, "ratio": ratio],
                evidence: "\(name) = \(ratio) (95 % \(String(format: "%.2f–%.2f", estimate.low, estimate.high)), n = \(estimate.n ?? 0))",
                message: LocalizedText(
                    nl: "Bewoners van \(code) zijn ondervertegenwoordigd: \(ratio) van hun aandeel.",
                    en: "Residents of \(code) are under-represented: \(ratio) of their share."),
                recommendation: LocalizedText(
                    nl: "Plan een activiteit in \(code), bijvoorbeeld een schouw of een pop-up op straat.",
                    en: "Plan an activity in \(code), for example a neighbourhood walk or a pop-up in the street."))
        }
    }

    var overdueResponses: [Finding] {
        // The plan's own promise: the target of its feedback-speed goal.
        guard let goal = plan.goals.first(where: { $0.metric == "feedback.median_days_to_response" }),
            let target = TargetExpression(goal.target)
        else { return [] }
        let limit = Int(target.value)
        let overdue = waiting.filter { $0.days > limit }.sorted { $0.days > $1.days }
        guard !overdue.isEmpty else { return [] }
        let oldest = overdue.prefix(5).map(\.id).joined(separator: ", ")
        return [
            Finding(
                code: "responses_overdue", severity: .warning, source: "host",
                parameters: ["count": String(overdue.count), "days": String(limit), "oldest": oldest],
                evidence: "\(overdue.count) contributions waiting more than \(limit) days; the longest \(overdue[0].days) days",
                message: LocalizedText(
                    nl: "\(overdue.count) bijdragen wachten langer dan \(limit) dagen op een reactie.",
                    en: "\(overdue.count) contributions have waited longer than \(limit) days for a response."),
                recommendation: LocalizedText(
                    nl: "Reageer eerst op de oudste: \(oldest).", en: "Respond to the oldest first: \(oldest)."))
        ]
    }

    var unreflectedPhases: [Finding] {
        plan.phases.compactMap { phase in
            guard phase.ends < today, !reflectedPhases.contains(phase.id) else { return nil }
            let ends = phase.ends
            return Finding(
                code: "phase_without_reflection", severity: .info, source: "host",
                parameters: ["phase": phase.id, "ended": ends.description],
                evidence: "phase \(phase.id) ended on \(ends) and has no reflection",
                message: LocalizedText(
                    nl: "Fase \(phase.id) is op \(ends) afgelopen zonder reflectie.",
                    en: "Phase \(phase.id) ended on \(ends) without a reflection."),
                recommendation: LocalizedText(
                    nl: "Leg vast wat goed ging en wat anders moet (stipctl trajectory reflect).",
                    en: "Record what went well and what to change (stipctl trajectory reflect)."))
        }
    }

    /// The method whose activities' participants were most often in `band`, over this trajectory and the
    /// workspace's others (their latest cycles), with the activity that did best: "so far in this municipality".
    func bestActivity(for band: String) -> (activity: String, method: String)? {
        var lines: [(activity: String, method: String, reach: TrajectoryFigures.ActivityAgeBand)] = figures.activityAgeBands.compactMap {
            row in
            plan.activities.first { $0.id == row.activity }.map { (row.activity, $0.method, row) }
        }
        lines += elsewhere.map { ("\($0.reach.activity) (\($0.trajectory))", $0.method, $0.reach) }
        func share(_ rows: [TrajectoryFigures.ActivityAgeBand]) -> Double? {
            let known = rows.filter { $0.ageBand != nil }.reduce(0) { $0 + $1.participants }
            let inBand = rows.filter { $0.ageBand == band }.reduce(0) { $0 + $1.participants }
            return known > 0 && inBand > 0 ? Double(inBand) / Double(known) : nil
        }
        let byMethod = Dictionary(grouping: lines, by: \.method).compactMap { method, rows in share(rows.map(\.reach)).map { (method, $0) }
        }
        guard let method = byMethod.max(by: { ($0.1, $1.0) < ($1.1, $0.0) })?.0 else { return nil }
        let byActivity = Dictionary(grouping: lines.filter { $0.method == method }, by: \.activity).compactMap { activity, rows in
            share(rows.map(\.reach)).map { (activity, $0) }
        }
        guard let activity = byActivity.max(by: { ($0.1, $1.0) < ($1.1, $0.0) })?.0 else { return nil }
        return (activity, method)
    }
}
