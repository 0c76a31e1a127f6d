import MethodSupport
import StipPluginKit

/// The resident form of a poll (protocol §8.4): data the host renders, in Dutch or English.
/// Texts without an English version are shown in Dutch; unknown locales get Dutch.
enum PollForm {
    /// Text questions longer than this become a `textarea`.
    static let singleLineLimit = 200

    static func form(_ config: PollConfig, locale: String) -> JSONValue {
        let en = locale == "en"
        var fields = config.questions.map { field($0, locale: locale) }
        for question in config.profileQuestions { fields.append(profileField(question, config: config, locale: locale)) }
        return .object([
            "title": .string(config.title?.text(for: locale) ?? (en ? "Poll" : "Peiling")),
            "intro": .string(intro(config, locale: locale)),
            "submit_label": .string(en ? "Send" : "Versturen"),
            "fields": .array(fields),
        ])
    }

    static func intro(_ config: PollConfig, locale: String) -> String {
        let en = locale == "en"
        var parts: [String] = []
        if let intro = config.intro { parts.append(intro.text(for: locale)) }
        // The period is not repeated here: the host states it above every form, in the page's own words.
        if !config.profileQuestions.isEmpty {
            parts.append(
                en
                    ? "The questions about yourself at the end are optional. They help us see whether every group takes part."
                    : "De vragen over uzelf aan het eind zijn niet verplicht. Ze helpen ons te zien of alle groepen meedoen.")
        }
        return parts.joined(separator: " ")
    }

    static func field(_ question: PollQuestion, locale: String) -> JSONValue {
        let en = locale == "en"
        var field: [String: JSONValue] = [
            "id": .string(question.id),
            "label": .string(question.text.text(for: locale)),
            "required": .bool(!question.optional),
            "pointer": .string(JSONPointer.root.appending("answers").appending(question.id).description),
        ]
        var help = question.help.map { [$0.text(for: locale)] } ?? []
        let options = JSONValue.array(
            (question.options ?? []).map { .object(["id": .string($0.id), "label": .string($0.label.text(for: locale))]) })
        switch question.type {
        case .singleChoice:
            field["type"] = .string("single_choice")
            field["options"] = options
        case .multipleChoice:
            field["type"] = .string("multiple_choice")
            field["options"] = options
            // How many may be chosen, so the host can say so in the resident's language before asking us.
            field["min"] = .int(Int64(max(question.minSelections ?? 1, question.optional ? 0 : 1)))
            field["max"] = .int(Int64(question.maxSelections ?? question.optionIDs.count))
            help.append(selectionHint(question, en: en))
        case .ranking:
            field["type"] = .string("ranking")
            field["options"] = options
        // How to rank depends on the control the host draws (a place per option), so the host says it.
        case .scale:
            field["type"] = .string("scale")
            field["min"] = .int(Int64(question.min ?? 1))
            field["max"] = .int(Int64(question.max ?? 5))
            if let label = question.minLabel { field["min_label"] = .string(label.text(for: locale)) }
            if let label = question.maxLabel { field["max_label"] = .string(label.text(for: locale)) }
        case .text:
            let limit = question.maxLength ?? PollQuestion.defaultMaxLength
            field["type"] = .string(limit > singleLineLimit ? "textarea" : "text")
            field["max_length"] = .int(Int64(limit))
        }
        if !help.isEmpty { field["help"] = .string(help.joined(separator: " ")) }
        return .object(field)
    }

    static func selectionHint(_ question: PollQuestion, en: Bool) -> String {
        let low = question.minSelections ?? 1
        let high = question.maxSelections ?? question.optionIDs.count
        if high == question.optionIDs.count && low <= 1 { return en ? "Choose as many as you like." : "Kies er zoveel als u wilt." }
        if low == high { return en ? "Choose \(low)." : "Kies er \(low)." }
        return en ? "Choose \(max(low, 1)) to \(high)." : "Kies er \(max(low, 1)) tot en met \(high)."
    }

    static func profileField(_ question: PollConfig.ProfileQuestion, config: PollConfig, locale: String) -> JSONValue {
        let en = locale == "en"
        var field: [String: JSONValue] = [
            "id": .string(question.fieldID), "required": .bool(false),
            "pointer": .string(JSONPointer.root.appending("profile").appending(question.rawValue).description),
        ]
        func choices(_ options: [(String, String)]) {
            field["type"] = .string("single_choice")
            field["options"] = .array(options.map { .object(["id": .string($0.0), "label": .string($0.1)]) })
        }
        switch question {
        case .ageBand:
            field["label"] = .string(en ? "How old are you?" : "Wat is uw leeftijd?")
            choices(AgeBand.allCases.map { ($0.rawValue, $0.label(for: locale)) })
        case .role:
            field["label"] = .string(en ? "What brings you here?" : "Wat is uw band met dit gebied?")
            choices(ParticipantRole.allCases.map { ($0.rawValue, $0.label(for: locale)) })
        case .area:
            field["label"] = .string(en ? "Which neighbourhood do you live in?" : "In welke buurt woont u?")
            if let areas = config.areas {
                choices(areas.map { ($0.code, $0.label.text(for: locale)) })
            } else {
                field["type"] = .string("text")
                field["max_length"] = .int(10)
                field["help"] = .string(
                    en
                        ? "The CBS code of your neighbourhood, for example BU03440110."
                        : "De CBS-code van uw buurt, bijvoorbeeld BU03440110.")
            }
        }
        return .object(field)
    }
}
