public import StipJSON

/// A plugin's form description (protocol §8.4), read defensively: plugins are other people's code.
public struct PublicForm: Sendable {
    /// One choice of a choice or ranking question.
    public struct Option: Sendable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    /// One question.
    public struct Field: Sendable {
        public var id: String
        /// One of ``PublicForm/types``.
        public var type: String
        public var label: String
        public var help: String?
        public var required: Bool
        public var options: [Option]
        public var min: Double?
        public var max: Double?
        public var minLabel: String?
        public var maxLabel: String?
        public var maxLength: Int?
        /// Where the answer goes in the submission (a JSON Pointer; `/id` by default).
        public let pointer: String
        /// `pointer`'s member names, read once with the form rather than at every answer.
        public let pointerTokens: [String]

        /// The member names of a pointer to where an answer goes (an escape that is not one is taken as written).
        static func memberTokens(of pointer: String) -> [String] {
            pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
                JSONPointer.unescape(token) ?? String(token)
            }
        }
    }

    public var title: String
    public var intro: String?
    public var submitLabel: String
    public var fields: [Field]

    /// The question types the host renders.
    public static let types: Set<String> = ["text", "textarea", "email", "number", "scale", "single_choice", "multiple_choice", "ranking"]

    /// Reads the description; `nil` when it is not one (the page then says the form is unavailable).
    public init?(_ value: JSONValue) {
        let form = value["form"] ?? value
        guard let title = form["title"]?.stringValue, let submit = form["submit_label"]?.stringValue else { return nil }
        var fields: [Field] = []
        var seen: Set<String> = []
        for item in form["fields"]?.elements ?? [] {
            guard let id = item["id"]?.stringValue, !id.isEmpty, seen.insert(id).inserted,
                let type = item["type"]?.stringValue, Self.types.contains(type), let label = item["label"]?.stringValue
            else { return nil }
            let options = (item["options"]?.elements ?? []).compactMap { option -> Option? in
                guard let id = option["id"]?.stringValue, let label = option["label"]?.stringValue else { return nil }
                return Option(id: id, label: label)
            }
            if ["single_choice", "multiple_choice", "ranking"].contains(type) && options.isEmpty { return nil }
            let pointer = item["pointer"]?.stringValue ?? "/\(id)"
            fields.append(
                Field(
                    id: id, type: type, label: label, help: item["help"]?.stringValue, required: item["required"] == .bool(true),
                    options: options, min: item["min"].flatMap(Self.number), max: item["max"].flatMap(Self.number),
                    minLabel: item["min_label"]?.stringValue, maxLabel: item["max_label"]?.stringValue,
                    maxLength: item["max_length"]?.intValue.map(Int.init), pointer: pointer, pointerTokens: Field.memberTokens(of: pointer))
            )
        }
        guard !fields.isEmpty else { return nil }
        self.title = title
        self.intro = form["intro"]?.stringValue
        self.submitLabel = submit
        self.fields = fields
    }

    /// The field whose answer holds `pointer` (a plugin's error points at the answer or inside it).
    public func field(at pointer: String) -> Field? {
        fields.first { pointer == $0.pointer || pointer.hasPrefix($0.pointer + "/") }
    }

    static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }
}
