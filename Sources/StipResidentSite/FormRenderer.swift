import StipParticipation

/// Turns a form description into accessible HTML: every input has a label, questions with several inputs are
/// fieldsets with a legend, hints and errors are tied to their inputs with `aria-describedby`.
struct FormRenderer {
    let texts: PublicTexts

    func render(
        _ form: PublicForm, action: String, token: String, askCode: Bool, entered: [String: [String]], errors: [String: String],
        codeError: String?
    ) -> String {
        var html = ""
        let allErrors = form.fields.compactMap { field in errors[field.id].map { (field, $0) } }
        if !allErrors.isEmpty || codeError != nil {
            html +=
                "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" id=\"errors\">\n<h2>\(texts.errorSummary.html)</h2>\n<ul>\n"
            if let codeError { html += "<li><a href=\"#stip-code\">\(texts.code.html): \(codeError.html)</a></li>\n" }
            for (field, message) in allErrors {
                html += "<li><a href=\"#\(firstInputID(field))\">\(field.label.html): \(message.html)</a></li>\n"
            }
            html += "</ul>\n</div>\n"
        }
        html += "<form method=\"post\" action=\"\(action.html)\" accept-charset=\"utf-8\">\n"
        html += "<input type=\"hidden\" name=\"stip-token\" value=\"\(token.html)\">\n"
        if askCode {
            let value = entered["stip-code"]?.first ?? ""
            html +=
                "<div class=\"question\">\n<label class=\"question\" for=\"stip-code\">\(texts.code.html) <span>(\(texts.required.html))</span></label>\n"
            html += "<p class=\"hint\" id=\"stip-code-hint\">\(texts.codeHelp.html)</p>\n"
            if let codeError { html += "<p class=\"error\" id=\"stip-code-error\">\(codeError.html)</p>\n" }
            html +=
                "<input type=\"text\" id=\"stip-code\" name=\"stip-code\" value=\"\(value.html)\" autocomplete=\"off\" autocapitalize=\"characters\" spellcheck=\"false\" required"
            html +=
                " aria-describedby=\"stip-code-hint\(codeError == nil ? "" : " stip-code-error")\"\(codeError == nil ? "" : " aria-invalid=\"true\"")>\n</div>\n"
        }
        for field in form.fields { html += render(field, entered: entered, error: errors[field.id]) }
        html += "<p class=\"hint\">\(texts.privacyNotice.html)</p>\n"
        html += "<button type=\"submit\">\(form.submitLabel.html)</button>\n</form>\n"
        return html
    }

    func firstInputID(_ field: PublicForm.Field) -> String {
        let id = "f-" + HTML.token(field.id)
        switch field.type {
        case "single_choice", "multiple_choice": return "\(id)-\(HTML.token(field.options[0].id))"
        case "scale": return "\(id)-\(Int(field.min ?? 1))"
        case "ranking": return "\(id)-\(HTML.token(field.options[0].id))"
        default: return id
        }
    }

    private func render(_ field: PublicForm.Field, entered: [String: [String]], error: String?) -> String {
        let id = "f-" + HTML.token(field.id)
        let name = field.id.html
        let marker = "<span>(\((field.required ? texts.required : texts.optional).html))</span>"
        var describedBy: [String] = []
        var notes = ""
        if let help = field.help {
            notes += "<p class=\"hint\" id=\"\(id)-hint\">\(help.html)</p>\n"
            describedBy.append("\(id)-hint")
        }
        if field.type == "ranking" {
            notes += "<p class=\"hint\" id=\"\(id)-rank\">\(texts.rankHelp.html)</p>\n"
            describedBy.append("\(id)-rank")
        }
        if let error {
            notes += "<p class=\"error\" id=\"\(id)-error\">\(error.html)</p>\n"
            describedBy.append("\(id)-error")
        }
        let aria =
            (describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy.joined(separator: " "))\"")
            + (error == nil ? "" : " aria-invalid=\"true\"")
        let values = entered[field.id] ?? []
        let required = field.required ? " required" : ""
        switch field.type {
        case "single_choice", "multiple_choice", "scale":
            let inputType = field.type == "multiple_choice" ? "checkbox" : "radio"
            var html = "<fieldset id=\"\(id)\"\(aria)>\n<legend>\(field.label.html) \(marker)</legend>\n\(notes)"
            let options: [PublicForm.Option] =
                field.type == "scale"
                ? Array(Int(field.min ?? 1)...max(Int(field.min ?? 1), Int(field.max ?? 5))).map {
                    PublicForm.Option(id: String($0), label: String($0))
                }
                : field.options
            if field.type == "scale", field.minLabel != nil || field.maxLabel != nil {
                html +=
                    "<p class=\"scale-ends\"><span>\(Int(field.min ?? 1)) = \((field.minLabel ?? "").html)</span> <span>\(Int(field.max ?? 5)) = \((field.maxLabel ?? "").html)</span></p>\n"
            }
            for option in options {
                let optionID = "\(id)-\(HTML.token(option.id))"
                let checked = values.contains(option.id) ? " checked" : ""
                let requiredAttribute = inputType == "radio" ? required : ""
                html +=
                    "<div class=\"choice\"><input type=\"\(inputType)\" id=\"\(optionID)\" name=\"\(name)\" value=\"\(option.id.html)\"\(checked)\(requiredAttribute)>"
                html += "<label for=\"\(optionID)\">\(option.label.html)</label></div>\n"
            }
            return html + "</fieldset>\n"
        case "ranking":
            var html = "<fieldset id=\"\(id)\"\(aria)>\n<legend>\(field.label.html) \(marker)</legend>\n\(notes)"
            for option in field.options {
                let optionID = "\(id)-\(HTML.token(option.id))"
                let selectName = "\(field.id)\(FormSubmission.rankSeparator)\(option.id)"
                let chosen = entered[selectName]?.first ?? ""
                html += "<div class=\"choice\"><label for=\"\(optionID)\">\(option.label.html)</label>"
                html += "<select id=\"\(optionID)\" name=\"\(selectName.html)\"><option value=\"\">\(texts.chooseOne.html)</option>"
                for place in 1...field.options.count {
                    html +=
                        "<option value=\"\(place)\"\(chosen == String(place) ? " selected" : "")>\(texts.rankPlace.html) \(place)</option>"
                }
                html += "</select></div>\n"
            }
            return html + "</fieldset>\n"
        case "textarea", "text", "email", "number":
            var html = "<div class=\"question\">\n<label class=\"question\" for=\"\(id)\">\(field.label.html) \(marker)</label>\n\(notes)"
            let value = (values.first ?? "").html
            let maxLength = field.maxLength.map { " maxlength=\"\($0)\"" } ?? ""
            if field.type == "textarea" || (field.type == "text" && (field.maxLength ?? 0) > 200) {
                html += "<textarea id=\"\(id)\" name=\"\(name)\"\(maxLength)\(required)\(aria)>\(value)</textarea>\n"
            } else {
                let type = field.type == "email" ? "email" : field.type == "number" ? "number" : "text"
                let bounds =
                    (field.min.map { " min=\"\(FormSubmission.format($0))\"" } ?? "")
                    + (field.max.map { " max=\"\(FormSubmission.format($0))\"" } ?? "")
                html += "<input type=\"\(type)\" id=\"\(id)\" name=\"\(name)\" value=\"\(value)\"\(maxLength)\(bounds)\(required)\(aria)>\n"
            }
            return html + "</div>\n"
        default:
            return ""
        }
    }
}
