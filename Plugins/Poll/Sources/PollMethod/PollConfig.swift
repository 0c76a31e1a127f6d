public import MethodSupport
public import StipPluginKit

/// The configuration of an online poll (online peiling).
public struct PollConfig: JSONModel, Equatable {
    /// How the host keeps residents to one response: per browser, or per personal code.
    public enum ResponseLimit: String, Sendable, CaseIterable, Encodable {
        case browser, code
    }

    /// Questions about the respondent, always optional for the resident, for representativeness.
    public enum ProfileQuestion: String, Sendable, CaseIterable, Encodable {
        case ageBand = "age_band"
        case area, role

        /// The id of its form field, which no question may take.
        public var fieldID: String { "profile_\(rawValue)" }
    }

    /// A neighbourhood or district residents can choose as theirs (with the `area` profile question).
    public struct Area: Encodable, Sendable, Equatable {
        public var code: String
        public var label: BilingualLabel

        public init(code: String, label: BilingualLabel) {
            self.code = code
            self.label = label
        }
    }

    public var title: BilingualLabel?
    public var intro: BilingualLabel?
    /// Local times in the workspace's time zone; `closes` is after `opens`.
    public var opens: LocalDateTime
    public var closes: LocalDateTime
    public var oneResponsePer: ResponseLimit
    public var questions: [PollQuestion]
    public var profileQuestions: [ProfileQuestion]
    public var areas: [Area]?

    public init(
        title: BilingualLabel? = nil, intro: BilingualLabel? = nil, opens: LocalDateTime, closes: LocalDateTime,
        oneResponsePer: ResponseLimit = .browser, questions: [PollQuestion], profileQuestions: [ProfileQuestion] = [], areas: [Area]? = nil
    ) {
        self.title = title
        self.intro = intro
        self.opens = opens
        self.closes = closes
        self.oneResponsePer = oneResponsePer
        self.questions = questions
        self.profileQuestions = profileQuestions
        self.areas = areas
    }

    /// The question with this id.
    public func question(_ id: String) -> PollQuestion? {
        questions.first { $0.id == id }
    }

    enum CodingKeys: String, CodingKey {
        case title, intro, opens, closes, questions, areas
        case oneResponsePer = "one_response_per"
        case profileQuestions = "profile_questions"
    }

    static let fields = ["title", "intro", "opens", "closes", "one_response_per", "questions", "profile_questions", "areas"]

    public static func read(_ value: JSONValue, problems: FieldProblems) -> PollConfig? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        object.rejectUnknownKeys(fields)
        let title = object.bilingual("title", required: false, maxLength: 200)
        let intro = object.bilingual("intro", required: false, maxLength: 2000)
        let opens = object.dateTime("opens", required: true)
        let closes = object.dateTime("closes", required: true)
        if let opens, let closes, closes <= opens {
            problems.add(object.at("closes"), "must be after opens (\(opens.display))")
        }
        let limit = object.choice(ResponseLimit.self, "one_response_per", required: false) ?? .browser
        let items = object.list("questions", required: true, count: 1...100)
        let questions = items?.map { PollQuestion.read($0.value, at: $0.pointer, problems) }
        let questionPointers = object.at("questions")
        let ids = rawMembers("id", of: items ?? [])
        for (index, first) in repeats(ids) {
            problems.add(
                questionPointers.appending(index).appending("id"), "duplicate question id: \(questionPointers.appending(first)) has it too")
        }
        for (index, id) in ids.enumerated() {
            if let profile = ProfileQuestion.allCases.first(where: { $0.fieldID == id }) {
                problems.add(
                    questionPointers.appending(index).appending("id"),
                    "is reserved for the profile question \(profile.rawValue); choose another id")
            }
        }
        let profile = readProfileQuestions(object)
        let areaItems = object.list("areas", required: false, count: 1...500)
        let areas = areaItems?.map { readArea($0.value, at: $0.pointer, problems) }
        if let areaItems {
            for (index, first) in repeats(rawMembers("code", of: areaItems).map { $0.flatMap(CBSAreaCode.normalised) }) {
                problems.add(
                    object.at("areas").appending(index).appending("code"),
                    "duplicate area: \(object.at("areas").appending(first)) has it too")
            }
            if !(profile ?? []).contains(.area) {
                problems.add(
                    object.at("areas"), "is used only with the profile question area: add area to profile_questions or leave areas out")
            }
        }
        guard let opens, let closes, let questions = questions.flatMap(allPresent) else { return nil }
        return PollConfig(
            title: title, intro: intro, opens: opens, closes: closes, oneResponsePer: limit, questions: questions,
            profileQuestions: profile ?? [], areas: areas.flatMap(allPresent))
    }

    /// A subset of age_band, area and role, each at most once; kept in that order.
    static func readProfileQuestions(_ object: ObjectReader) -> [ProfileQuestion]? {
        guard let items = object.list("profile_questions", required: false, count: 0...ProfileQuestion.allCases.count) else {
            return nil
        }
        let chosen = items.map { Read.choice(ProfileQuestion.self, $0.value, at: $0.pointer, object.problems) }
        for (index, _) in repeats(chosen) {
            object.problems.add(object.at("profile_questions").appending(index), "is listed twice")
        }
        return ProfileQuestion.allCases.filter { chosen.contains($0) }
    }

    static func readArea(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> Area? {
        guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
        object.rejectUnknownKeys(["code", "label"])
        let code = object.required("code") { CBSAreaCode.read($0, at: $1, problems) }
        let label = object.bilingual("label", required: true, maxLength: 200)
        guard let code, let label else { return nil }
        return Area(code: code, label: label)
    }
}
