import Foundation
import StipParticipation

/// Turns a form description into the view `Templates/form.mustache` renders: every input has a label,
/// questions with several inputs are fieldsets with a legend, hints and errors are tied to their inputs with
/// `aria-describedby`.
struct FormRenderer {
    let texts: PublicTexts

    struct FormView {
        struct Summary {
            struct Item {
                let target: String
                /// The question and what is wrong, in one sentence a screen reader reads well.
                let text: String
            }
            let heading: String
            let items: [Item]
        }
        struct Code {
            let label: String
            let marker: String
            let hint: String
            let error: String?
            let value: String
            let describedBy: String
            let invalid: Bool
        }
        let title: String
        let intro: String?
        let closes: String?
        let closesOn: String
        /// A notice above the form (the municipality's pages are closed for now).
        let notice: String?
        let errorSummary: Summary?
        let action: String
        let token: String
        let code: Code?
        let fields: [FieldView]
        let privacyNotice: String
        let submitLabel: String
        let backHref: String
        let backLabel: String
    }

    struct FieldView {
        struct Choice {
            let id: String
            let name: String
            let value: String
            let label: String
            let inputType: String
            let checked: Bool
            let required: Bool
        }
        struct Rank {
            struct Place {
                let value: String
                let label: String
                let selected: Bool
            }
            let id: String
            let name: String
            let label: String
            let chooseOne: String
            let places: [Place]
        }
        let id: String
        let name: String
        let label: String
        let marker: String
        let hint: String?
        let rankHelp: String?
        let error: String?
        let describedBy: String?
        let invalid: Bool
        let isGroup: Bool
        let choices: [Choice]
        let ranks: [Rank]
        let isTextarea: Bool
        let inputType: String
        let value: String
        let maxLength: Int?
        let min: String?
        let max: String?
        let required: Bool
    }

    /// The form page's view.
    func view(
        _ form: PublicForm, closes: String?, action: String, token: String, askCode: Bool, entered: [String: [String]],
        errors: [String: String], codeError: String?, notice: String? = nil, back: LinkView
    ) -> FormView {
        var summary: [FormView.Summary.Item] = []
        if let codeError { summary.append(.init(target: "stip-code", text: Self.sentence(texts.code, codeError))) }
        for field in form.fields {
            if let message = errors[field.id] {
                summary.append(.init(target: firstInputID(field), text: Self.sentence(field.label, message)))
            }
        }
        let code =
            askCode
            ? FormView.Code(
                label: texts.code, marker: texts.required, hint: texts.codeHelp, error: codeError, value: entered["stip-code"]?.first ?? "",
                describedBy: codeError == nil ? "stip-code-hint" : "stip-code-hint stip-code-error", invalid: codeError != nil) : nil
        return FormView(
            title: form.title, intro: form.intro, closes: closes, closesOn: texts.closesOn, notice: notice,
            errorSummary: summary.isEmpty ? nil : .init(heading: texts.errorSummary, items: summary), action: action, token: token,
            code: code, fields: form.fields.map { view($0, entered: entered, error: errors[$0.id]) }, privacyNotice: texts.privacyNotice,
            submitLabel: form.submitLabel, backHref: back.href, backLabel: back.label)
    }

    /// "Welke variant? Kies er één." rather than "Welke variant?: Kies er één.": a question keeps its own mark.
    static func sentence(_ label: String, _ message: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return message }
        return "?!.:".contains(last) ? "\(trimmed) \(message)" : "\(trimmed): \(message)"
    }

    func firstInputID(_ field: PublicForm.Field) -> String {
        let id = "f-" + HTML.token(field.id)
        switch field.type {
        case "single_choice", "multiple_choice", "ranking": return "\(id)-\(HTML.token(field.options[0].id))"
        case "scale": return "\(id)-\(Int(field.min ?? 1))"
        default: return id
        }
    }

    private func view(_ field: PublicForm.Field, entered: [String: [String]], error: String?) -> FieldView {
        let id = "f-" + HTML.token(field.id)
        var describedBy: [String] = []
        if field.help != nil { describedBy.append("\(id)-hint") }
        if field.type == "ranking" { describedBy.append("\(id)-rank") }
        if error != nil { describedBy.append("\(id)-error") }
        let values = entered[field.id] ?? []
        var choices: [FieldView.Choice] = []
        var ranks: [FieldView.Rank] = []
        switch field.type {
        case "single_choice", "multiple_choice", "scale":
            let inputType = field.type == "multiple_choice" ? "checkbox" : "radio"
            let low = Int(field.min ?? 1)
            let high = max(low, Int(field.max ?? 5))
            // The words at a scale's ends belong to its first and last choice, so a screen reader says
            // "1, zeer onveilig" rather than a bare "1".
            let options: [PublicForm.Option] =
                field.type == "scale"
                ? Array(low...high).map { value in
                    let words = value == low ? field.minLabel : value == high ? field.maxLabel : nil
                    return PublicForm.Option(id: String(value), label: words.map { "\(value) – \($0)" } ?? String(value))
                } : field.options
            choices = options.map { option in
                .init(
                    id: "\(id)-\(HTML.token(option.id))", name: field.id, value: option.id, label: option.label, inputType: inputType,
                    checked: values.contains(option.id), required: inputType == "radio" && field.required)
            }
        case "ranking":
            ranks = field.options.map { option in
                let name = "\(field.id)\(FormSubmission.rankSeparator)\(option.id)"
                let chosen = entered[name]?.first ?? ""
                return .init(
                    id: "\(id)-\(HTML.token(option.id))", name: name, label: option.label, chooseOne: texts.chooseOne,
                    places: (1...field.options.count).map {
                        .init(value: String($0), label: "\(texts.rankPlace) \($0)", selected: chosen == String($0))
                    })
            }
        default:
            break
        }
        let isGroup = ["single_choice", "multiple_choice", "scale", "ranking"].contains(field.type)
        return FieldView(
            id: id, name: field.id, label: field.label, marker: field.required ? texts.required : texts.optional, hint: field.help,
            rankHelp: field.type == "ranking" ? texts.rankHelp : nil, error: error,
            describedBy: describedBy.isEmpty ? nil : describedBy.joined(separator: " "), invalid: error != nil, isGroup: isGroup,
            choices: choices, ranks: ranks,
            isTextarea: field.type == "textarea" || (field.type == "text" && (field.maxLength ?? 0) > 200),
            inputType: field.type == "email" ? "email" : field.type == "number" ? "number" : "text", value: values.first ?? "",
            maxLength: field.maxLength, min: field.min.map(FormSubmission.format), max: field.max.map(FormSubmission.format),
            required: field.required)
    }
}
