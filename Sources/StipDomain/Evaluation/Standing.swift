public import Foundation
import StipJSON
import StipVocabulary

/// Where a trajectory stands against its goals: the host metrics of docs/metrics.md with their intervals, and
/// each goal's verdict. A cycle freezes one of these; `standing` computes it without storing.
public struct Standing: Codable, Sendable, Equatable {
    public var trajectory: String
    public var computedAt: Date
    /// The CBS year the population shares come from, `nil` without figures.
    public var populationYear: Int?
    /// Every host metric that has a value, by name.
    public var metrics: [String: Estimate]
    public var goals: [GoalStanding]
    /// Per age band and per buurt or wijk of the trajectory's area: the participants' share beside the population's,
    /// what each representation ratio divides. Absent in standings stored before they were kept.
    public var shares: [GroupShare]?

    public init(trajectory: String, computedAt: Date, populationYear: Int?, metrics: [String: Estimate], goals: [GoalStanding]) {
        self.trajectory = trajectory
        self.computedAt = computedAt
        self.populationYear = populationYear
        self.metrics = metrics
        self.goals = goals
    }

    enum CodingKeys: String, CodingKey {
        case trajectory
        case computedAt = "computed_at"
        case populationYear = "population_year"
        case metrics, goals, shares
    }

    /// One goal judged.
    public struct GoalStanding: Codable, Sendable, Equatable {
        public var id: String
        public var metric: String
        public var target: String
        public var verdict: GoalVerdict
        /// The figure with its interval; absent when it cannot be measured.
        public var estimate: Estimate?
        /// Why it cannot be measured, in words.
        public var reason: String?

        public init(id: String, metric: String, target: String, verdict: GoalVerdict, estimate: Estimate?, reason: String?) {
            self.id = id
            self.metric = metric
            self.target = target
            self.verdict = verdict
            self.estimate = estimate
            self.reason = reason
        }
    }
}

extension Standing {
    /// Computes the host metrics and judges the plan's goals.
    /// - Parameters:
    ///   - feedback: `feedback.responded_share` and `feedback.median_days_to_response`, as the feedback overview
    ///     computes them (one definition for both).
    ///   - population: the newest imported CBS figures, if any.
    public init(
        plan: TrajectoryPlan, figures: TrajectoryFigures, respondedShare: Double?, medianDaysToResponse: Double?,
        population: PopulationTable?, at now: Date
    ) {
        var metrics: [String: Estimate] = [
            "participants.unique": .exact(Double(figures.participants)),
            "contributions.count": .exact(Double(figures.contributions)),
            "feedback.report_backs": .exact(Double(figures.reportBacksSent)),
        ]
        if let share = Estimate.share(figures.targetedParticipants, of: figures.participants) {
            metrics["participants.targeted_share"] = share
        }
        if figures.participants > 0 {
            metrics["contributions.per_participant"] = .exact(Double(figures.contributionsWithParticipant) / Double(figures.participants))
        }
        if let respondedShare { metrics["feedback.responded_share"] = .exact(respondedShare) }
        if let medianDaysToResponse { metrics["feedback.median_days_to_response"] = .exact(medianDaysToResponse) }
        let representation = Representation(plan: plan, figures: figures, population: population)
        var shares: [GroupShare] = []
        for band in AgeBandName.all {
            guard let share = representation.ageShare(band) else { continue }
            shares.append(share)
            if let estimate = share.ratio { metrics["representation.age.\(band)"] = estimate }
        }
        shares += plan.area.compactMap(representation.areaShare)
        for group in plan.targetGroups {
            metrics["target_group.\(group.id).participants"] = .exact(Double(Self.participants(in: group.criteria, figures.profiles)))
        }
        var goals: [GoalStanding] = []
        for goal in plan.goals {
            var estimate = metrics[goal.metric]
            if estimate == nil, goal.metric.hasPrefix("representation.area."),
                let code = goal.metric.split(separator: ".").last.map(String.init)
            {
                estimate = representation.area(code)
                if let estimate { metrics[goal.metric] = estimate }
            }
            guard let target = TargetExpression(goal.target) else {
                goals.append(
                    .init(
                        id: goal.id, metric: goal.metric, target: goal.target, verdict: .notMeasurable, estimate: nil,
                        reason: "the target is not a comparison"))
                continue
            }
            let verdict = GoalVerdict.judge(estimate, against: target)
            goals.append(
                .init(
                    id: goal.id, metric: goal.metric, target: goal.target, verdict: verdict, estimate: estimate,
                    reason: estimate == nil ? Self.unmeasurableReason(goal.metric, population: population) : nil))
        }
        self.init(trajectory: plan.id, computedAt: now, populationYear: population?.year, metrics: metrics, goals: goals)
        self.shares = shares.isEmpty ? nil : shares
    }

    /// Participants whose profile matches a target group: every listed dimension must match one of its values;
    /// a buurt matches a wijk it lies in.
    static func participants(in criteria: TrajectoryPlan.TargetGroup.Criteria, _ profiles: [TrajectoryFigures.ProfileCount]) -> Int {
        profiles.filter { profile in
            if let bands = criteria.ageBand, !bands.contains(where: { $0.rawValue == profile.ageBand }) { return false }
            if let roles = criteria.role, !roles.contains(where: { $0.rawValue == profile.role }) { return false }
            if let areas = criteria.area {
                guard let area = profile.area.flatMap(RegionCode.init),
                    areas.contains(where: { RegionCode($0).map { $0 == area || $0.contains(area) } ?? false })
                else { return false }
            }
            return true
        }.reduce(0) { $0 + $1.participants }
    }

    static func unmeasurableReason(_ metric: String, population: PopulationTable?) -> String {
        if metric.hasPrefix("representation.") {
            return population == nil
                ? "no population figures for the workspace (stipctl population import)"
                : "no participants with this profile dimension yet, or no figures for the area"
        }
        if metric == "feedback.responded_share" { return "no contribution that expects an answer yet" }
        if metric.hasPrefix("feedback.") { return "no contribution that expects an answer has been answered yet" }
        if metric.split(separator: ".").count == 2, !MetricCatalogue.hostMetrics.contains(metric) {
            return "a method's own metric: measured in evaluation cycles, from the method's plugin"
        }
        return "no data yet"
    }
}

/// The CBS age band names, in order.
enum AgeBandName {
    static let all = ["0-15", "15-25", "25-45", "45-65", "65+"]
}
