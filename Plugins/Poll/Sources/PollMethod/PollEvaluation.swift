import Foundation
public import MethodSupport
public import StipPluginKit

/// The poll's own figures and findings over all responses of one activity, computed from their counts
/// (``PollCounts``), so the same figures come from one full evaluation and from a series of incremental ones.
///
/// The manifest's metrics are fixed, but questions differ per poll, so per-question figures are
/// distributions keyed `<question id>/<option or value>`, and the headline ratio and mean take
/// the poll's first `single_choice` and first `scale` question. Every question's shares with
/// their 95 % margins of error, means and rankings are also given as an `info` finding
/// (`results-<question id>`), so they reach the report.
public struct PollEvaluation {
    /// Below this share of optional questions answered, a finding suggests a shorter poll.
    public static let lowCompletion = 0.5

    let config: PollConfig
    let counts: PollCounts

    public init(config: PollConfig, counts: PollCounts) {
        self.config = config
        self.counts = counts
    }

    /// The evaluation of these responses, submitted at `createdAt` (same order).
    public init(config: PollConfig, responses: [PollContribution], createdAt: [String?]) {
        var counts = PollCounts()
        for (response, created) in zip(responses, createdAt) { counts.add(response, createdAt: created, config: config) }
        self.init(config: config, counts: counts)
    }

    // MARK: Metrics

    public var metrics: [JSONValue] {
        var metrics: [JSONValue] = [MetricValue.count("responses", counts.responses)]
        let days = counts.perDay
        if !days.isEmpty { metrics.append(MetricValue.distribution("responses_per_day", days, n: counts.responses)) }
        if let completion { metrics.append(MetricValue.ratio("completion_rate", completion.share, n: completion.possible)) }

        var choices: [String: Int] = [:]
        var scales: [String: Int] = [:]
        var borda: [String: Int] = [:]
        for question in config.questions {
            switch question.type {
            case .singleChoice, .multipleChoice:
                for (option, count) in choiceCounts(question) { choices["\(question.id)/\(option)"] = count }
            case .scale:
                for (value, count) in scaleCounts(question) { scales["\(question.id)/\(value)"] = count }
            case .ranking:
                for (option, points) in bordaPoints(question) { borda["\(question.id)/\(option)"] = points }
            case .text:
                break
            }
        }
        if counts.responses > 0 {
            if !choices.isEmpty { metrics.append(MetricValue.distribution("choice_counts", choices, n: counts.responses)) }
            if !scales.isEmpty { metrics.append(MetricValue.distribution("scale_distribution", scales, n: counts.responses)) }
            if !borda.isEmpty { metrics.append(MetricValue.distribution("ranking_borda", borda, n: counts.responses)) }
        }
        if let question = config.questions.first(where: { $0.type == .singleChoice }), let top = shares(question).first {
            metrics.append(MetricValue.ratio("top_choice_share", top.share, n: top.n, marginOfError: top.margin))
        }
        if let question = config.questions.first(where: { $0.type == .scale }) {
            let given = scaleGiven(question)
            if let mean = Statistics.mean(given) {
                metrics.append(
                    MetricValue.mean(
                        "scale_mean", mean, n: given.values.reduce(0, +), marginOfError: Statistics.meanMarginOfError(given)))
            }
        }
        return metrics
    }

    /// Optional questions answered out of optional questions asked (responses × optional questions);
    /// nil when the poll has no optional questions or no responses.
    var completion: (share: Double, possible: Int)? {
        let possible = config.questions.filter(\.optional).count * counts.responses
        guard possible > 0 else { return nil }
        return (Double(counts.optionalAnswered) / Double(possible), possible)
    }

    /// How many responses answered `question`.
    func answered(_ question: PollQuestion) -> Int {
        counts.answered[question.id] ?? 0
    }

    /// How often each option was chosen (every option, also those never chosen).
    func choiceCounts(_ question: PollQuestion) -> [(option: String, count: Int)] {
        let chosen = counts.choices[question.id] ?? [:]
        return question.optionIDs.map { ($0, chosen[$0] ?? 0) }
    }

    /// Each option's share of the respondents who answered the question, with its 95 % margin of
    /// error, largest first (ties in the config's order).
    func shares(_ question: PollQuestion) -> [(option: String, share: Double, margin: Double?, n: Int)] {
        let n = answered(question)
        guard n > 0 else { return [] }
        return choiceCounts(question).enumerated()
            .map { (index: $0.offset, option: $0.element.option, share: Double($0.element.count) / Double(n)) }
            .sorted { ($1.share, $0.index) < ($0.share, $1.index) }
            .map { ($0.option, $0.share, Statistics.marginOfError(share: $0.share, n: n), n) }
    }

    /// The points given on a scale question with how often each was given.
    func scaleGiven(_ question: PollQuestion) -> [Int: Int] {
        var given: [Int: Int] = [:]
        for (point, count) in counts.scales[question.id] ?? [:] {
            if let point = Int(point) { given[point, default: 0] += count }
        }
        return given
    }

    /// Every point of the scale with how often it was given.
    func scaleCounts(_ question: PollQuestion) -> [(value: Int, count: Int)] {
        let given = scaleGiven(question)
        let low = question.min ?? 1
        let high = question.max ?? 5
        guard low <= high else { return [] }
        return (low...high).map { point in (point, given[point] ?? 0) }
    }

    /// Borda count: with k options, first place earns k − 1 points, the last 0.
    func bordaPoints(_ question: PollQuestion) -> [(option: String, points: Int)] {
        let points = counts.borda[question.id] ?? [:]
        return question.optionIDs.map { ($0, points[$0] ?? 0) }
    }

