public import MethodSupport
public import StipPluginKit

/// The workshop's own figures and findings over all contributions of one activity.
public struct WorkshopEvaluation {
    /// Below this share of capacity a session counts as poorly attended.
    public static let lowTurnout = 0.5
    /// Below this mean score (of 10) participants were not satisfied.
    public static let lowSatisfaction = 6.0
    /// How many themes, by dots, count as "high priority" (ties at the last place included).
    public static let priorityThemes = 3

    let config: WorkshopConfig
    let names: [String]
    var attendance: [Int: Int] = [:]
    var ageBands: [AgeBand: Int] = [:]
    var ideas: [(theme: String, dots: Int, responded: Bool, session: Int?)] = []
    var scores: [Int] = []
    var sessionsWithInput: Set<Int> = []

    public init(config: WorkshopConfig, contributions: [WorkshopContribution], responded: [Bool]) {
        self.config = config
        self.names = config.sessionNames
        for (contribution, responded) in zip(contributions, responded) {
            // A stored contribution names its session; with one session it may not need to.
            let session = contribution.session.flatMap(config.sessionIndex) ?? (config.sessions.count == 1 ? 0 : nil)
            switch contribution.type {
            case .attendance:
                guard let session, let count = contribution.count else { continue }
                attendance[session, default: 0] += count
                for (band, count) in contribution.ageBands ?? [:] { ageBands[band, default: 0] += count }
            case .idea:
                ideas.append((contribution.theme.map(WorkshopContribution.themeKey) ?? "", contribution.dots ?? 0, responded, session))
                if let session { sessionsWithInput.insert(session) }
            case .rating:
                if let score = contribution.score { scores.append(score) }
                if let session { sessionsWithInput.insert(session) }
            }
        }
    }

    var attendees: Int { attendance.values.reduce(0, +) }

    public var metrics: [JSONValue] {
        var metrics: [JSONValue] = [MetricValue.count("ideas", ideas.count)]
        if !attendance.isEmpty {
            let capacity = attendance.keys.map { config.sessions[$0].capacity }.reduce(0, +)
            metrics.append(MetricValue.count("attendance", attendees))
            metrics.append(MetricValue.ratio("attendance_ratio", Double(attendees) / Double(capacity), n: capacity))
            metrics.append(
                MetricValue.distribution(
                    "attendance_by_session", Dictionary(uniqueKeysWithValues: attendance.map { (names[$0.key], $0.value) }), n: attendees))
            if attendees > 0 {
                metrics.append(MetricValue.mean("ideas_per_attendee", Double(ideas.count) / Double(attendees), n: attendees))
            }
        }
        if !ageBands.isEmpty {
            let buckets = Dictionary(uniqueKeysWithValues: AgeBand.allCases.map { ($0.rawValue, ageBands[$0] ?? 0) })
            metrics.append(MetricValue.distribution("attendee_age_bands", buckets, n: ageBands.values.reduce(0, +)))
        }
        if !ideas.isEmpty {
            metrics.append(MetricValue.distribution("theme_priority", dotsByTheme, n: ideas.count))
            metrics.append(
                MetricValue.distribution("ideas_by_theme", Dictionary(grouping: ideas, by: \.theme).mapValues(\.count), n: ideas.count))
            // Every idea is counted, not a sample of them: no margin of error.
            let responded = ideas.filter(\.responded).count
            metrics.append(MetricValue.ratio("ideas_responded_ratio", Double(responded) / Double(ideas.count), n: ideas.count))
        }
        if !scores.isEmpty {
            let values = scores.map(Double.init)
            metrics.append(
                MetricValue.mean(
                    "satisfaction_mean", Statistics.mean(values)!, n: scores.count, marginOfError: Statistics.meanMarginOfError(values)))
            let buckets = Dictionary(
                uniqueKeysWithValues: WorkshopContribution.scores.map { score in
                    (String(score), scores.filter { $0 == score }.count)
                })
            metrics.append(MetricValue.distribution("satisfaction", buckets, n: scores.count))
        }
        return metrics
    }

    var dotsByTheme: [String: Int] {
        Dictionary(grouping: ideas, by: \.theme).mapValues { $0.map(\.dots).reduce(0, +) }
    }

    public var findings: [Finding] {
        [lowTurnoutFinding, lowSatisfactionFinding, unansweredPriorityFinding, missingAttendanceFinding].compactMap { $0 }
    }

