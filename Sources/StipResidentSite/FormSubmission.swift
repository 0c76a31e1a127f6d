import StipParticipation
import Foundation
import StipDomain
import StipJSON

/// What a resident sent, checked against the form description and turned into the plugin's submission.
///
/// The host checks what the form itself says (required, lengths, bounds, options) so residents get those
/// messages in their own language without a round trip to the plugin (protocol §8.4).
struct FormSubmission: Sendable {
    /// Answers by field id, as typed (for showing the form again).
    var entered: [String: [String]]
    /// Problems by field id.
    var errors: [String: String]
    /// The submission for `validate_contribution`, built by the fields' pointers.
    var submission: JSONValue

    static let rankSeparator = "__rank__"

    /// From an `application/x-www-form-urlencoded` body.
    static func fromForm(_ pairs: [(String, String)], form: PublicForm, texts: PublicTexts) -> FormSubmission {
        var entered: [String: [String]] = [:]
        for (name, value) in pairs { entered[name, default: []].append(value) }
        return build(form: form, texts: texts, entered: entered) { field in
            if field.type == "ranking" {
                // One select per option: "place of option x". Turn the places into an ordered list.
                var places: [(Int, String)] = []
                for option in field.options {
                    guard let text = entered["\(field.id)\(rankSeparator)\(option.id)"]?.first, !text.isEmpty else { continue }
                    guard let place = Int(text) else { return .invalid(texts.rankingIncomplete(field.options.count)) }
                    places.append((place, option.id))
                }
                if places.isEmpty { return .empty }
                guard places.count == field.options.count, Set(places.map(\.0)) == Set(1...field.options.count) else {
                    return .invalid(texts.rankingIncomplete(field.options.count))
                }
                return .value(.array(places.sorted { $0.0 < $1.0 }.map { .string($0.1) }))
            }
            let values = (entered[field.id] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            return typed(values, field: field, texts: texts)
        }
    }

    /// From a JSON body: `{"answers": {field id: value}}`.
    /// `entered` stays empty: a JSON client shows its own form again, nothing here re-renders one.
    static func fromJSON(_ answers: [String: JSONValue], form: PublicForm, texts: PublicTexts) -> FormSubmission {
        build(form: form, texts: texts, entered: [:]) { field in
            guard let value = answers[field.id], value != .null else { return .empty }
            switch (field.type, value) {
            case ("ranking", .array(let items)):
                let ids = items.compactMap(\.stringValue)
                guard ids.count == field.options.count, Set(ids) == Set(field.options.map(\.id)) else {
                    return .invalid(texts.rankingIncomplete(field.options.count))
                }
                return .value(.array(ids.map(JSONValue.string)))
            case ("multiple_choice", .array(let items)):
                return typed(items.map(\.plainText), field: field, texts: texts)
            default:
                return typed([value.plainText].filter { !$0.isEmpty }, field: field, texts: texts)
            }
        }
    }

    enum Outcome {
        case empty
        case value(JSONValue)
        case invalid(String)
    }

    private static func build(form: PublicForm, texts: PublicTexts, entered: [String: [String]], read: (PublicForm.Field) -> Outcome)
        -> FormSubmission
    {
        var errors: [String: String] = [:]
        var submission = JSONValue.object([:])
        for field in form.fields {
            switch read(field) {
            case .empty:
                if field.required { errors[field.id] = texts.mustAnswer }
            case .invalid(let message):
                errors[field.id] = message
            case .value(let value):
                submission.set(value, at: field.pointerTokens)
            }
        }
        return FormSubmission(entered: entered, errors: errors, submission: submission)
    }

    /// One field's value from its text(s), checked against the description.
    static func typed(_ values: [String], field: PublicForm.Field, texts: PublicTexts) -> Outcome {
        guard !values.isEmpty else { return .empty }
        switch field.type {
        case "multiple_choice":
            guard values.allSatisfy({ value in field.options.contains { $0.id == value } }) else { return .invalid(texts.notAnOption) }
            let low = Int(field.min ?? 0)
            let high = Int(field.max ?? Double(field.options.count))
            guard (low...max(low, high)).contains(values.count) else {
                return .invalid(texts.chooseBetween(max(low, 1), high, chosen: values.count))
            }
            return .value(.array(values.map(JSONValue.string)))
        case "single_choice":
            guard values.count == 1, field.options.contains(where: { $0.id == values[0] }) else { return .invalid(texts.notAnOption) }
            return .value(.string(values[0]))
        case "scale", "number":
            let text = values[0].contains(",") ? values[0].replacingOccurrences(of: ",", with: ".") : values[0]
            guard values.count == 1, let number = Double(text), number.isFinite else {
                return .invalid(texts.notANumber)
            }
            if let min = field.min, number < min {
                return .invalid(texts.outOfRange(format(min), format(field.max ?? number), entered: values[0]))
            }
            if let max = field.max, number > max {
                return .invalid(texts.outOfRange(format(field.min ?? number), format(max), entered: values[0]))
            }
            if field.type == "scale" {
                guard number == number.rounded() else { return .invalid(texts.notWhole(values[0])) }
                return .value(.int(Int64(number)))
            }
            return .value(number == number.rounded() && abs(number) < 1e15 ? .int(Int64(number)) : .double(number))
        default:  // text, textarea, email
            let text = values.joined(separator: "\n")
            // NUL and other control characters are no part of what a person types; refused, not stored.
            if text.unicodeScalars.contains(where: { ($0.value < 0x20 && ![0x09, 0x0A, 0x0D].contains($0.value)) || $0.value == 0x7F }) {
                return .invalid(texts.controlCharacters)
            }
            if let max = field.maxLength, text.count > max { return .invalid(texts.tooLong(max, has: text.count)) }
            if field.type == "email", !Participant.isPlausibleEmail(text) { return .invalid(texts.notAnEmail) }
            return .value(.string(text))
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// Parses `application/x-www-form-urlencoded`, keeping repeated names in order; `nil` when an escape is
    /// broken or decodes to bytes that are not UTF-8 (refused rather than stored as something else).
    static func pairs(_ body: String) -> [(String, String)]? {
        var pairs: [(String, String)] = []
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(pieces[0]), let value = pieces.count > 1 ? decode(pieces[1]) : "" else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }
}

extension JSONValue {
    /// Places `value` at a path of object members (a form field's `pointerTokens`), creating objects on the way.
    mutating func set(_ value: JSONValue, at tokens: [String]) {
        guard !tokens.isEmpty else { return }
        func place(_ node: inout JSONValue, _ path: ArraySlice<String>) {
            guard case .object(var members) = node else { node = .object([:]); place(&node, path); return }
            // Let go of the node's reference so that `members` is changed in place rather than copied.
            node = .null
            let key = path.first!
            if path.count == 1 {
                members[key] = value
            } else {
                var child = members[key] ?? .object([:])
                place(&child, path.dropFirst())
                members[key] = child
            }
            node = .object(members)
        }
        place(&self, tokens[...])
    }

    /// Text of a scalar as a person typed it.
    var plainText: String {
        switch self {
        case .string(let text): text
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .bool(let v): v ? "true" : "false"
        default: ""
        }
    }
}
