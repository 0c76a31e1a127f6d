/// One of the five fields of a cron expression, with its range and names.
struct CronField: Sendable {
    let position: Int
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]

    static let minute = CronField(position: 1, name: "minute", range: 0...59, names: [:])
    static let hour = CronField(position: 2, name: "hour", range: 0...23, names: [:])
    static let dayOfMonth = CronField(position: 3, name: "day of month", range: 1...31, names: [:])
    static let month = CronField(
        position: 4, name: "month", range: 1...12,
        names: ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12])
    static let dayOfWeek = CronField(
        position: 5, name: "day of week", range: 0...7,
        names: ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6])

    /// The values `text` selects: comma-separated items, each `*`, a value, or a range, optionally `/step`.
    func parse(_ text: String, in expression: String) throws(CronError) -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            values.formUnion(try parseItem(String(item), in: expression))
        }
        return values
    }

    private func parseItem(_ item: String, in expression: String) throws(CronError) -> Set<Int> {
        guard !item.isEmpty else { throw error("has an empty item in \"\(item)\"; remove the extra comma", expression) }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw error("\"\(item)\" has more than one step (/)", expression) }
        var step = 1
        if parts.count == 2 {
            guard let value = Int(parts[1]), value > 0 else {
                throw error("step \"\(parts[1])\" in \"\(item)\" is not a whole number above 0", expression)
            }
            guard value <= range.upperBound else {
                throw error("step \(value) is larger than the \(name) range \(range.lowerBound)–\(range.upperBound)", expression)
            }
            step = value
        }
        let base = String(parts[0])
        let bounds: ClosedRange<Int>
        if base == "*" {
            bounds = range == 0...7 ? 0...6 : range
        } else if let dash = base.firstIndex(of: "-") {
            let low = try value(String(base[..<dash]), in: expression)
            let high = try value(String(base[base.index(after: dash)...]), in: expression)
            guard low <= high else {
                throw error("range \(base) runs backwards; write the smaller \(name) first", expression)
            }
            bounds = low...high
        } else {
            let single = try value(base, in: expression)
            // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
            bounds = parts.count == 2 ? single...(range == 0...7 ? 6 : range.upperBound) : single...single
        }
        return Set(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    private func value(_ text: String, in expression: String) throws(CronError) -> Int {
        if let number = Int(text) {
            guard range.contains(number) else {
                throw error("\(name) \(number) is out of range \(range.lowerBound)–\(range.upperBound)", expression)
            }
            return number
        }
        if let named = names[text.lowercased()] { return named }
        if names.isEmpty {
            throw error("\"\(text)\" is not a \(name); use a number \(range.lowerBound)–\(range.upperBound)", expression)
        }
        let known = names.sorted { $0.value < $1.value }.map { $0.key.uppercased() }.joined(separator: ", ")
        throw error("\"\(text)\" is not a \(name); use \(range.lowerBound)–\(range.upperBound) or \(known)", expression)
    }

    private func error(_ message: String, _ expression: String) -> CronError {
        CronError(expression: expression, field: position, message: message)
    }
}
