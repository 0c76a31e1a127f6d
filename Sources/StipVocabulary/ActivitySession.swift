/// When and where an activity takes place, as its method plugin reads it from the activity's config
/// (`validate_activity`'s optional `schedule`, protocol §8.2): a workshop's sessions, a walk's date and meeting
/// point. The resident pages show it under "how to take part"; the host reads no method's config itself.
public struct ActivitySession: Codable, Sendable, Equatable, Hashable {
    /// A local date-time (`2027-01-20T19:30`) or a date (`2027-01-27`), in the workspace's time zone.
    public var starts: String
    /// The same forms; absent when the end is not known.
    public var ends: String?
    /// Where, in words residents understand ("Wijkcentrum De Plint").
    public var location: String?

    public init(starts: String, ends: String? = nil, location: String? = nil) {
        self.starts = starts
        self.ends = ends
        self.location = location
    }

    /// A local date-time or a date, ordered; `nil` when `text` is neither.
    public struct Moment: Comparable, Sendable {
        public var date: LocalDate
        /// Minutes after midnight; `nil` for a date alone.
        public var minute: Int?

        public init?(_ text: String) {
            let parts = text.split(separator: "T", maxSplits: 1)
            guard let date = LocalDate(String(parts[0])) else { return nil }
            self.date = date
            guard parts.count == 2 else {
                minute = nil
                return
            }
            let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minutes = clock[1], (0..<24).contains(hour),
                (0..<60).contains(minutes)
            else { return nil }
            minute = hour * 60 + minutes
        }

        public static func < (lhs: Moment, rhs: Moment) -> Bool {
            (lhs.date, lhs.minute ?? 0) < (rhs.date, rhs.minute ?? 0)
        }
    }

    /// What is wrong with this session, for the plugin's maker; empty when it reads well.
    public var problems: [String] {
        var problems: [String] = []
        let start = Moment(starts)
        if start == nil { problems.append("starts \"\(starts)\" is not a local date-time like 2027-01-20T19:30 or a date") }
        if let ends {
            if let end = Moment(ends) {
                if let start, end < start { problems.append("ends \(ends) is before starts \(starts)") }
            } else {
                problems.append("ends \"\(ends)\" is not a local date-time or a date")
            }
        }
        if let location, location.isEmpty || location.count > 300 { problems.append("location must have 1 to 300 characters") }
        return problems
    }
}
