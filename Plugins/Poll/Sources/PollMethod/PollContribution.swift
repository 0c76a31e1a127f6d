import Foundation
public import MethodSupport
public import StipPluginKit

/// One response to a poll: the answers by question id, and optionally the respondent's profile.
public struct PollContribution: JSONModel, Equatable {
    /// An answer as JSON has it: text (a text answer or a single choice's option id), a whole
    /// number (a scale), or a list of option ids (multiple choice; ranking, most preferred first).
    public enum Answer: Sendable, Equatable, Encodable {
        case text(String)
        case number(Int)
        case list([String])

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .list(let items): try container.encode(items)
            }
        }
    }

    /// Who answered, as far as they said: each part optional.
    public struct Profile: Encodable, Sendable, Equatable {
        public var ageBand: AgeBand?
        public var area: String?
        public var role: ParticipantRole?

        public init(ageBand: AgeBand? = nil, area: String? = nil, role: ParticipantRole? = nil) {
            self.ageBand = ageBand
            self.area = area
            self.role = role
        }

        enum CodingKeys: String, CodingKey {
            case area, role
            case ageBand = "age_band"
        }
    }

    public var answers: [String: Answer]
    public var profile: Profile?

    public init(answers: [String: Answer], profile: Profile? = nil) {
        self.answers = answers
        self.profile = profile
    }

    public static func read(_ value: JSONValue, problems: FieldProblems) -> PollContribution? {
        read(value, against: nil, problems: problems)
    }

    /// Reads a response and, given the poll's config, checks every answer against its question:
    /// unknown questions and options, required questions left out, out of range, too long, and
    /// rankings that are not a complete order. Empty answers count as not given.
    public static func read(_ value: JSONValue, against config: PollConfig?, problems: FieldProblems) -> PollContribution? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        object.rejectUnknownKeys(["answers", "profile"])
        var answers: [String: Answer] = [:]
        if let given = object.object("answers", required: true) {
            var present: Set<String> = []  // answered, rightly or wrongly
            for key in given.members.keys.sorted() {
                guard let value = given[key], !isEmptyAnswer(value) else { continue }
                present.insert(key)
                guard let answer = readAnswer(value, at: given.at(key), problems) else { continue }
                if let config {
                    guard let question = config.question(key) else {
                        let ids = config.questions.map(\.id)
                        let hint = closestName(to: key, among: ids).map { " (did you mean \($0)?)" } ?? ""
                        problems.add(given.at(key), "unknown question\(hint); the questions are \(englishList(ids))")
                        continue
                    }
                    if let checked = check(answer, for: question, at: given.at(key), problems) { answers[key] = checked }
                } else {
                    answers[key] = answer
                }
            }
            // A question answered wrongly has its own problem; only unanswered ones are "required".
            for question in config?.questions ?? [] where !question.optional && !present.contains(question.id) {
                problems.add(given.at(question.id), "is required")
            }
        }
        let profile = object.object("profile", required: false).flatMap { readProfile($0, config: config) }
        return PollContribution(answers: answers, profile: profile)
    }

    /// Empty text and empty lists are unanswered questions (the host leaves empty optional fields out too).
    static func isEmptyAnswer(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let text): text.trimmedText.isEmpty
        case .array(let items): items.isEmpty
        default: false
        }
    }

    /// The shape of an answer, before its question is known. Nil for an empty answer.
    static func readAnswer(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> Answer? {
        switch value {
        case .string(let text):
            let trimmed = text.trimmedText
            return trimmed.isEmpty ? nil : .text(trimmed)
        case .int, .double:
            return Read.int(value, at: pointer, problems, in: Int.min...Int.max).map { .number($0) }
        case .array(let items):
            var ids: [String] = []
            for (index, item) in items.enumerated() {
                if let id = Read.text(item, at: pointer.appending(index), problems, maxLength: 63) { ids.append(id) }
            }
            return ids.count == items.count && !ids.isEmpty ? .list(ids) : nil
        default:
            problems.add(pointer, "must be text, a whole number or a list of option ids (it is \(value.kindDescription))")
            return nil
        }
    }

    /// Checks an answer against its question and gives its canonical form.
    static func check(_ answer: Answer, for question: PollQuestion, at pointer: JSONPointer, _ problems: FieldProblems) -> Answer? {
        let options = question.optionIDs
        // Only for messages: built when one is needed, not for every valid answer.
        var optionList: String { englishList(options, conjunction: "or") }
        switch (question.type, answer) {
        case (.singleChoice, .text(let id)):
            guard options.contains(id) else {
                problems.add(pointer, "must be one of the options \(optionList), not \"\(id)\"")
                return nil
            }
            return answer
        case (.multipleChoice, .list(let ids)):
            return checkSelection(ids, for: question, at: pointer, problems)
        case (.multipleChoice, .text(let id)):  // one option, written as text
            return checkSelection([id], for: question, at: pointer, problems)
        case (.scale, .number(let number)):
            let low = question.min ?? 1
            let high = question.max ?? 5
            guard number >= low && number <= high else {
                problems.add(pointer, "must be from \(low) to \(high) (it is \(number))")
                return nil
            }
            return answer
        case (.ranking, .list(let ids)):
            return checkRanking(ids, options: options, at: pointer, problems)
        case (.text, .text(let text)):
            let limit = question.maxLength ?? PollQuestion.defaultMaxLength
            guard text.count <= limit else {
                problems.add(pointer, "must be at most \(limit) characters (it has \(text.count))")
                return nil
            }
            return answer
        case (.text, .number(let number)):
            return .text(String(number))
        default:
            problems.add(pointer, expectation(for: question))
            return nil
        }
    }

    static func expectation(for question: PollQuestion) -> String {
        switch question.type {
        case .singleChoice: "must be the id of one option: \(englishList(question.optionIDs, conjunction: "or"))"
        case .multipleChoice: "must be a list of option ids from \(englishList(question.optionIDs))"
        case .scale: "must be a whole number from \(question.min ?? 1) to \(question.max ?? 5)"
        case .ranking: "must be a list of all option ids (\(englishList(question.optionIDs))), most preferred first"
        case .text: "must be text"
        }
    }

    /// Known option ids, each once, between min_selections and max_selections of them; in the config's order.
    static func checkSelection(_ ids: [String], for question: PollQuestion, at pointer: JSONPointer, _ problems: FieldProblems) -> Answer? {
        let options = question.optionIDs
        var valid = true
        for (index, id) in ids.enumerated() {
            if !options.contains(id) {
                problems.add(pointer.appending(index), "unknown option \"\(id)\"; the options are \(englishList(options))")
                valid = false
            } else if ids[..<index].contains(id) {
                problems.add(pointer.appending(index), "\(id) is chosen twice")
                valid = false
            }
        }
        let low = question.minSelections ?? 1
        let high = question.maxSelections ?? options.count
        if valid && (ids.count < low || ids.count > high) {
            let wanted = low == high ? "exactly \(low)" : "from \(low) to \(high)"
            problems.add(pointer, "choose \(wanted) options (\(ids.count) chosen)")
            valid = false
        }
        return valid ? .list(options.filter(ids.contains)) : nil
    }

    /// A ranking must order every option exactly once.
    static func checkRanking(_ ids: [String], options: [String], at pointer: JSONPointer, _ problems: FieldProblems) -> Answer? {
        var valid = true
        for (index, id) in ids.enumerated() {
            if !options.contains(id) {
                problems.add(pointer.appending(index), "unknown option \"\(id)\"; the options are \(englishList(options))")
                valid = false
            } else if ids[..<index].contains(id) {
                problems.add(pointer.appending(index), "\(id) is ranked twice; rank every option once")
                valid = false
            }
        }
        let missing = options.filter { !ids.contains($0) }
        if valid && !missing.isEmpty {
            problems.add(pointer, "must rank every option once; missing \(englishList(missing))")
            valid = false
        }
        return valid ? .list(ids) : nil
    }

    /// `age_band`, `area` and `role`, each only when the poll asks it. An empty profile is left out.
    static func readProfile(_ object: ObjectReader, config: PollConfig?) -> Profile? {
        let asked = config?.profileQuestions ?? PollConfig.ProfileQuestion.allCases
        object.rejectUnknownKeys(PollConfig.ProfileQuestion.allCases.map(\.rawValue))
        for question in PollConfig.ProfileQuestion.allCases where !asked.contains(question) && object[question.rawValue] != nil {
            object.problems.add(object.at(question.rawValue), "is not asked in this poll; leave it out")
        }
        var profile = Profile()
        profile.ageBand = object.choice(AgeBand.self, "age_band", required: false)
        profile.role = object.choice(ParticipantRole.self, "role", required: false)
        profile.area = object.optional("area") { CBSAreaCode.read($0, at: $1, object.problems) }
        if let area = profile.area, let areas = config?.areas, !areas.contains(where: { $0.code == area }) {
            object.problems.add(object.at("area"), "must be one of the poll's areas: \(englishList(areas.map(\.code), conjunction: "or"))")
        }
        return profile == Profile() ? nil : profile
    }

    enum CodingKeys: String, CodingKey {
        case answers, profile
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(answers, forKey: .answers)
        try container.encodeIfPresent(profile, forKey: .profile)
    }
}
