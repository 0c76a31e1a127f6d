public import MethodSupport
import StipPluginKit

/// One question of a poll. Its `type` decides which other fields it has:
/// `single_choice` (options), `multiple_choice` (options, min_selections, max_selections),
/// `scale` (min, max, min_label, max_label), `ranking` (options) and `text` (max_length).
public struct PollQuestion: Encodable, Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case singleChoice = "single_choice"
        case multipleChoice = "multiple_choice"
        case scale, ranking, text
    }

    /// A choice: a stable id (what the answer holds) and its label.
    public struct Option: Encodable, Sendable, Equatable {
        public var id: String
        public var label: BilingualLabel

        public init(id: String, label: BilingualLabel) {
            self.id = id
            self.label = label
        }
    }

    public var id: String
    public var type: Kind
    public var text: BilingualLabel
    /// False (the default): the question must be answered.
    public var optional: Bool
    public var help: BilingualLabel?
    public var options: [Option]?
    public var minSelections: Int?
    public var maxSelections: Int?
    public var min: Int?
    public var max: Int?
    public var minLabel: BilingualLabel?
    public var maxLabel: BilingualLabel?
    public var maxLength: Int?

    public init(id: String, type: Kind, text: BilingualLabel, optional: Bool = false, help: BilingualLabel? = nil) {
        self.id = id
        self.type = type
        self.text = text
        self.optional = optional
        self.help = help
    }

    static let commonFields = ["id", "type", "text", "optional", "help"]
    /// The fields of each type besides the common ones.
    public static let typeFields: [Kind: [String]] = [
        .singleChoice: ["options"],
        .multipleChoice: ["options", "min_selections", "max_selections"],
        .scale: ["min", "max", "min_label", "max_label"],
        .ranking: ["options"],
        .text: ["max_length"],
    ]
    public static let defaultMaxLength = 2000
    static let maxTextLength = 10_000
    static let scaleBounds = -100...100
    static let maxScalePoints = 11

    /// The option ids, in the config's order.
    public var optionIDs: [String] { options?.map(\.id) ?? [] }

    enum CodingKeys: String, CodingKey {
        case id, type, text, optional, help, options, min, max
        case minSelections = "min_selections"
        case maxSelections = "max_selections"
        case minLabel = "min_label"
        case maxLabel = "max_label"
        case maxLength = "max_length"
    }

    static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> PollQuestion? {
        guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
        let id = object.identifier("id", required: true)
        let type = object.choice(Kind.self, "type", required: true)
        if let type {
            for key in object.members.keys.sorted() where !(commonFields + typeFields[type]!).contains(key) {
                let owners = Kind.allCases.filter { typeFields[$0]!.contains(key) }.map(\.rawValue)
                if !owners.isEmpty {
                    problems.add(object.at(key), "is not used by \(type.rawValue) questions, only by \(englishList(owners)) questions")
                }
            }
            object.rejectUnknownKeys(commonFields + typeFields[type]!, context: "for \(type.rawValue) questions")
        } else {
            object.rejectUnknownKeys(commonFields + Kind.allCases.flatMap { typeFields[$0]! }.uniqued())
        }
        let text = object.bilingual("text", required: true, maxLength: 500)
        let optional = object.bool("optional") ?? false
        let help = object.bilingual("help", required: false, maxLength: 1000)
        guard let id, let type, let text else { return nil }
        var question = PollQuestion(id: id, type: type, text: text, optional: optional, help: help)
        let complete: Bool
        switch type {
        case .singleChoice:
            question.options = readOptions(object, count: 2...50)
            complete = question.options != nil
        case .multipleChoice:
            question.options = readOptions(object, count: 2...50)
            complete = question.options != nil && question.readSelections(object)
        case .ranking:
            question.options = readOptions(object, count: 2...20)
            complete = question.options != nil
        case .scale:
            complete = question.readScale(object)
        case .text:
            question.maxLength = object.int("max_length", required: false, in: 1...maxTextLength) ?? defaultMaxLength
            complete = !object.problems.has(object.at("max_length"))
        }
        return complete ? question : nil
    }

    static func readOptions(_ object: ObjectReader, count: ClosedRange<Int>) -> [Option]? {
        guard let items = object.list("options", required: true, count: count) else { return nil }
        let options = items.map { item -> Option? in
            guard let option = ObjectReader(item.value, at: item.pointer, problems: object.problems) else { return nil }
            option.rejectUnknownKeys(["id", "label"])
            let id = option.identifier("id", required: true)
            let label = option.bilingual("label", required: true, maxLength: 300)
            guard let id, let label else { return nil }
            return Option(id: id, label: label)
        }
        for (index, first) in repeats(rawMembers("id", of: items)) {
            object.problems.add(
                object.at("options").appending(index).appending("id"),
                "duplicate option id: \(object.at("options").appending(first)) has it too")
        }
        return allPresent(options)
    }

    /// `min_selections` (default 1) and `max_selections` (default: all options).
    mutating func readSelections(_ object: ObjectReader) -> Bool {
        let count = options?.count ?? 0
        let minimum = object.int("min_selections", required: false, in: 0...count)
        let maximum = object.int("max_selections", required: false, in: 1...count)
        if object.problems.has(object.at("min_selections")) || object.problems.has(object.at("max_selections")) { return false }
        minSelections = minimum ?? 1
        maxSelections = maximum ?? count
        if minSelections! > maxSelections! {
            object.problems.add(
                object.at(maximum != nil ? "max_selections" : "min_selections"),
                maximum != nil
                    ? "must be at least min_selections (\(minSelections!))" : "must be at most max_selections (\(maxSelections!))")
            return false
        }
        return true
    }

    /// `min` (default 1) and `max` (default 5), at most 11 points, with optional end labels.
    mutating func readScale(_ object: ObjectReader) -> Bool {
        let low = object.int("min", required: false, in: Self.scaleBounds)
        let high = object.int("max", required: false, in: Self.scaleBounds)
        minLabel = object.bilingual("min_label", required: false, maxLength: 100)
        maxLabel = object.bilingual("max_label", required: false, maxLength: 100)
        if object.problems.has(object.at("min")) || object.problems.has(object.at("max")) { return false }
        min = low ?? 1
        max = high ?? 5
        if max! <= min! {
            object.problems.add(
                object.at(high != nil ? "max" : "min"),
                high != nil ? "must be greater than min (\(min!))" : "must be less than max (\(max!))")
            return false
        }
        if max! - min! + 1 > Self.maxScalePoints {
            object.problems.add(
                object.at(high != nil ? "max" : "min"),
                "a scale has at most \(Self.maxScalePoints) points: max must be at most min + \(Self.maxScalePoints - 1) (\(min! + Self.maxScalePoints - 1))"
            )
            return false
        }
        return !object.problems.has(object.at("min_label")) && !object.problems.has(object.at("max_label"))
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, in their first order.
    func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
