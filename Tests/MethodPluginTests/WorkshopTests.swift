import Foundation
import MethodSupport
import StipPluginKit
import Testing
import WorkshopMethod

@Suite("workshop plugin")
struct WorkshopTests {
    let plugin = Workshop()

    /// Two sessions, the second with an id.
    let twoSessions = """
        {"sessions": [
          {"starts": "2027-01-20T19:30", "ends": "2027-01-20T21:30", "location": "De Plint", "capacity": 40},
          {"id": "middag", "starts": "2027-01-23T14:00", "ends": "2027-01-23T16:00", "location": "Bibliotheek", "capacity": 20,
           "facilitator": "Anna"}]}
        """

    @Test("the example plan's config is valid, normalised, and normalising is idempotent")
    func examplePlan() throws {
        let normalised = try #require(try validateConfig(plugin, try json(PlanFixtures.workshop)).value)
        #expect(
            normalised
                == (try json(
                    #"{"sessions": [{"starts": "2027-01-20T19:30:00", "ends": "2027-01-20T21:30:00", "location": "Wijkcentrum De Plint", "capacity": 40}]}"#
                )))
        #expect(try validateConfig(plugin, normalised).value == normalised)
    }

    @Test("an invalid config gets every problem at once, each at its pointer")
    func invalidConfig() throws {
        let result = try validateConfig(
            plugin,
            try json(
                """
                {"sessions": [
                  {"starts": "2027-01-20T19:30", "ends": "2027-01-20T19:00", "location": "", "capacity": 0, "facilitatr": "x"},
                  {"id": "a", "starts": "2027-01-21T19:30", "ends": "2027-01-23T19:30", "location": "B", "capacity": 10},
                  {"id": "a", "starts": "2027-01-22T19:30Z", "ends": "2027-01-22T21:30", "location": "C", "capacity": "veertig"}],
                 "programme": ["Welkom", {"time": "7 uur", "title": ""}],
                 "questions": [{"en": "Only English"}],
                 "agenda": []}
                """))
        #expect(
            result.errors == [
                "/agenda: unknown field; known fields are sessions, programme and questions",
                "/sessions/0/facilitatr: unknown field (did you mean facilitator?); known fields are id, starts, ends, location, capacity and facilitator",
                "/sessions/0/ends: must be after starts (2027-01-20 19:30)",
                "/sessions/0/location: must not be empty",
                "/sessions/0/capacity: must be from 1 to 100000 (it is 0)",
                "/sessions/1/ends: must be at most 24 hours after starts (2027-01-21 19:30); make separate sessions for separate days",
                "/sessions/2/starts: must be a local time without a time zone, like 2027-01-22T19:30 (times are in the workspace's time zone)",
                "/sessions/2/capacity: must be a whole number (it is the text \"veertig\")",
                "/sessions/2/id: duplicate id: the session at /sessions/1 has it too",
                "/programme/1/time: must be a time of day like 19:30 (it is \"7 uur\")",
                "/programme/1/title: must not be empty",
                "/questions/0/nl: is required",
            ])
    }

    @Test("the empty config and a config that is not an object are refused")
    func emptyConfig() throws {
        #expect(try validateConfig(plugin, .object([:])).errors == ["/sessions: is required"])
        #expect(try validateConfig(plugin, try json(#"{"sessions": []}"#)).errors == ["/sessions: must have at least 1 item"])
        #expect(try validateConfig(plugin, .array([])).errors == [": must be a mapping of fields (it is a list)"])
    }

    @Test("programme items and questions are normalised to their canonical forms")
    func programmeAndQuestions() throws {
        let config = try json(
            """
            {"sessions": [{"starts": "2027-01-20 19:30", "ends": "2027-01-20T21:30:00", "location": " De Plint ", "capacity": 40.0,
                           "facilitator": ""}],
             "programme": [" Welkom ", {"time": "19:45", "title": "Rondetafels", "duration_minutes": 45}],
             "questions": ["Wat mist u?", {"nl": "Wat kan beter?", "en": "What could be better?"}]}
            """)
        let normalised = try #require(try validateConfig(plugin, config).value)
        #expect(
            normalised
                == (try json(
                    """
                    {"sessions": [{"starts": "2027-01-20T19:30:00", "ends": "2027-01-20T21:30:00", "location": "De Plint", "capacity": 40}],
                     "programme": [{"title": "Welkom"}, {"time": "19:45", "title": "Rondetafels", "duration_minutes": 45}],
                     "questions": ["Wat mist u?", {"nl": "Wat kan beter?", "en": "What could be better?"}]}
                    """)))
        #expect(try validateConfig(plugin, normalised).value == normalised)
    }

    @Test("contributions of each type are normalised; with one session, session may be left out")
    func contributions() throws {
        let config = try json(PlanFixtures.workshop)
        let idea = try validateContribution(
            plugin, try json(#"{"type": "idea", "text": " Meer bankjes ", "theme": " Groen   Plein "}"#), config: config)
        #expect(idea.value == (try json(#"{"type": "idea", "session": 1, "text": "Meer bankjes", "theme": "Groen Plein", "dots": 0}"#)))
        let attendance = try validateContribution(
            plugin, try json(#"{"type": "attendance", "session": 1, "count": 31, "age_bands": {"15-25": 6, "65+": 9}}"#), config: config)
        #expect(attendance.value == (try json(#"{"type": "attendance", "session": 1, "count": 31, "age_bands": {"15-25": 6, "65+": 9}}"#)))
        let rating = try validateContribution(plugin, try json(#"{"type": "Rating", "score": 8, "remark": ""}"#), config: config)
        #expect(rating.value == (try json(#"{"type": "rating", "session": 1, "score": 8}"#)))
        let normalised = try #require(idea.value)
        #expect(try validateContribution(plugin, normalised, config: config).value == normalised)
    }

    @Test("sessions are named by number or id and normalised to the id when there is one")
    func sessionReferences() throws {
        let config = try json(twoSessions)
        let byNumber = try validateContribution(plugin, try json(#"{"type": "rating", "session": 2, "score": 7}"#), config: config)
        #expect(byNumber.value?["session"] == .string("middag"))
        let quoted = try validateContribution(plugin, try json(#"{"type": "rating", "session": "1", "score": 7}"#), config: config)
        #expect(quoted.value?["session"] == .int(1))
        #expect(
            try validateContribution(plugin, try json(#"{"type": "rating", "score": 7}"#), config: config).errors == [
                "/session: is required: this workshop has 2 sessions; give its number (1 to 2) or its id (middag)"
            ])
        #expect(
            try validateContribution(plugin, try json(#"{"type": "rating", "session": "avond", "score": 7}"#), config: config).errors == [
                "/session: there is no session with id \"avond\"; give its number (1 to 2) or its id (middag)"
            ])
    }

    @Test("an invalid contribution gets every problem at once")
    func invalidContributions() throws {
        let config = try json(PlanFixtures.workshop)
        #expect(
            try validateContribution(
                plugin, try json(#"{"type": "attendance", "session": 3, "count": -1, "age_bands": {"15-24": 3}, "score": 4}"#),
                config: config
            ).errors == [
                "/score: is not used by attendance contributions, only by rating contributions",
                "/session: there is no session 3; this workshop has one session: leave session out or give its number (1)",
                "/count: must be from 0 to 100000 (it is -1)",
                "/age_bands/15-24: unknown age band; use 0-15, 15-25, 25-45, 45-65 or 65+",
            ])
        #expect(
            try validateContribution(
                plugin, try json(#"{"type": "attendance", "count": 10, "age_bands": {"15-25": 8, "65+": 4}}"#), config: config
            )
            .errors == ["/age_bands: add up to 12, more than count (10)"])
        #expect(
            try validateContribution(plugin, try json(#"{"type": "idea", "text": "", "dots": -2}"#), config: config).errors == [
                "/text: must not be empty", "/theme: is required", "/dots: must be from 0 to 100000 (it is -2)",
            ])
        #expect(
            try validateContribution(plugin, try json(#"{"type": "vote"}"#), config: config).errors == [
                "/type: must be attendance, idea or rating, not \"vote\""
            ])
        #expect(
            try validateContribution(plugin, try json(#"{"type": "rating", "score": 11}"#), config: config).errors == [
                "/score: must be from 1 to 10 (it is 11)"
            ])
    }

    @Test("a contribution against an invalid config says so instead of trapping")
    func contributionWithInvalidConfig() throws {
        let result = try validateContribution(plugin, try json(#"{"type": "rating", "score": 5}"#), config: .object([:]))
        #expect(
            result.errors == [
                ": cannot be checked, because the activity config is not valid (/sessions: is required); validate the activity first"
            ])
    }

    @Test("CSV import: the type column chooses the kind, other columns are ignored, every row appears once")
    func csvImport() throws {
        let rows = try json(
            """
            [{"type": "attendance", "session": "middag", "count": "18", "age_bands.15-25": "5", "datum": "2027-01-23"},
             {"Type": "idea", "session": "1", "text": "Meer groen", "theme": "Groen", "dots": "4", "score": "9"},
             {"type": "rating", "session": "2", "score": "tien"},
             {"type": "", "text": "zonder type"},
             {"type": "rating", "session": "3", "score": "6"}]
            """
        ).elements
        let result = try importRows(plugin, rows, format: "csv", config: try json(twoSessions))
        #expect(result.contributions.map(\.row) == [2, 3])
        #expect(
            result.contributions.map(\.contribution) == [
                try json(#"{"type": "attendance", "session": "middag", "count": 18, "age_bands": {"15-25": 5}}"#),
                try json(#"{"type": "idea", "session": 1, "text": "Meer groen", "theme": "Groen", "dots": 4}"#),
            ])
        #expect(
            result.errors.map { "\($0.row) \($0.pointer): \($0.message)" } == [
                "4 /score: column score: \"tien\" is not a whole number",
                "5 /type: is required",
                "6 /session: there is no session 3; this workshop has 2 sessions; give its number (1 to 2) or its id (middag)",
            ])
    }

    @Test("YAML import takes contributions with their types; unsupported formats are refused")
    func yamlImport() throws {
        let rows = try json(#"[{"type": "idea", "text": "Bankjes", "theme": "groen", "dots": 2, "note": "x"}, "not a mapping"]"#).elements
        let result = try importRows(plugin, rows, format: "yaml", config: try json(PlanFixtures.workshop), firstRow: 1)
        #expect(result.contributions.map(\.row) == [1])
        #expect(result.errors.map { "\($0.row) \($0.pointer)" } == ["2 "])
        #expect(throws: RPCError.self) { try importRows(plugin, [], format: "xlsx", config: try json(PlanFixtures.workshop)) }
        #expect(throws: RPCError.self) { try importRows(plugin, [], format: "csv", config: .object([:])) }
    }

    @Test("evaluation: attendance against capacity, ideas, priorities, satisfaction and responses")
    func evaluation() throws {
        let contributions: [(JSONValue, createdAt: String?, responded: Bool)] = [
            (try json(#"{"type": "attendance", "session": 1, "count": 30, "age_bands": {"15-25": 4, "25-45": 10}}"#), nil, false),
            (try json(#"{"type": "attendance", "session": "middag", "count": 6}"#), nil, false),
            (try json(#"{"type": "idea", "session": 1, "text": "a", "theme": "groen", "dots": 7}"#), nil, false),
            (try json(#"{"type": "idea", "session": 1, "text": "b", "theme": "groen", "dots": 2}"#), nil, false),
            (try json(#"{"type": "idea", "session": 1, "text": "c", "theme": "verkeer", "dots": 5}"#), nil, true),
            (try json(#"{"type": "idea", "session": "middag", "text": "d", "theme": "spelen", "dots": 1}"#), nil, false),
            (try json(#"{"type": "rating", "session": 1, "score": 5}"#), nil, false),
            (try json(#"{"type": "rating", "session": 1, "score": 6}"#), nil, false),
        ]
        let outcome = try evaluate(plugin, config: try json(twoSessions), contributions)
        #expect(outcome.value("attendance") == 36)
        #expect(outcome.value("attendance_ratio") == 0.6)
        #expect(outcome.metric("attendance_ratio")?["n"] == .int(60))
        #expect(outcome.distribution("attendance_by_session") == ["2027-01-20 19:30": 30, "middag": 6])
        #expect(outcome.distribution("attendee_age_bands") == ["0-15": 0, "15-25": 4, "25-45": 10, "45-65": 0, "65+": 0])
        #expect(outcome.value("ideas") == 4)
        #expect(outcome.value("ideas_per_attendee") == MetricValue.rounded(4.0 / 36))
        #expect(outcome.distribution("theme_priority") == ["groen": 9, "verkeer": 5, "spelen": 1])
        #expect(outcome.distribution("ideas_by_theme") == ["groen": 2, "verkeer": 1, "spelen": 1])
        #expect(outcome.value("ideas_responded_ratio") == 0.25)
        #expect(outcome.value("satisfaction_mean") == 5.5)
        #expect(outcome.distribution("satisfaction")["5"] == 1)
        #expect(outcome.distribution("satisfaction").count == 10)
        // Session "middag" had 6 of 20 places; "groen" and "spelen" are top-3 themes without a response.
        #expect(outcome.findingIDs == ["low-turnout", "low-satisfaction", "priority-themes-without-response"])
        let turnout = try #require(outcome.findings.first)
        #expect(turnout["message"]?["en"]?.stringValue?.contains("middag: 6 of 20 places (30%)") == true)
        #expect(turnout["severity"] == .string("warning"))
        let themes = try #require(outcome.findings.last?["message"]?["en"]?.stringValue)
        #expect(themes.contains("\"groen\" (9 dots)") && themes.contains("\"spelen\" (1 dot)") && !themes.contains("verkeer"))
    }

    @Test("evaluation without contributions reports no invented figures; ideas without attendance are noted")
    func evaluationEdges() throws {
        let empty = try evaluate(plugin, config: try json(PlanFixtures.workshop), [])
        #expect(empty.metrics == [MetricValue.count("ideas", 0)])
        #expect(empty.findings.isEmpty)
        let noAttendance = try evaluate(
            plugin, config: try json(PlanFixtures.workshop),
            [(try json(#"{"type": "rating", "session": 1, "score": 9}"#), nil, false)])
        #expect(noAttendance.metric("attendance_ratio") == nil)
        #expect(noAttendance.findingIDs == ["attendance-missing"])
        #expect(throws: RPCError.self) { try evaluate(plugin, config: .object([:]), []) }
    }

    @Test("every metric the evaluation reports is declared in the manifest")
    func declaredMetrics() throws {
        let declared = Set(plugin.manifest.metrics.map(\.id))
        let outcome = try evaluate(
            plugin, config: try json(PlanFixtures.workshop),
            [
                (try json(#"{"type": "attendance", "count": 10, "age_bands": {"65+": 2}}"#), nil, false),
                (try json(#"{"type": "idea", "text": "a", "theme": "t", "dots": 1}"#), nil, true),
                (try json(#"{"type": "rating", "score": 9}"#), nil, false),
            ])
        let reported = Set(outcome.metrics.compactMap { $0["id"]?.stringValue })
        #expect(reported == declared)
    }
}
