import StipJSON

/// The `columns` of an `import` result (protocol 1.3): the columns a method reads, and the ones in the file it
/// does not. Compared without letter case, as the methods read their headers. A YAML row is a mapping in the
/// contribution's shape, so its top-level keys are compared with the first part of each column (`follow_up` for
/// `follow_up.owner`).
struct ImportColumns {
    var known: [String]
    var unknown: [String]

    init(known: [String], rows: [JSONValue], format: String = "csv") {
        self.known = known
        let knownKeys = Set(
            known.map { format == "yaml" ? String($0.split(separator: ".").first ?? "").lowercased() : $0.lowercased() })
        var seen = Set<String>()
        var unknown: [String] = []
        for row in rows {
            guard case .object(let cells) = row else { continue }
            // Sorted: a row's cells come as an unordered object, and the list should read the same every time.
            for name in cells.keys.sorted() where !name.isEmpty && !knownKeys.contains(name.lowercased()) {
                if seen.insert(name).inserted { unknown.append(name) }
            }
        }
        self.unknown = unknown
    }

    var json: JSONValue {
        .object(["known": .array(known.map(JSONValue.string)), "unknown": .array(unknown.map(JSONValue.string))])
    }
}