    var lowTurnoutFinding: Finding? {
        let low = attendance.keys.sorted().filter { Double(attendance[$0]!) < Self.lowTurnout * Double(config.sessions[$0].capacity) }
        guard !low.isEmpty else { return nil }
        func describe(_ locale: String) -> String {
            let parts = low.map { index in
                let session = config.sessions[index]
                let share = Format.percent(Double(attendance[index]!) / Double(session.capacity))
                return locale == "en"
                    ? "\(names[index]): \(attendance[index]!) of \(session.capacity) places (\(share))"
                    : "\(names[index]): \(attendance[index]!) van \(session.capacity) plaatsen (\(share))"
            }
            return locale == "en" ? englishList(parts) : dutchList(parts)
        }
        return Finding(
            "low-turnout", .warning,
            nl: "Minder dan de helft van de plaatsen was bezet bij \(low.count == 1 ? "de sessie" : "de sessies") \(describe("nl")).",
            en: "Less than half of the places were taken at \(low.count == 1 ? "the session" : "the sessions") \(describe("en")).",
            recommendation: .init(
                nl:
                    "Werf voor een volgende sessie gerichter: via buurtorganisaties, scholen of ondernemers, of kies een ander tijdstip of een andere plek.",
                en:
                    "Recruit more specifically for a next session: through neighbourhood organisations, schools or businesses, or choose another time or place."
            ))
    }

    var lowSatisfactionFinding: Finding? {
        let values = scores.map(Double.init)
        guard let mean = Statistics.mean(values), mean < Self.lowSatisfaction else { return nil }
        return Finding(
            "low-satisfaction", .warning,
            nl:
                "Deelnemers gaven de werksessie gemiddeld een \(Format.decimal(mean, locale: "nl")) (\(scores.count) \(scores.count == 1 ? "beoordeling" : "beoordelingen")).",
            en:
                "Participants rated the workshop \(Format.decimal(mean, locale: "en")) out of 10 on average (\(scores.count) \(scores.count == 1 ? "rating" : "ratings")).",
            recommendation: .init(
                nl: "Lees de toelichtingen bij de lage cijfers en bespreek met de gespreksleider wat er anders kan.",
                en: "Read the remarks with the low scores and discuss with the facilitator what could be done differently."))
    }

    /// The themes with the most dots (the top three, ties included) of which no idea has had a response yet.
    var unansweredPriorityFinding: Finding? {
        let dots = dotsByTheme.filter { $0.value > 0 }
        let ranked = dots.values.sorted(by: >)
        guard !ranked.isEmpty else { return nil }
        let threshold = ranked[min(Self.priorityThemes, ranked.count) - 1]
        let respondedThemes = Set(ideas.filter(\.responded).map(\.theme))
        let waiting = dots.filter { $0.value >= threshold && !respondedThemes.contains($0.key) }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        guard !waiting.isEmpty else { return nil }
        let nl = waiting.map { "\"\($0.key)\" (\($0.value) \($0.value == 1 ? "sticker" : "stickers"))" }
        let en = waiting.map { "\"\($0.key)\" (\($0.value) \($0.value == 1 ? "dot" : "dots"))" }
        return Finding(
            "priority-themes-without-response", .warning,
            nl: "Thema's met de meeste prioriteit hebben nog geen reactie gekregen: \(dutchList(nl)).",
            en: "Themes with the highest priority have had no response yet: \(englishList(en)).",
            recommendation: .init(
                nl: "Laat deelnemers weten wat er met de ideeën over deze thema's gebeurt, ook als het antwoord nog niet definitief is.",
                en: "Tell participants what happens with the ideas on these themes, even if the answer is not final yet."))
    }

    /// Sessions with ideas or ratings but no attendance: their turnout cannot be judged.
    var missingAttendanceFinding: Finding? {
        let missing = sessionsWithInput.subtracting(attendance.keys).sorted()
        guard !missing.isEmpty else { return nil }
        let list = missing.map { names[$0] }
        return Finding(
            "attendance-missing", .info,
            nl: "Voor \(dutchList(list)) zijn ideeën of beoordelingen ingevoerd, maar geen opkomst.",
            en: "Ideas or ratings were entered for \(englishList(list)), but no attendance.",
            recommendation: .init(
                nl: "Voer de opkomst in (type attendance) vanaf de presentielijst, zodat de bezetting berekend kan worden.",
                en: "Enter the attendance (type attendance) from the sign-in sheet, so that turnout can be computed."))
    }
}
