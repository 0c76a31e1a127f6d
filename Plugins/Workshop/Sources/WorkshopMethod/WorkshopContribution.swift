public import MethodSupport
public import StipPluginKit

/// How a contribution names its session: its number in the config counted from 1 (as on the
/// facilitator's sheet), or its id. Normalised to the id when the session has one.
public enum SessionReference: Sendable, Hashable, Encodable {
    case number(Int)
    case id(String)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .id(let id): try container.encode(id)
        }
    }
}

/// One thing written down at a workshop. Its `type` decides the other fields:
/// - `attendance`: how many came to a session (`count`), optionally by age band (`age_bands`);
/// - `idea`: an idea (`text`) on a `theme` (kept as written, compared without case), with the number of `dots` it got in the dot vote;
/// - `rating`: one participant's `score` (1–10) for a session, with an optional `remark`.
public struct WorkshopContribution: JSONModel, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case attendance, idea, rating
    }

    public var type: Kind
    public var session: SessionReference?
    public var count: Int?
    public var ageBands: [AgeBand: Int]?
    public var text: String?
    public var theme: String?
    public var dots: Int?
    public var score: Int?
    public var remark: String?

    public init(
        type: Kind, session: SessionReference? = nil, count: Int? = nil, ageBands: [AgeBand: Int]? = nil, text: String? = nil,
        theme: String? = nil, dots: Int? = nil, score: Int? = nil, remark: String? = nil
    ) {
        self.type = type
        self.session = session
        self.count = count
        self.ageBands = ageBands
        self.text = text
        self.theme = theme
        self.dots = dots
        self.score = score
        self.remark = remark
    }

    /// The fields of each type, in the order messages list them.
    public static let fields: [Kind: [String]] = [
        .attendance: ["type", "session", "count", "age_bands"],
        .idea: ["type", "session", "text", "theme", "dots"],
        .rating: ["type", "session", "score", "remark"],
    ]

    static let maxCount = 100_000
    static let maxText = 2000
    static let maxTheme = 60
    static let scores = 1...10

    public static func read(_ value: JSONValue, problems: FieldProblems) -> WorkshopContribution? {
        read(value, against: nil, problems: problems)
    }

    /// Reads a contribution and, given the activity's config, resolves its session: every problem at once.
    public static func read(_ value: JSONValue, against config: WorkshopConfig?, problems: FieldProblems) -> WorkshopContribution? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        guard let type = object.choice(Kind.self, "type", required: true) else {
            object.rejectUnknownKeys(Array(Set(fields.values.joined())).sorted())
            return nil
        }
        for key in object.members.keys.sorted() where !fields[type]!.contains(key) && !problems.ignoresUnknownKeys {
            let owners = Kind.allCases.filter { fields[$0]!.contains(key) }.map(\.rawValue)
            if !owners.isEmpty {
                problems.add(object.at(key), "is not used by \(type.rawValue) contributions, only by \(englishList(owners)) contributions")
            }
        }
        object.rejectUnknownKeys(fields[type]!, context: "for type \(type.rawValue)")
        var contribution = WorkshopContribution(type: type)
        contribution.session = readSession(object, config: config)
        switch type {
        case .attendance:
            contribution.count = object.int("count", required: true, in: 0...maxCount)
            contribution.ageBands = object.object("age_bands", required: false).flatMap(readAgeBands)
            if let count = contribution.count, let bands = contribution.ageBands, bands.values.reduce(0, +) > count {
                problems.add(object.at("age_bands"), "add up to \(bands.values.reduce(0, +)), more than count (\(count))")
            }
            if contribution.count == nil { return nil }
        case .idea:
            contribution.text = object.text("text", required: true, maxLength: maxText)
            contribution.theme = object.text("theme", required: true, maxLength: maxTheme).map(themeLabel)
            contribution.dots = object.int("dots", required: false, in: 0...maxCount) ?? 0
            if contribution.text == nil || contribution.theme == nil { return nil }
        case .rating:
            contribution.score = object.int("score", required: true, in: scores)
            contribution.remark = object.text("remark", required: false, maxLength: maxText)
            if contribution.score == nil { return nil }
        }
        return contribution
    }

    /// A theme as the facilitator wrote it, with single spaces: the label people read ("Inclusief spelen").
    public static func themeLabel(_ theme: String) -> String {
        theme.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Themes group ideas, so they are compared in lower case with single spaces: "Groen  Plein" is "groen plein".
    public static func themeKey(_ theme: String) -> String {
        theme.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A number (≥ 1) or an id. With a config, the session must exist; when the workshop has one
    /// session it may be left out. Normalised to the session's id when it has one.
    static func readSession(_ object: ObjectReader, config: WorkshopConfig?) -> SessionReference? {
        let pointer = object.at("session")
        let reference: SessionReference?
        switch object["session"] {
        case nil:
            reference = nil
        case .string(let text)?:
            reference = Read.identifier(.string(text), at: pointer, object.problems).map { .id($0) }
        case let value?:
            reference = Read.int(value, at: pointer, object.problems, in: 1...Int.max).map { .number($0) }
        }
        guard let config else { return reference }
        let count = config.sessions.count
        let ids = config.sessions.compactMap(\.id)
        let numbers = count == 1 ? "1" : "1 to \(count)"
        let how = ids.isEmpty ? "its number (\(numbers))" : "its number (\(numbers)) or its id (\(englishList(ids, conjunction: "or")))"
        guard let reference else {
            if object["session"] != nil { return nil }  // present but unreadable: already reported
            if count == 1 { return config.sessions[0].id.map { .id($0) } ?? .number(1) }
            object.problems.add(pointer, "is required: this workshop has \(count) sessions; give \(how)")
            return nil
        }
        // A quoted number ("2") that is no session's id is read as the session's number.
        let digits: SessionReference? = if case .id(let id) = reference, let number = Int(id) { .number(number) } else { nil }
        guard let index = config.sessionIndex(reference) ?? digits.flatMap(config.sessionIndex) else {
            switch reference {
            case .number(let number):
                let has = count == 1 ? "one session: leave session out or give \(how)" : "\(count) sessions; give \(how)"
                object.problems.add(pointer, "there is no session \(number); this workshop has \(has)")
            case .id(let id):
                object.problems.add(pointer, "there is no session with id \"\(id)\"; give \(how)")
            }
            return nil
        }
        return config.sessions[index].id.map { .id($0) } ?? .number(index + 1)
    }

    /// `{"15-25": 12, "65+": 3}`: counts per age band.
    static func readAgeBands(_ object: ObjectReader) -> [AgeBand: Int]? {
        var bands: [AgeBand: Int] = [:]
        var complete = true
        for key in object.members.keys.sorted() {
            guard let band = AgeBand(rawValue: key) else {
                object.problems.add(
                    object.at(key), "unknown age band; use \(englishList(AgeBand.allCases.map(\.rawValue), conjunction: "or"))")
                complete = false
                continue
            }
            guard let value = object[key] else { continue }
            if let count = Read.int(value, at: object.at(key), object.problems, in: 0...maxCount) {
                bands[band] = count
            } else {
                complete = false
            }
        }
        return complete && !bands.isEmpty ? bands : nil
    }

    enum CodingKeys: String, CodingKey {
        case type, session, count, text, theme, dots, score, remark
        case ageBands = "age_bands"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(session, forKey: .session)
        try container.encodeIfPresent(count, forKey: .count)
        if let ageBands {
            try container.encode(Dictionary(uniqueKeysWithValues: ageBands.map { ($0.key.rawValue, $0.value) }), forKey: .ageBands)
        }
        try container.encodeIfPresent(text, forKey: .text)
        try container.encodeIfPresent(theme, forKey: .theme)
        try container.encodeIfPresent(dots, forKey: .dots)
        try container.encodeIfPresent(score, forKey: .score)
        try container.encodeIfPresent(remark, forKey: .remark)
    }
}
