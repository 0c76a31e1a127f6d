import StipDomain
import StipJSON

/// A plugin's form description (protocol §8.4), read defensively: plugins are other people's code.
struct PublicForm: Sendable {
    struct Option: Sendable {
        var id: String
        var label: String
    }

    struct Field: Sendable {
        var id: String
        var type: String
        var label: String
        var help: String?
        var required: Bool
        var options: [Option]
        var min: Double?
        var max: Double?
        var minLabel: String?
        var maxLabel: String?
        var maxLength: Int?
        var pointer: String
    }

    var title: String
    var intro: String?
    var submitLabel: String
    var fields: [Field]

    static let types: Set<String> = ["text", "textarea", "email", "number", "scale", "single_choice", "multiple_choice", "ranking"]

    /// Reads the description; `nil` when it is not one (the page then says the form is unavailable).
    init?(_ value: JSONValue) {
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
            fields.append(
                Field(
                    id: id, type: type, label: label, help: item["help"]?.stringValue, required: item["required"] == .bool(true),
                    options: options, min: item["min"].flatMap(Self.number), max: item["max"].flatMap(Self.number),
                    minLabel: item["min_label"]?.stringValue, maxLabel: item["max_label"]?.stringValue,
                    maxLength: item["max_length"]?.intValue.map(Int.init), pointer: item["pointer"]?.stringValue ?? "/\(id)"))
        }
        guard !fields.isEmpty else { return nil }
        self.title = title
        self.intro = form["intro"]?.stringValue
        self.submitLabel = submit
        self.fields = fields
    }

    /// The field whose answer holds `pointer` (a plugin's error points at the answer or inside it).
    func field(at pointer: String) -> Field? {
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
