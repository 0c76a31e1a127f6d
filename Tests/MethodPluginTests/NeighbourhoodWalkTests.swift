import Foundation
import MethodSupport
import NeighbourhoodWalkMethod
import StipPluginKit
import Testing

@Suite("neighbourhood walk plugin")
struct NeighbourhoodWalkTests {
    let plugin = NeighbourhoodWalk()

    func observation(_ sequence: Int, _ extra: String = "") throws -> JSONValue {
        try json(
            #"{"sequence": \#(sequence), "location": {"address": "Stationsplein \#(sequence)"}, "category": "maintenance", "description": "Losse tegel", "urgency": "medium"\#(extra)}"#
        )
    }

    @Test("categories, kinds and urgencies are read in Dutch too (hoog, veiligheid, wens) and stored in English")
    func dutchNames() throws {
        let problems = FieldProblems()
        let read = Observation.read(
            try json(
                #"{"sequence": 1, "location": {"address": "Stationsplein 1"}, "category": "Veiligheid", "description": "Donker", "urgency": "hoog"}"#
            ), problems: problems)
        #expect(problems.isEmpty && read?.category == .safety && read?.urgency == .high && read?.kind == .maintenance)
        let wish = Observation.read(
            try json(
                #"{"sequence": 2, "location": {"address": "Plein"}, "category": "wens", "kind": "wens", "description": "Bankje", "urgency": "laag"}"#
            ), problems: problems)
        #expect(problems.isEmpty && wish?.category == .wish && wish?.kind == .wish && wish?.urgency == .low)
        let refused = FieldProblems()
        _ = Observation.read(
            try json(
                #"{"sequence": 3, "location": {"address": "Plein"}, "category": "groen", "description": "Boom", "urgency": "dringend"}"#),
            problems: refused)
        #expect(!refused.isEmpty, "a value that is neither English nor Dutch is still refused")
    }

    @Test("the example plan's config is valid; normalising is idempotent")
    func examplePlan() throws {
        let normalised = try #require(try validateConfig(plugin, try json(PlanFixtures.walk)).value)
        #expect(normalised["date"] == .string("2027-01-27"))
        #expect(normalised["route"]?.elements.map { $0["label"] } == ["Noordingang", "Busstation", "Zuidzijde plein"].map { .string($0) })
        #expect(try validateConfig(plugin, normalised).value == normalised)
        let full = try validateConfig(
            plugin,
            try json(
                #"{"date": "2027-01-27", "meeting_point": "Plein", "route": [{"lat": 52, "lon": 5, "label": "A"}], "organisations": ["Portaal", "Politie"], "area_codes": ["bu99990101", "WK999901"]}"#
            ))
        #expect(full.value?["area_codes"] == (try json(#"["BU99990101", "WK999901"]"#)))
    }

    @Test("an invalid config gets every problem at once, each at its pointer")
    func invalidConfig() throws {
        let result = try validateConfig(
            plugin,
            try json(
                """
                {"date": "2027-01-27T10:00", "meeting_point": " ",
                 "route": [{"lat": 152, "lon": 5, "label": "x"}, {"lat": 52, "label": "", "name": "y"}, "Busstation"],
                 "organisations": ["Portaal", "portaal"], "area_codes": ["BU123", "WK123456", "WK123456"]}
                """))
        #expect(
            result.errors == [
                "/date: must be a date like 2027-01-27, without a time (it is \"2027-01-27T10:00\")",
                "/meeting_point: must not be empty",
                "/route/0/lat: must be from -90 to 90 (it is 152)",
                "/route/1/name: unknown field; known fields are lat, lon and label",
                "/route/1/lon: is required",
                "/route/1/label: must not be empty",
                "/route/2: must be a mapping of fields (it is text)",
                "/organisations/1: is listed twice (also at /organisations/0)",
                "/area_codes/0: must be a CBS neighbourhood code (BU and 8 digits) or district code (WK and 6 digits), not \"BU123\"",
                "/area_codes/2: is listed twice (also at /area_codes/1)",
            ])
        #expect(try validateConfig(plugin, .object([:])).pointers == ["/date", "/meeting_point", "/route"])
    }

