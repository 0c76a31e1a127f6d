import Foundation
import MethodSupport
import PollMethod
import StipPluginKit
import Testing

@Suite("poll plugin")
struct PollTests {
    let plugin = Poll()

    /// A poll with every question type, bilingual texts and a list of areas.
    let everyType = """
        {"title": {"nl": "Stationsplein", "en": "Station square"}, "opens": "2027-03-01T09:00", "closes": "2027-03-21T23:59",
         "one_response_per": "code",
         "questions": [
           {"id": "variant", "type": "single_choice", "text": {"nl": "Welke variant?", "en": "Which design?"},
            "options": [{"id": "a", "label": {"nl": "Autoluw", "en": "Car-free"}}, {"id": "b", "label": "Groen"}]},
           {"id": "use", "type": "multiple_choice", "text": "Waarvoor komt u?", "min_selections": 1, "max_selections": 2,
            "options": [{"id": "bus", "label": "Bus"}, {"id": "shop", "label": "Winkelen"}, {"id": "bike", "label": "Fiets"}]},
           {"id": "safety", "type": "scale", "text": "Hoe veilig?", "min": 0, "max": 10, "min_label": "Onveilig", "max_label": "Veilig",
            "help": "0 is zeer onveilig."},
           {"id": "priorities", "type": "ranking", "text": "Wat is het belangrijkst?",
            "options": [{"id": "green", "label": "Groen"}, {"id": "parking", "label": "Fietsparkeren"}, {"id": "seating", "label": "Zitplekken"}]},
           {"id": "remark", "type": "text", "text": "Nog iets?", "optional": true, "max_length": 100}],
         "profile_questions": ["role", "area"],
         "areas": [{"code": "BU99990101", "label": "Stationsbuurt"}, {"code": "bu99990102", "label": "Centrum"}]}
        """

    @Test("the example plan's config is valid and gets its defaults; normalising is idempotent")
    func examplePlan() throws {
        let normalised = try #require(try validateConfig(plugin, try json(PlanFixtures.poll)).value)
        #expect(normalised["opens"] == .string("2027-03-01T09:00:00"))
        #expect(normalised["closes"] == .string("2027-03-21T23:59:00"))
        #expect(normalised["one_response_per"] == .string("browser"))
        #expect(normalised["profile_questions"] == (try json(#"["age_band", "area", "role"]"#)))
        let questions = normalised["questions"]?.elements ?? []
        #expect(questions.map { $0["optional"] } == [.bool(false), .bool(false), .bool(true)])
        #expect(questions[2]["max_length"] == .int(2000))
        #expect(questions[0]["options"]?.elements.count == 3)
        #expect(try validateConfig(plugin, normalised).value == normalised)
        let full = try #require(try validateConfig(plugin, try json(everyType)).value)
        #expect(full["profile_questions"] == (try json(#"["area", "role"]"#)))
        #expect(full["areas"]?.elements.last?["code"] == .string("BU99990102"))
        #expect(try validateConfig(plugin, full).value == full)
    }

