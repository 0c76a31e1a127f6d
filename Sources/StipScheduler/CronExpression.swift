/// A five-field cron expression (`minute hour day-of-month month day-of-week`) as Vixie and Debian cron read it:
/// lists, ranges, steps, month and weekday names, `7` for Sunday, and the `@hourly` … `@yearly` shorthands.
///
/// Parsing only; when it fires is ``CronExpression/nextRun(after:in:)``.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written.
    public let text: String
    let minutes: Set<Int>
    let hours: Set<Int>
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday (a `7` in the text is read as 0).
    let weekdays: Set<Int>
    /// The minute or hour field starts with `*`: the job follows the wall clock across daylight-saving changes
    /// (Debian cron(8)); otherwise it is a fixed-time job.
    let followsWallClock: Bool
    /// Day of month or day of week starts with `*`: a day must match both fields; otherwise either (Vixie cron).
    let daysMatchBoth: Bool

    public var description: String { text }

    /// Parses `text`.
    /// - Throws: ``CronError`` naming the field (1–5) and what is wrong in it.
    public init(_ text: String) throws(CronError) {
        self.text = text
        let trimmed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let expanded: String
        if trimmed.hasPrefix("@") {
            guard let alias = Self.aliases[trimmed.lowercased()] else {
                throw CronError(
                    expression: text, field: nil,
                    message: "\(trimmed) is not a shorthand Stip knows; use @hourly, @daily, @weekly, @monthly or @yearly, or five fields")
            }
            expanded = alias
        } else {
            expanded = trimmed
        }
        let fields = expanded.split(separator: " ").map(String.init)
        guard fields.count == 5 else {
            throw CronError(
                expression: text, field: nil,
                message:
                    "has \(fields.count) field\(fields.count == 1 ? "" : "s"); write five: minute hour day-of-month month day-of-week, e.g. \"0 7 * * MON\""
            )
        }
        minutes = try CronField.minute.parse(fields[0], in: text)
        hours = try CronField.hour.parse(fields[1], in: text)
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2], in: text)
        months = try CronField.month.parse(fields[3], in: text)
        weekdays = Set(try CronField.dayOfWeek.parse(fields[4], in: text).map { $0 % 7 })
        followsWallClock = fields[0].hasPrefix("*") || fields[1].hasPrefix("*")
        daysMatchBoth = fields[2].hasPrefix("*") || fields[4].hasPrefix("*")
    }

    static let aliases: [String: String] = [
        "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *", "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *",
    ]

    /// Whether a day (month 1–12, day 1–31, weekday 0 = Sunday) is one the expression runs on.
    func matchesDay(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let dom = daysOfMonth.contains(day)
        let dow = weekdays.contains(weekday)
        return daysMatchBoth ? dom && dow : dom || dow
    }
}

/// Why a text is not a cron expression: the field (1–5, `nil` for the whole) and what is wrong, said so that it
/// can be put right: `"0 25 * * *": hour 25 is out of range 0–23 (field 2)`.
public struct CronError: Error, Sendable, Equatable, CustomStringConvertible {
    public var expression: String
    /// 1 = minute … 5 = day of week; `nil` when the expression as a whole is wrong.
    public var field: Int?
    public var message: String

    public var description: String {
        "\"\(expression)\": \(message)" + (field.map { " (field \($0))" } ?? "")
    }
}