    @Test("a full observation is normalised; kind follows the category when left out")
    func validObservation() throws {
        let config = try json(PlanFixtures.walk)
        let result = try validateContribution(
            plugin,
            try json(
                """
                {"sequence": 4, "location": {"lat": 52.0901, "lon": 5.1211, "address": " Stationsplein 1 "}, "category": "wish",
                 "description": " Meer bankjes ", "urgency": "low", "photo": "IMG_0412.jpg", "crow_score": "a+",
                 "follow_up": {"owner": "Gemeente", "deadline": "2027-03-01", "status": "wont_do", "remarks": ""}}
                """), config: config)
        let expected = try json(
            """
            {"sequence": 4, "location": {"lat": 52.0901, "lon": 5.1211, "address": "Stationsplein 1"}, "category": "wish", "kind": "wish",
             "description": "Meer bankjes", "urgency": "low", "photo": "IMG_0412.jpg", "crow_score": "A+",
             "follow_up": {"owner": "Gemeente", "deadline": "2027-03-01", "status": "wont_do"}}
            """)
        #expect(result.value == expected)
        #expect(try validateContribution(plugin, expected, config: config).value == expected)
        let defaulted = try validateContribution(plugin, try observation(1, #", "follow_up": {}"#), config: config)
        #expect(defaulted.value?["kind"] == .string("maintenance"))
        #expect(defaulted.value?["follow_up"] == (try json(#"{"status": "open"}"#)))
    }

    @Test("an invalid observation gets every problem at once")
    func invalidObservation() throws {
        let result = try validateContribution(
            plugin,
            try json(
                """
                {"sequence": 0, "location": {"lat": 52.09}, "category": "wish", "kind": "maintenance", "description": "", "urgency": "urgent",
                 "photo": "../fotos/IMG_1.jpg", "crow_score": "E", "follow_up": {"status": "done", "deadline": "2027-01-01"}}
                """), config: try json(PlanFixtures.walk))
        #expect(
            result.errors == [
                "/sequence: must be from 1 to 100000 (it is 0)",
                "/location/lon: is required with lat",
                "/kind: must be wish when category is wish (or leave kind out)",
                "/description: must not be empty",
                "/urgency: must be low, medium or high, not \"urgent\"",
                "/photo: must be a file name only, without folders (like IMG_0412.jpg)",
                "/crow_score: must be A+, A, B, C or D, not \"E\"",
                "/follow_up/resolved_on: is required when status is done",
                "/follow_up/deadline: must not be before the walk (2027-01-27)",
            ])
        #expect(
            try validateContribution(
                plugin, try json(#"{"sequence": 1, "location": {}, "category": "x", "description": "y", "urgency": "low"}"#),
                config: try json(PlanFixtures.walk)
            )
            .errors == [
                "/location: needs coordinates (lat and lon), an address, or both",
                "/category: must be maintenance, safety, greenery, traffic, social or wish, not \"x\"",
            ])
        #expect(
            try validateContribution(
                plugin, try observation(2, #", "follow_up": {"status": "open", "resolved_on": "2027-02-01"}"#),
                config: try json(PlanFixtures.walk)
            )
            .errors == ["/follow_up/resolved_on: must be left out while status is open; set status to done or wont_do"])
    }

    @Test("CSV import: dotted columns, decimal commas, ignored extra columns; YAML import keeps types")
    func importing() throws {
        let rows = try json(
            """
            [{"sequence": "1", "location.lat": "52,0901", "location.lon": "5,1211", "category": "traffic", "description": "Drempel",
              "urgency": "medium", "follow_up.owner": "Wijkbeheer", "follow_up.deadline": "2027-02-01", "initialen": "JB"},
             {"sequence": "x", "category": "social", "description": "y", "urgency": "low"},
             {"sequence": "3", "location.address": "Plein 3", "category": "greenery", "description": "Boom", "urgency": "low",
              "follow_up.status": "done", "follow_up.resolved_on": "2027-01-20"}]
            """
        ).elements
        let csv = try importRows(plugin, rows, format: "csv", config: try json(PlanFixtures.walk))
        #expect(
            csv.contributions.map(\.contribution) == [
                try json(
                    #"{"sequence": 1, "location": {"lat": 52.0901, "lon": 5.1211}, "category": "traffic", "kind": "maintenance", "description": "Drempel", "urgency": "medium", "follow_up": {"owner": "Wijkbeheer", "deadline": "2027-02-01", "status": "open"}}"#
                )
            ])
        #expect(
            csv.errors.map { "\($0.row) \($0.pointer): \($0.message)" } == [
                "3 /sequence: column sequence: \"x\" is not a whole number",
                "3 /location: is required",
                "4 /follow_up/resolved_on: must not be before the walk (2027-01-27)",
            ])
        let yaml = try importRows(
            plugin, [try observation(5, #", "notes": "ignored""#)], format: "yaml", config: try json(PlanFixtures.walk), firstRow: 1)
        #expect(yaml.contributions.first?.contribution["sequence"] == .int(5))
        #expect(yaml.errors.isEmpty)
    }

    @Test("evaluation: distributions, share resolved, overdue against the newest created_at, median days to resolution")
    func evaluation() throws {
        let config = try json(PlanFixtures.walk)
        let outcome = try evaluate(
            plugin, config: config,
            [
                (
                    try observation(1, #", "follow_up": {"owner": "A", "status": "done", "resolved_on": "2027-02-06"}"#),
                    "2027-01-28T10:00:00Z", false
                ),
                (
                    try observation(2, #", "follow_up": {"owner": "B", "status": "done", "resolved_on": "2027-02-26"}"#),
                    "2027-01-28T10:05:00Z", false
                ),
                (
                    try observation(
                        3, #", "urgency": "high", "follow_up": {"owner": "C", "deadline": "2027-02-15", "status": "in_progress"}"#),
                    "2027-03-02T11:00:00Z", false
                ),
                (try observation(4, #", "follow_up": {"deadline": "2027-03-02", "status": "open"}"#), nil, false),
                (
                    try json(
                        #"{"sequence": 4, "location": {"address": "b"}, "category": "wish", "description": "Speeltuin", "urgency": "high", "crow_score": "C"}"#
                    ), nil, false
                ),
            ])
        #expect(outcome.value("observations") == 5)
        #expect(
            outcome.distribution("observations_by_category") == [
                "maintenance": 4, "safety": 0, "greenery": 0, "traffic": 0, "social": 0, "wish": 1,
            ])
        #expect(outcome.distribution("observations_by_kind") == ["maintenance": 4, "wish": 1])
        #expect(outcome.distribution("observations_by_urgency") == ["low": 0, "medium": 3, "high": 2])
        #expect(outcome.distribution("follow_up_status") == ["open": 1, "in_progress": 1, "done": 2, "wont_do": 0, "none": 1])
        #expect(outcome.distribution("crow_scores") == ["A+": 0, "A": 0, "B": 0, "C": 1, "D": 0])
        #expect(outcome.value("resolved_ratio") == 0.4)
        // Reference date 2027-03-02: #3 (deadline 15 February) is overdue, #4 (deadline 2 March) is not yet.
        #expect(outcome.value("overdue_follow_ups") == 1)
        // From the walk on 27 January: 10 and 30 days.
        #expect(outcome.value("median_days_to_resolution") == 20)
        #expect(outcome.findingIDs == ["overdue-follow-ups", "urgent-without-owner", "duplicate-sequence-numbers"])
        #expect(outcome.findings[0]["severity"] == .string("critical"))
        #expect(
            outcome.findings[0]["message"]?["en"]
                == .string("1 follow-up is past the deadline (reference date 2 March 2027): observation #3."))
        #expect(outcome.findings[1]["message"]?["en"] == .string("1 urgent observation has no owner yet: #4."))
        let declared = Set(plugin.manifest.metrics.map(\.id))
        #expect(Set(outcome.metrics.compactMap { $0["id"]?.stringValue }) == declared)
    }

    @Test("without created_at there is no reference date, so overdue follow-ups are left out; no observations gives a finding")
    func evaluationEdges() throws {
        let config = try json(PlanFixtures.walk)
        let undated = try evaluate(
            plugin, config: config, [(try observation(1, #", "follow_up": {"deadline": "2027-02-01"}"#), nil, false)])
        #expect(undated.metric("overdue_follow_ups") == nil)
        #expect(undated.metric("median_days_to_resolution") == nil)
        let empty = try evaluate(plugin, config: config, [])
        #expect(empty.metrics == [MetricValue.count("observations", 0)])
        #expect(empty.findingIDs == ["no-observations"])
    }
}
