public import MethodSupport
public import StipPluginKit

/// The configuration of a workshop (werksessie): its sessions, and optionally the programme and
/// the questions the sessions work on.
public struct WorkshopConfig: JSONModel, Equatable {
    public var sessions: [Session]
    public var programme: [ProgrammeItem]?
    public var questions: [BilingualLabel]?

    public init(sessions: [Session], programme: [ProgrammeItem]? = nil, questions: [BilingualLabel]? = nil) {
        self.sessions = sessions
        self.programme = programme
        self.questions = questions
    }

    /// One meeting: when, where, and for how many people.
    public struct Session: Encodable, Sendable, Equatable {
        /// Optional stable id, so contributions can name the session instead of its number.
        public var id: String?
        public var starts: LocalDateTime
        public var ends: LocalDateTime
        public var location: String
        public var capacity: Int
        public var facilitator: String?

        public init(
            id: String? = nil, starts: LocalDateTime, ends: LocalDateTime, location: String, capacity: Int, facilitator: String? = nil
        ) {
            self.id = id
            self.starts = starts
            self.ends = ends
            self.location = location
            self.capacity = capacity
            self.facilitator = facilitator
        }
    }

    /// A part of the evening: "Welkom", or `{time: "19:45", title: "Rondetafels", duration_minutes: 45}`.
    public struct ProgrammeItem: Encodable, Sendable, Equatable {
        public var time: LocalTime?
        public var title: String
        public var durationMinutes: Int?
        public var description: String?

        public init(time: LocalTime? = nil, title: String, durationMinutes: Int? = nil, description: String? = nil) {
            self.time = time
            self.title = title
            self.durationMinutes = durationMinutes
            self.description = description
        }

        enum CodingKeys: String, CodingKey {
            case time, title, description
            case durationMinutes = "duration_minutes"
        }
    }

    static let maxSessions = 100
    static let maxCapacity = 100_000
    static let maxSessionHours = 24

    public static func read(_ value: JSONValue, problems: FieldProblems) -> WorkshopConfig? {
        guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
        object.rejectUnknownKeys(["sessions", "programme", "questions"])
        let items = object.list("sessions", required: true, count: 1...maxSessions)
        let sessions = items?.map { Session.read($0.value, at: $0.pointer, problems) }
        for (index, first) in repeats(rawMembers("id", of: items ?? [])) {
            problems.add(
                object.at("sessions").appending(index).appending("id"), "duplicate id: the session at /sessions/\(first) has it too")
        }
        let programme = object.list("programme", required: false, count: 0...100)?.map {
            ProgrammeItem.read($0.value, at: $0.pointer, problems)
        }
        let questions = object.list("questions", required: false, count: 0...50)?.map {
            BilingualLabel.read($0.value, at: $0.pointer, problems, maxLength: 500)
        }
        guard let sessions = sessions.flatMap(allPresent) else { return nil }
        return WorkshopConfig(
            sessions: sessions, programme: programme.flatMap(allPresent).flatMap(nonEmpty),
            questions: questions.flatMap(allPresent).flatMap(nonEmpty))
    }

    /// The index of the session a contribution names: its number counted from 1, or its id.
    public func sessionIndex(_ reference: SessionReference) -> Int? {
        switch reference {
        case .number(let number): number >= 1 && number <= sessions.count ? number - 1 : nil
        case .id(let id): sessions.firstIndex { $0.id == id }
        }
    }

    /// How reports name each session: its id, or its start (and location, when two start together).
    public var sessionNames: [String] {
        let starts = sessions.map(\.starts.display)
        return sessions.enumerated().map { index, session in
            if let id = session.id { return id }
            let shared = starts.filter { $0 == starts[index] }.count > 1
            return shared ? "\(starts[index]) (\(session.location))" : starts[index]
        }
    }
}

extension WorkshopConfig.Session {
    static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> Self? {
        guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
        object.rejectUnknownKeys(["id", "starts", "ends", "location", "capacity", "facilitator"])
        let id = object.identifier("id", required: false)
        let starts = object.dateTime("starts", required: true)
        let ends = object.dateTime("ends", required: true)
        if let starts, let ends {
            if ends <= starts {
                problems.add(object.at("ends"), "must be after starts (\(starts.display))")
            } else if ends.minuteNumber - starts.minuteNumber > WorkshopConfig.maxSessionHours * 60 {
                problems.add(
                    object.at("ends"),
                    "must be at most \(WorkshopConfig.maxSessionHours) hours after starts (\(starts.display)); "
                        + "make separate sessions for separate days")
            }
        }
        let location = object.text("location", required: true, maxLength: 200)
        let capacity = object.int("capacity", required: true, in: 1...WorkshopConfig.maxCapacity)
        let facilitator = object.text("facilitator", required: false, maxLength: 200)
        guard let starts, let ends, ends > starts, let location, let capacity else { return nil }
        return Self(id: id, starts: starts, ends: ends, location: location, capacity: capacity, facilitator: facilitator)
    }
}

extension WorkshopConfig.ProgrammeItem {
    /// A plain string is an item with only a title.
    static func read(_ value: JSONValue, at pointer: JSONPointer, _ problems: FieldProblems) -> Self? {
        if case .object = value {
            guard let object = ObjectReader(value, at: pointer, problems: problems) else { return nil }
            object.rejectUnknownKeys(["time", "title", "duration_minutes", "description"])
            let time = object.optional("time") { LocalTime.read($0, at: $1, problems) }
            let title = object.text("title", required: true, maxLength: 300)
            let minutes = object.int("duration_minutes", required: false, in: 1...1440)
            let description = object.text("description", required: false, maxLength: 2000)
            return title.map { Self(time: time, title: $0, durationMinutes: minutes, description: description) }
        }
        guard case .string = value else {
            problems.add(pointer, "must be text, or a mapping with title and optionally time, duration_minutes and description")
            return nil
        }
        return Read.text(value, at: pointer, problems, maxLength: 300).map { Self(title: $0) }
    }
}