    @Test("an invalid config gets every problem at once, each at its pointer")
    func invalidConfig() throws {
        let result = try validateConfig(
            plugin,
            try json(
                """
                {"opens": "2027-03-21T09:00", "closes": "2027-03-01T09:00", "one_response_per": "email",
                 "questions": [
                   {"id": "variant", "type": "single_choice", "text": "x", "options": [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]},
                   {"id": "safety", "type": "scale", "text": "y", "min": 5, "max": 1},
                   {"id": "wide", "type": "scale", "text": "y", "min": 0, "max": 20, "options": []},
                   {"id": "variant", "type": "txt", "text": "z"},
                   {"id": "m", "type": "multiple_choice", "text": "m", "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                    "min_selections": 2, "max_selections": 1},
                   {"id": "r", "type": "ranking", "text": "r", "options": [{"id": "only", "label": "Eén"}]},
                   {"id": "profile_role", "type": "text", "text": "t", "max_length": 0}],
                 "profile_questions": ["age_band", "age_band", "gender"],
                 "areas": [{"code": "GM0344", "label": "Utrecht"}]}
                """))
        #expect(
            result.errors == [
                "/closes: must be after opens (2027-03-21 09:00)",
                "/one_response_per: must be browser or code, not \"email\"",
                "/questions/0/options/1/id: duplicate option id: /questions/0/options/0 has it too",
                "/questions/1/max: must be greater than min (5)",
                "/questions/2/options: is not used by scale questions, only by single_choice, multiple_choice and ranking questions",
                "/questions/2/max: a scale has at most 11 points: max must be at most min + 10 (10)",
                "/questions/3/type: must be single_choice, multiple_choice, scale, ranking or text, not \"txt\"; did you mean text?",
                "/questions/4/max_selections: must be at least min_selections (2)",
                "/questions/5/options: must have at least 2 items",
                "/questions/6/max_length: must be from 1 to 10000 (it is 0)",
                "/questions/3/id: duplicate question id: /questions/0 has it too",
                "/questions/6/id: is reserved for the profile question role; choose another id",
                "/profile_questions/2: must be age_band, area or role, not \"gender\"",
                "/profile_questions/1: is listed twice",
                "/areas/0/code: must be a CBS neighbourhood code (BU and 8 digits) or district code (WK and 6 digits), not \"GM0344\"",
                "/areas: is used only with the profile question area: add area to profile_questions or leave areas out",
            ])
        #expect(try validateConfig(plugin, .object([:])).pointers == ["/opens", "/closes", "/questions"])
    }

    @Test("a valid response is normalised: trimmed text, empty optional answers dropped, selections in the config's order")
    func validResponse() throws {
        let result = try validateContribution(
            plugin,
            try json(
                """
                {"answers": {"variant": "b", "use": ["shop", "bus"], "safety": 0, "priorities": ["seating", "green", "parking"],
                             "remark": "  "},
                 "profile": {"area": "bu99990101", "role": "Resident"}}
                """), config: try json(everyType))
        let expected = try json(
            """
            {"answers": {"variant": "b", "use": ["bus", "shop"], "safety": 0, "priorities": ["seating", "green", "parking"]},
             "profile": {"area": "BU99990101", "role": "resident"}}
            """)
        #expect(result.value == expected)
        #expect(try validateContribution(plugin, expected, config: try json(everyType)).value == expected)
    }

    @Test("every answer is checked against its question, all problems at once")
    func invalidResponse() throws {
        let result = try validateContribution(
            plugin,
            try json(
                """
                {"answers": {"variant": "c", "use": ["bus", "car", "bus"], "safety": 11, "priorities": ["green", "green"],
                             "remark": "\(String(repeating: "x", count: 101))", "wy": "?"},
                 "profile": {"age_band": "15-25", "area": "BU99990199", "role": "mayor"}}
                """), config: try json(everyType))
        #expect(
            result.errors == [
                "/answers/priorities/1: green is ranked twice; rank every option once",
                "/answers/remark: must be at most 100 characters (it has 101)",
                "/answers/safety: must be from 0 to 10 (it is 11)",
                "/answers/use/1: unknown option \"car\"; the options are bus, shop and bike",
                "/answers/use/2: bus is chosen twice",
                "/answers/variant: must be one of the options a or b, not \"c\"",
                "/answers/wy: unknown question; the questions are variant, use, safety, priorities and remark",
                "/profile/age_band: is not asked in this poll; leave it out",
                "/profile/role: must be resident, entrepreneur, organisation, visitor or other, not \"mayor\"",
                "/profile/area: must be one of the poll's areas: BU99990101 or BU99990102",
            ])
    }

    @Test("required questions must be answered; rankings must be complete; selections within their bounds")
    func requiredAndComplete() throws {
        let config = try json(everyType)
        #expect(
            try validateContribution(plugin, try json(#"{"answers": {}}"#), config: config).errors == [
                "/answers/variant: is required", "/answers/use: is required", "/answers/safety: is required",
                "/answers/priorities: is required",
            ])
        let partial = try validateContribution(
            plugin,
            try json(#"{"answers": {"variant": "a", "use": ["bus", "shop", "bike"], "safety": "7", "priorities": ["green"]}}"#),
            config: config)
        #expect(
            partial.errors == [
                "/answers/priorities: must rank every option once; missing parking and seating",
                "/answers/safety: must be a whole number from 0 to 10",
                "/answers/use: choose from 1 to 2 options (3 chosen)",
            ])
        #expect(
            try validateContribution(plugin, try json(#"{"answer": {}}"#), config: config).errors == [
                "/answer: unknown field (did you mean answers?); known fields are answers and profile", "/answers: is required",
            ])
    }

    @Test("the public form follows the config, in Dutch or English, with optional profile questions")
    func publicForm() throws {
        let config = try json(everyType).decode(Poll.Config.self)
        let en = try plugin.publicForm(config: config, locale: "en")
        #expect(en["title"] == .string("Station square"))
        #expect(en["submit_label"] == .string("Send"))
        let fields = en["fields"]?.elements ?? []
        #expect(
            fields.compactMap { $0["id"]?.stringValue } == [
                "variant", "use", "safety", "priorities", "remark", "profile_area", "profile_role",
            ])
        #expect(fields.compactMap { $0["pointer"]?.stringValue }.last == "/profile/role")
        #expect(fields[0]["label"] == .string("Which design?"))
        #expect(fields[0]["options"] == (try json(#"[{"id": "a", "label": "Car-free"}, {"id": "b", "label": "Groen"}]"#)))
        #expect(fields[0]["required"] == .bool(true) && fields[0]["pointer"] == .string("/answers/variant"))
        #expect(fields[1]["help"] == .string("Choose 1 to 2."))
        #expect(fields[2]["type"] == .string("scale") && fields[2]["min"] == .int(0) && fields[2]["max"] == .int(10))
        #expect(fields[2]["min_label"] == .string("Onveilig") && fields[2]["help"] == .string("0 is zeer onveilig."))
        #expect(fields[3]["type"] == .string("ranking"))
        #expect(fields[4]["type"] == .string("text") && fields[4]["required"] == .bool(false) && fields[4]["max_length"] == .int(100))
        #expect(fields[5]["options"]?.elements.map { $0["id"] } == [.string("BU99990101"), .string("BU99990102")])
        #expect(fields[5]["required"] == .bool(false))
        let nl = try plugin.publicForm(config: config, locale: "fy")  // unknown locales get Dutch
        #expect(nl["fields"]?.elements.first?["label"] == .string("Welke variant?"))
        #expect(nl["submit_label"] == .string("Versturen"))
        // The host states the period above the form; the poll does not repeat it in other words.
        #expect(nl["intro"]?.stringValue?.contains("2027") == false, "\(nl["intro"] ?? .null)")
        #expect(fields[3]["help"] == nil, "how to rank depends on the host's control, so the host says it")
    }

    @Test("the form of the example plan: a long text question is a textarea, the area question asks for a CBS code")
    func examplePlanForm() throws {
        let form = try plugin.publicForm(config: try json(PlanFixtures.poll).decode(Poll.Config.self), locale: "nl")
        let fields = form["fields"]?.elements ?? []
        #expect(
            fields.map { $0["type"] }
                == ["single_choice", "scale", "textarea", "single_choice", "text", "single_choice"].map { .string($0) })
        #expect(fields[3]["options"]?.elements.count == 5)
        #expect(form["title"] == .string("Peiling"))
        #expect(throws: RPCError.self) { try plugin.publicForm(config: try JSONValue.object([:]).decode(Poll.Config.self), locale: "nl") }
    }

    @Test("paper responses import from CSV (one column per question) and YAML")
    func importing() throws {
        let rows = try json(
            """
            [{"variant": "a", "use": "bus; shop", "safety": "7", "priorities": "parking,green,seating", "remark": "", "profile.role": "visitor",
              "naam": "X"},
             {"variant": "e", "use": "bus", "safety": "zeven", "priorities": "green;parking;seating"}]
            """
        ).elements
        let csv = try importRows(plugin, rows, format: "csv", config: try json(everyType))
        #expect(
            csv.contributions.map(\.contribution) == [
                try json(
                    #"{"answers": {"variant": "a", "use": ["bus", "shop"], "safety": 7, "priorities": ["parking", "green", "seating"]}, "profile": {"role": "visitor"}}"#
                )
            ])
        #expect(
            csv.errors.map { "\($0.row) \($0.pointer): \($0.message)" } == [
                "3 /answers/safety: column safety: \"zeven\" is not a whole number",
                "3 /answers/variant: must be one of the options a or b, not \"e\"",
            ])
        let yaml = try importRows(
            plugin, try json(#"[{"answers": {"variant": "b", "safety": 4}}]"#).elements, format: "yaml",
            config: try json(PlanFixtures.poll),
            firstRow: 1)
        #expect(yaml.contributions.first?.contribution == (try json(#"{"answers": {"variant": "b", "safety": 4}}"#)))
    }

    @Test("evaluation: responses, per day, completion, choice shares with margins, scale mean, Borda ranking")
    func evaluation() throws {
        let config = try json(everyType)
        func response(_ variant: String, _ safety: Int, _ ranking: String, remark: String? = nil) throws -> JSONValue {
            let remarkPart = remark.map { #", "remark": "\#($0)""# } ?? ""
            return try json(
                #"{"answers": {"variant": "\#(variant)", "use": ["bus"], "safety": \#(safety), "priorities": \#(ranking)\#(remarkPart)}}"#)
        }
        let outcome = try evaluate(
            plugin, config: config,
            [
                (try response("a", 8, #"["green", "parking", "seating"]"#, remark: "Mooi"), "2027-03-01T10:00:00Z", false),
                (try response("a", 6, #"["green", "seating", "parking"]"#), "2027-03-01T22:30:00Z", false),
                (try response("b", 4, #"["parking", "green", "seating"]"#), "2027-03-03T08:00:00Z", false),
                (try response("a", 7, #"["seating", "green", "parking"]"#), nil, false),
            ])
        #expect(outcome.value("responses") == 4)
        #expect(outcome.distribution("responses_per_day") == ["2027-03-01": 2, "2027-03-03": 1])
        #expect(outcome.value("completion_rate") == 0.25)
        #expect(outcome.distribution("choice_counts") == ["variant/a": 3, "variant/b": 1, "use/bus": 4, "use/shop": 0, "use/bike": 0])
        #expect(outcome.value("top_choice_share") == 0.75)
        let margin = try #require(outcome.metric("top_choice_share")?["margin_of_error"])
        #expect(margin == .double(MetricValue.rounded(1.96 * (0.75 * 0.25 / 4).squareRoot())))
        #expect(outcome.value("scale_mean") == 6.25)
        #expect(outcome.distribution("scale_distribution")["safety/8"] == 1)
        #expect(outcome.distribution("scale_distribution").count == 11)
        // Borda with 3 options: 2 points for first place, 1 for second, 0 for last.
        #expect(outcome.distribution("ranking_borda") == ["priorities/green": 6, "priorities/parking": 3, "priorities/seating": 3])
        #expect(
            outcome.findingIDs == [
                "results-variant", "results-use", "results-safety", "results-priorities", "results-remark", "no-clear-preference-variant",
                "low-completion",
            ])
        let variant = try #require(outcome.findings.first?["message"]?["en"]?.stringValue)
        #expect(variant == "\u{201C}Which design?\u{201D}: Car-free 75% (± 42%); Groen 25% (± 42%) (n = 4).")
        let ranking = try #require(outcome.findings[3]["message"]?["nl"]?.stringValue)
        #expect(ranking.contains("volgorde naar Borda-punten Groen (6), Fietsparkeren (3), Zitplekken (3) (n = 4)"))
        let declared = Set(plugin.manifest.metrics.map(\.id))
        #expect(Set(outcome.metrics.compactMap { $0["id"]?.stringValue }) == declared)
    }

    @Test("incremental evaluation: counts kept as state give the same figures and findings as evaluating everything at once")
    func incremental() throws {
        #expect(plugin.manifest.capabilities.incrementalEvaluation)
        let config = try json(everyType)
        func response(_ variant: String, _ safety: Int, _ ranking: String, remark: String? = nil) throws -> JSONValue {
            let remarkPart = remark.map { #", "remark": "\#($0)""# } ?? ""
            return try json(
                #"{"answers": {"variant": "\#(variant)", "use": ["bus"], "safety": \#(safety), "priorities": \#(ranking)\#(remarkPart)}}"#)
        }
        let all: [(JSONValue, createdAt: String?, responded: Bool)] = [
            (try response("a", 8, #"["green", "parking", "seating"]"#, remark: "Mooi"), "2027-03-01T10:00:00Z", false),
            (try response("a", 6, #"["green", "seating", "parking"]"#), "2027-03-01T22:30:00Z", false),
            (try response("b", 4, #"["parking", "green", "seating"]"#), "2027-03-03T08:00:00Z", false),
            (try response("b", 3, #"["seating", "green", "parking"]"#), "2027-03-04T09:00:00Z", false),
            (try response("a", 7, #"["seating", "green", "parking"]"#), nil, false),
        ]
        let whole = try evaluate(plugin, config: config, all)
        let inSteps = try evaluateIncrementally(
            plugin, config: config, cycles: [Array(all[0..<2]), [], Array(all[2..<4]), Array(all[4...])])
        #expect(inSteps.metrics == whole.metrics)
        #expect(inSteps.findings == whole.findings)
        #expect(inSteps.value("responses") == 5)
        #expect(inSteps.value("scale_mean") == 5.6)
        // The state is counts, never the answers themselves: the remark's text is not in it.
        let state = try #require(inSteps.state)
        #expect(!state.jsonText.contains("Mooi"))
        #expect(state["responses"] == .int(5))
    }

    @Test("a state that is not the poll's counts is refused, saying to start over")
    func foreignState() throws {
        let config = try json(everyType).decode(Poll.Config.self)
        #expect(throws: RPCError.self) { _ = try plugin.tally(config: config, state: .object(["responses": .string("many")])) }
        do {
            _ = try plugin.tally(config: config, state: .array([]))
            Issue.record("a foreign state was taken")
        } catch let error as RPCError {
            #expect(error.message.contains("send state null to start over"))
        }
    }

    @Test("no responses: only the count, and a finding")
    func noResponses() throws {
        let outcome = try evaluate(plugin, config: try json(PlanFixtures.poll), [])
        #expect(outcome.metrics == [MetricValue.count("responses", 0)])
        #expect(outcome.findingIDs == ["no-responses"])
    }
}
