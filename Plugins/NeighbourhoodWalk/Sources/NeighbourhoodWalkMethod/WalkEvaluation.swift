public import MethodSupport
public import StipPluginKit

/// The walk's own figures and findings over all observations of one activity.
///
/// **Reference date.** "Overdue" needs a today. The SDK does not pass the evaluation's period to
/// the plugin, so the reference date is the newest `created_at` among the observations (its UTC
/// day): a follow-up is overdue when it is still open or in progress and its deadline is before
/// that day. Without any `created_at`, overdue follow-ups are not reported. The same observations
/// always give the same figures.
public struct WalkEvaluation {
    let config: WalkConfig
    let observations: [Observation]
    /// The reference date for overdue follow-ups (see above).
    public let referenceDate: LocalDate?

    public init(config: WalkConfig, observations: [Observation], createdAt: [String?]) {
        self.config = config
        self.observations = observations
        self.referenceDate = createdAt.compactMap { $0.flatMap(LocalDate.init(timestampPrefixOf:)) }.max()
    }

    // MARK: Metrics

    public var metrics: [JSONValue] {
        let n = observations.count
        var metrics: [JSONValue] = [MetricValue.count("observations", n)]
        guard n > 0 else { return metrics }
        metrics.append(MetricValue.distribution("observations_by_category", counts(Observation.Category.allCases, \.category), n: n))
        metrics.append(MetricValue.distribution("observations_by_kind", counts(Observation.Kind.allCases, \.kind), n: n))
        metrics.append(MetricValue.distribution("observations_by_urgency", counts(Observation.Urgency.allCases, \.urgency), n: n))
        var statuses = counts(FollowUp.Status.allCases) { $0.followUp?.status }
        statuses["none"] = observations.filter { $0.followUp == nil }.count
        metrics.append(MetricValue.distribution("follow_up_status", statuses, n: n))
        let scored = observations.filter { $0.crowScore != nil }.count
        if scored > 0 {
            metrics.append(MetricValue.distribution("crow_scores", counts(Observation.CROWScore.allCases, \.crowScore), n: scored))
        }
        // Every observation is counted, not a sample: no margin of error.
        metrics.append(MetricValue.ratio("resolved_ratio", Double(resolved.count) / Double(n), n: n))
        if referenceDate != nil { metrics.append(MetricValue.count("overdue_follow_ups", overdue.count)) }
        let days = resolved.compactMap { $0.followUp?.resolvedOn.map { Double(config.date.days(until: $0)) } }
        if let median = Statistics.median(days) {
            metrics.append(MetricValue.mean("median_days_to_resolution", median, n: days.count))
        }
        return metrics
    }

    /// Observations whose follow-up is done.
    var resolved: [Observation] {
        observations.filter { $0.followUp?.status == .done }
    }

    /// Open or in-progress follow-ups whose deadline is before the reference date.
    var overdue: [Observation] {
        guard let referenceDate else { return [] }
        return observations.filter {
            guard let followUp = $0.followUp, !followUp.status.isClosed, let deadline = followUp.deadline else { return false }
            return deadline < referenceDate
        }
    }

    /// Every value as a bucket, also those that did not occur.
    func counts<T: RawRepresentable>(_ all: [T], _ value: (Observation) -> T?) -> [String: Int] where T.RawValue == String, T: Equatable {
        Dictionary(uniqueKeysWithValues: all.map { bucket in (bucket.rawValue, observations.filter { value($0) == bucket }.count) })
    }

    // MARK: Findings

    public var findings: [Finding] {
        guard !observations.isEmpty else {
            return [
                Finding(
                    "no-observations", .info, nl: "Er zijn nog geen waarnemingen van de schouw ingevoerd.",
                    en: "No observations from the walk have been entered yet.",
                    recommendation: .init(
                        nl: "Voer de waarnemingen in of importeer ze vanaf de schouwlijst.",
                        en: "Enter the observations or import them from the walk's notes."))
            ]
        }
        return [overdueFinding, urgentWithoutOwnerFinding, duplicateSequenceFinding].compactMap { $0 }
    }

    static func numbers(_ observations: [Observation]) -> String {
        observations.map(\.sequence).sorted().map { "#\($0)" }.joined(separator: ", ")
    }

    var overdueFinding: Finding? {
        let late = overdue
        guard !late.isEmpty, let referenceDate else { return nil }
        let urgent = late.contains { $0.urgency == .high }
        let list = Self.numbers(late)
        return Finding(
            "overdue-follow-ups", urgent ? .critical : .warning,
            nl:
                "\(late.count) \(late.count == 1 ? "actie is" : "acties zijn") over de deadline (peildatum \(Format.date(referenceDate, locale: "nl"))): waarneming \(list).",
            en:
                "\(late.count) follow-up\(late.count == 1 ? " is" : "s are") past the deadline (reference date \(Format.date(referenceDate, locale: "en"))): observation \(list).",
            recommendation: .init(
                nl: "Vraag de eigenaars naar de stand van zaken en laat de deelnemers van de schouw weten wanneer het wel gebeurt.",
                en: "Ask the owners how things stand and tell the walk's participants when it will be done."))
    }

    /// Urgent observations that nobody has picked up: no follow-up, or one without an owner.
    var urgentWithoutOwnerFinding: Finding? {
        let orphaned = observations.filter { $0.urgency == .high && ($0.followUp?.owner == nil) && $0.followUp?.status.isClosed != true }
        guard !orphaned.isEmpty else { return nil }
        let list = Self.numbers(orphaned)
        return Finding(
            "urgent-without-owner", .warning,
            nl: "\(orphaned.count) urgente \(orphaned.count == 1 ? "waarneming heeft" : "waarnemingen hebben") nog geen eigenaar: \(list).",
            en: "\(orphaned.count) urgent observation\(orphaned.count == 1 ? " has" : "s have") no owner yet: \(list).",
            recommendation: .init(
                nl: "Wijs voor elke urgente waarneming een eigenaar en een deadline aan.",
                en: "Assign an owner and a deadline to every urgent observation."))
    }

    var duplicateSequenceFinding: Finding? {
        let repeated = Dictionary(grouping: observations, by: \.sequence).filter { $0.value.count > 1 }.keys.sorted()
        guard !repeated.isEmpty else { return nil }
        let list = repeated.map { "#\($0)" }.joined(separator: ", ")
        return Finding(
            "duplicate-sequence-numbers", .info,
            nl: "Volgnummers komen meer dan eens voor: \(list). Misschien is een waarneming dubbel ingevoerd.",
            en: "Sequence numbers occur more than once: \(list). An observation may have been entered twice.")
    }
}
