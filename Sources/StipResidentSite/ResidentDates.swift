import Foundation
import StipVocabulary

/// Dates and times as residents read them, in the workspace's time zone: "31 december 2026, 23.59 uur" and
/// "31 December 2026, 11:59 pm", never ISO. Month names are written out here rather than taken from ICU, so a
/// page reads the same on every machine.
struct ResidentDates {
    let language: PublicLanguage
    let timeZone: TimeZone

    private static let dutchMonths = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
    ]
    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// `31 december 2026` / `31 December 2026`.
    func day(_ date: LocalDate) -> String {
        "\(date.day) \(monthName(date.month)) \(date.year)"
    }

    /// `23.59 uur` / `11:59 pm`.
    func time(hour: Int, minute: Int) -> String {
        let minutes = minute < 10 ? "0\(minute)" : "\(minute)"
        switch language {
        case .nl: return "\(hour).\(minutes) uur"
        case .en: return "\(hour % 12 == 0 ? 12 : hour % 12):\(minutes) \(hour < 12 ? "am" : "pm")"
        }
    }

    /// A moment: `31 december 2026, 23.59 uur` / `31 December 2026, 11:59 pm`.
    func moment(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return "\(day(LocalDate(date, in: timeZone))), \(time(hour: c.hour ?? 0, minute: c.minute ?? 0))"
    }

    /// A local date-time as plans and plugins write it (`2027-01-20T19:30`), or a date alone; `nil` when it is neither.
    func localDateTime(_ text: String) -> String? {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let date = LocalDate(String(parts[0])) else { return nil }
        guard parts.count == 2 else { return day(date) }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count >= 2 else { return nil }
        return "\(day(date)), \(time(hour: clock[0], minute: clock[1]))"
    }

    /// The time of a local date-time (`2027-01-20T21:30` → `21.30 uur`); `nil` without one.
    func localTime(_ text: String) -> String? {
        guard let moment = ActivitySession.Moment(text), let minute = moment.minute else { return nil }
        return time(hour: minute / 60, minute: minute % 60)
    }

    /// `now` on the workspace's clock, to compare with the local times plans and plugins write.
    func localMoment(_ now: Date) -> ActivitySession.Moment {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute], from: now)
        let day = LocalDate(now, in: timeZone).description
        let clock = "\(c.hour ?? 0 < 10 ? "0" : "")\(c.hour ?? 0):\(c.minute ?? 0 < 10 ? "0" : "")\(c.minute ?? 0)"
        return ActivitySession.Moment("\(day)T\(clock)")!
    }

    /// A span of days: `10 januari tot en met 28 februari 2027` / `10 January to 28 February 2027`.
    func days(from start: LocalDate, to end: LocalDate) -> String {
        let first = start.year == end.year ? "\(start.day) \(monthName(start.month))" : day(start)
        return language == .nl ? "\(first) tot en met \(day(end))" : "\(first) to \(day(end))"
    }

    private func monthName(_ month: Int) -> String {
        let names = language == .nl ? Self.dutchMonths : Self.englishMonths
        return (1...12).contains(month) ? names[month - 1] : String(month)
    }
}
