import Foundation
import MethodSupport
import StipPluginKit

/// Everything the poll's figures are computed from, as counts: how many responses, per day, how each question
/// was answered. Counts add up, so they are also the poll's evaluation `state` (protocol §8.6): the host streams
/// only the responses since the last cycle and the poll adds them to the counts it gave back then.
public struct PollCounts: Codable, Sendable, Equatable {
    /// Responses counted.
    public var responses = 0
    /// Responses by the UTC day they were submitted (`YYYY-MM-DD`).
    public var perDay: [String: Int] = [:]
    /// Optional questions answered, summed over the responses.
    public var optionalAnswered = 0
    /// Responses that answered each question, by question id.
    public var answered: [String: Int] = [:]
    /// Per choice question: how often each option was chosen.
    public var choices: [String: [String: Int]] = [:]
    /// Per scale question: how often each point was given (the point written as text, a JSON key).
    public var scales: [String: [String: Int]] = [:]
    /// Per ranking question: each option's Borda points.
    public var borda: [String: [String: Int]] = [:]

    public init() {}

    enum CodingKeys: String, CodingKey {
        case responses, choices, scales, borda, answered
        case perDay = "per_day"
        case optionalAnswered = "optional_answered"
    }

    /// Counts one response in.
    public mutating func add(_ response: PollContribution, createdAt: String?, config: PollConfig) {
        responses += 1
        if let day = createdAt.flatMap(LocalDate.init(timestampPrefixOf:))?.description { perDay[day, default: 0] += 1 }
        for question in config.questions {
            guard let answer = response.answers[question.id] else { continue }
            answered[question.id, default: 0] += 1
            if question.optional { optionalAnswered += 1 }
            switch (question.type, answer) {
            case (.singleChoice, .text(let option)):
                choices[question.id, default: [:]][option, default: 0] += 1
            case (.multipleChoice, .list(let options)):
                for option in options { choices[question.id, default: [:]][option, default: 0] += 1 }
            case (.scale, .number(let point)):
                scales[question.id, default: [:]][String(point), default: 0] += 1
            case (.ranking, .list(let ranking)):
                let k = question.optionIDs.count
                for (place, option) in ranking.enumerated() { borda[question.id, default: [:]][option, default: 0] += k - 1 - place }
            default:
                break
            }
        }
    }
}

/// The poll's evaluation as it is streamed: counts, never the responses themselves, so a million responses take
/// the memory of one set of counts.
struct PollTally: EvaluationTally {
    let config: PollConfig
    var counts: PollCounts
    var unreadable = 0

    mutating func add(_ item: EvaluationItem<Parsed<PollContribution>>) {
        guard let response = item.contribution.model else {
            unreadable += 1
            return
        }
        counts.add(response, createdAt: item.createdAt, config: config)
    }

    func outcome() throws -> EvaluationOutcome {
        if unreadable > 0 { pluginLog(PollManifest.id, "skipped \(unreadable) unreadable contribution(s)") }
        let evaluation = PollEvaluation(config: config, counts: counts)
        return EvaluationOutcome(
            metrics: evaluation.metrics, findings: evaluation.findings.map(\.json), state: try JSONValue(encoding: counts))
    }
}
