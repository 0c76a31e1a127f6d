public import StipJSON
public import StipVocabulary

/// Activities whose dates fall outside their phase's dates. A warning, not a refusal: a walk a week after its
/// phase may be meant (a phase's dates are a plan, not a law), but it is more often a typo in a year.
public enum PhaseDates {
    /// One warning per date of an activity that lies outside its phase.
    /// - Parameters:
    ///   - configs: each activity's config as its plugin normalised it (`opens`, `closes`), by activity id.
    ///   - schedules: when and where each activity takes place, as its plugin reads the config, by activity id.
    public static func warnings(_ plan: TrajectoryPlan, configs: [String: JSONValue], schedules: [String: [ActivitySession]])
        -> [PlanIssue]
    {
        let phases = Dictionary(plan.phases.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var warnings: [PlanIssue] = []
        for (index, activity) in plan.activities.enumerated() {
            guard let phase = phases[activity.phase] else { continue }
            func check(_ text: String?, _ what: String, at pointer: String) {
                guard let text, let moment = ActivitySession.Moment(text), moment.date < phase.starts || moment.date > phase.ends
                else { return }
                warnings.append(
                    PlanIssue(
                        pointer,
                        "\(what) \(text), outside phase \(phase.id) (\(phase.starts) to \(phase.ends)); "
                            + "check the date, or give the activity the phase it belongs to"))
            }
            let at = "/activities/\(index)"
            let config = configs[activity.id] ?? activity.config
            check(config["opens"]?.stringValue, "opens", at: at + "/config/opens")
            check(config["closes"]?.stringValue, "closes", at: at + "/config/closes")
            for (position, session) in (schedules[activity.id] ?? []).enumerated() {
                let name = "activity \(activity.id)" + ((schedules[activity.id]?.count ?? 0) > 1 ? " (session \(position + 1))" : "")
                check(session.starts, "\(name) takes place on", at: at + "/config")
                if let ends = session.ends, ActivitySession.Moment(ends)?.date != ActivitySession.Moment(session.starts)?.date {
                    check(ends, "\(name) ends on", at: at + "/config")
                }
            }
        }
        return warnings
    }
}
