import Foundation
public import StipPluginKit

// Dates in plans and contributions are the domain's `LocalDate` (`2027-01-27`, no time zone):
// plugins keep them local, the workspace's time zone is the host's business.
extension LocalDate {
    /// 1970-01-01, the origin of ``daysSinceEpoch``.
    static let epoch = LocalDate("1970-01-01")!

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { Self.epoch.days(until: self) }

    /// The UTC calendar day of an ISO 8601 timestamp such as `2026-11-02T19:04:11Z` (the host's `created_at`).
    public init?(timestampPrefixOf timestamp: String) {
        guard timestamp.count >= 10 else { return nil }
        self.init(String(timestamp.prefix(10)))
    }

    /// Reads a date from a plan or a contribution, explaining what is wrong.
    public static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> LocalDate? {
        guard case .string(let raw) = value else {
            problems.add(pointer, "must be a date like 2027-01-27 (it is \(value.foundDescription))")
            return nil
        }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if isDateShaped(text), let date = LocalDate(text) { return date }
        if LocalDateTime(text) != nil {
            problems.add(pointer, "must be a date like 2027-01-27, without a time (it is \"\(text)\")")
        } else if isDateShaped(text) {
            problems.add(pointer, "\(text) is not a day of the calendar")
        } else {
            problems.add(pointer, "must be a date like 2027-01-27 (year-month-day; it is \"\(text)\")")
        }
        return nil
    }

    /// `dddd-dd-dd`, whatever the digits.
    static func isDateShaped(_ text: String) -> Bool {
        text.map { $0.isASCII && $0.isNumber ? "d" : String($0) }.joined() == "dddd-dd-dd"
    }
}