    // MARK: Findings

    public var findings: [Finding] {
        guard counts.responses > 0 else {
            return [
                Finding(
                    "no-responses", .info, nl: "De peiling heeft nog geen reacties.", en: "The poll has no responses yet.",
                    recommendation: .init(
                        nl:
                            "Controleer of de peiling open is en maak haar bekend, bijvoorbeeld via de wijkkrant, sociale media of een flyer bij het plein.",
                        en:
                            "Check that the poll is open and publicise it, for instance in the local paper, on social media or with a flyer on site."
                    ))
            ]
        }
        var findings = config.questions.compactMap(results)
        findings += config.questions.filter { $0.type == .singleChoice }.compactMap(noClearPreference)
        if let completion, completion.share < Self.lowCompletion {
            findings.append(
                Finding(
                    "low-completion", .info,
                    nl: "Slechts \(Format.percent(completion.share)) van de niet-verplichte vragen is beantwoord.",
                    en: "Only \(Format.percent(completion.share)) of the optional questions were answered.",
                    recommendation: .init(
                        nl: "Overweeg een kortere vragenlijst, of zet de belangrijkste vragen vooraan.",
                        en: "Consider a shorter questionnaire, or put the most important questions first.")))
        }
        return findings
    }

    /// The finding id for a question: lower case with `-` only.
    static func findingID(_ prefix: String, _ question: PollQuestion) -> String {
        "\(prefix)-\(question.id.replacingOccurrences(of: "_", with: "-"))"
    }

    /// The results of one question as text: shares ± margins, a mean, a ranking, or a count of texts.
    func results(_ question: PollQuestion) -> Finding? {
        func label(_ option: String, _ locale: String) -> String {
            question.options?.first { $0.id == option }?.label.text(for: locale) ?? option
        }
        func text(_ locale: String) -> String? {
            let title = "\u{201C}\(question.text.text(for: locale))\u{201D}"
            let n = answered(question)
            guard n > 0 else { return nil }
            switch question.type {
            case .singleChoice, .multipleChoice:
                let parts = shares(question).map {
                    "\(label($0.option, locale)) \(Format.percent($0.share)) (± \(Format.percent($0.margin ?? 0)))"
                }
                return "\(title): \(parts.joined(separator: "; ")) (n = \(n))."
            case .scale:
                let given = scaleGiven(question)
                let mean = Format.decimal(Statistics.mean(given) ?? 0, locale: locale)
                let margin = Statistics.meanMarginOfError(given).map { " (± \(Format.decimal($0, locale: locale)))" } ?? ""
                let scale = "\(question.min ?? 1)–\(question.max ?? 5)"
                return locale == "en"
                    ? "\(title): mean \(mean)\(margin) on a scale of \(scale) (n = \(n))."
                    : "\(title): gemiddeld \(mean)\(margin) op een schaal van \(scale) (n = \(n))."
            case .ranking:
                let ranked = bordaPoints(question).enumerated().sorted { ($1.element.points, $0.offset) < ($0.element.points, $1.offset) }
                let parts = ranked.map { "\(label($0.element.option, locale)) (\($0.element.points))" }
                return locale == "en"
                    ? "\(title): order by Borda points \(parts.joined(separator: ", ")) (n = \(n))."
                    : "\(title): volgorde naar Borda-punten \(parts.joined(separator: ", ")) (n = \(n))."
            case .text:
                return locale == "en"
                    ? "\(title): \(n) written \(n == 1 ? "answer" : "answers")."
                    : "\(title): \(n) geschreven \(n == 1 ? "antwoord" : "antwoorden")."
            }
        }
        guard let nl = text("nl"), let en = text("en") else { return nil }
        return Finding(Self.findingID("results", question), .info, nl: nl, en: en)
    }

    /// The two most chosen options are within each other's margin: the poll shows no clear preference.
    /// Uses the 95 % margin of the difference between two shares of one sample,
    /// `1.96 · √((p1 + p2 − (p1 − p2)²) / n)`.
    func noClearPreference(_ question: PollQuestion) -> Finding? {
        let ranked = shares(question)
        guard ranked.count >= 2, ranked[0].share > 0 else { return nil }
        let (p1, p2, n) = (ranked[0].share, ranked[1].share, ranked[0].n)
        let margin = Statistics.z95 * ((p1 + p2 - (p1 - p2) * (p1 - p2)) / Double(n)).squareRoot()
        guard p1 - p2 <= margin else { return nil }
        func label(_ option: String, _ locale: String) -> String {
            question.options?.first { $0.id == option }?.label.text(for: locale) ?? option
        }
        let (a, b) = (ranked[0].option, ranked[1].option)
        return Finding(
            Self.findingID("no-clear-preference", question), .info,
            nl:
                "Bij \u{201C}\(question.text.text(for: "nl"))\u{201D} is het verschil tussen \(label(a, "nl")) (\(Format.percent(p1))) en \(label(b, "nl")) (\(Format.percent(p2))) kleiner dan de foutmarge (n = \(n)).",
            en:
                "For \u{201C}\(question.text.text(for: "en"))\u{201D} the difference between \(label(a, "en")) (\(Format.percent(p1))) and \(label(b, "en")) (\(Format.percent(p2))) is within the margin of error (n = \(n)).",
            recommendation: .init(
                nl: "Presenteer dit niet als een duidelijke voorkeur; zoek meer respondenten of weeg andere inbreng mee.",
                en: "Do not present this as a clear preference; seek more respondents or weigh other input as well."))
    }
}
