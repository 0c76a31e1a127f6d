import Foundation
import MethodSupport
import StipPluginKit
import Testing

@Suite("MethodSupport: the shared readers and helpers")
struct MethodSupportTests {
    @Test("trimmedText trims what Foundation's whitespacesAndNewlines trims, and nothing else")
    func trimmedText() {
        for text in [
            "", " ", "ja", " ja ", "\tja\n", "\u{00A0}nee\u{2003}", "\r\n", "\u{2028}x\u{3000}", "a b", " é ", "🚲 ", "\u{200B}x\u{200B}",
            "\u{85}x", "x\u{FEFF}", "\u{180E}x\u{1680}", "\u{200C}x\u{200D}", "\u{2060}x", "\u{FFFC}", "\u{0B}\u{0C}x\u{1C}\u{1F}",
        ] {
            #expect(text.trimmedText == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test("JSON Pointers escape ~ and / in member names")
    func pointers() {
        #expect(JSONPointer.root.description == "")
        #expect(JSONPointer.root.appending("sessions").appending(0).appending("ends").description == "/sessions/0/ends")
        #expect(JSONPointer.root.appending("a/b").appending("c~d").description == "/a~1b/c~0d")
    }

    @Test("local date-times: both ISO forms are read and normalised with seconds")
    func localDateTimes() throws {
        #expect(LocalDateTime("2027-01-20T19:30")?.description == "2027-01-20T19:30:00")
        #expect(LocalDateTime("2027-01-20 19:30:15")?.description == "2027-01-20T19:30:15")
        #expect(LocalDateTime("2027-01-20T24:00") == nil)
        #expect(LocalDateTime("2027-02-29T10:00") == nil)
        #expect(LocalDateTime("2028-02-29T10:00") != nil)
        #expect(try #require(LocalDateTime("2027-01-20T19:30")) < #require(LocalDateTime("2027-01-20T21:30")))
        #expect(
            try #require(LocalDateTime("2027-01-21T00:00")).minuteNumber - #require(LocalDateTime("2027-01-20T23:30")).minuteNumber == 30)
    }

    @Test(
        "date-time messages say what is wrong",
        arguments: [
            (
                "2027-01-20T19:30Z",
                "must be a local time without a time zone, like 2027-01-20T19:30 (times are in the workspace's time zone)"
            ),
            (
                "2027-01-20T19:30+01:00",
                "must be a local time without a time zone, like 2027-01-20T19:30 (times are in the workspace's time zone)"
            ),
            ("2027-02-30T10:00", "2027-02-30 is not a day of the calendar"),
            ("2027-01-20T25:00", "25:00 is not a time of day (00:00 to 23:59)"),
            ("2027-01-20", "needs a time of day as well, like 2027-01-20T19:30"),
            ("morgen", "must be a local date and time like 2027-01-20T19:30 (it is \"morgen\")"),
        ])
    func dateTimeMessages(text: String, message: String) {
        let problems = FieldProblems()
        #expect(LocalDateTime.read(.string(text), at: .root.appending("starts"), problems) == nil)
        #expect(problems.errors == [FieldError(pointer: "/starts", message: message)])
    }

    @Test("dates: read strictly, with day arithmetic and the UTC day of a timestamp")
    func dates() throws {
        let problems = FieldProblems()
        #expect(LocalDate.read(.string("2027-01-27"), at: .root, problems)?.description == "2027-01-27")
        #expect(LocalDate.read(.string("27-01-2027"), at: .root.appending("a"), problems) == nil)
        #expect(LocalDate.read(.string("2027-02-30"), at: .root.appending("b"), problems) == nil)
        #expect(LocalDate.read(.string("2027-01-27T10:00"), at: .root.appending("c"), problems) == nil)
        #expect(LocalDate.read(.int(20270127), at: .root.appending("d"), problems) == nil)
        #expect(
            problems.errors.map(\.message) == [
                "must be a date like 2027-01-27 (year-month-day; it is \"27-01-2027\")", "2027-02-30 is not a day of the calendar",
                "must be a date like 2027-01-27, without a time (it is \"2027-01-27T10:00\")",
                "must be a date like 2027-01-27 (it is a number)",
            ])
        let walk = try #require(LocalDate("2027-01-27"))
        #expect(walk.days(until: try #require(LocalDate("2027-03-01"))) == 33)
        #expect(LocalDate(timestampPrefixOf: "2027-03-02T23:30:00Z")?.description == "2027-03-02")
        #expect(LocalDate("1970-01-02")?.daysSinceEpoch == 1)
    }

    @Test("object readers report every problem at its pointer, with did-you-mean hints for typos")
    func objectReader() throws {
        let problems = FieldProblems()
        let object = try #require(
            ObjectReader(
                try json(#"{"name": " ", "capacty": 3, "count": 2.5, "kind": "Browser", "flag": "ja", "skip": null}"#), at: .root,
                problems: problems))
        #expect(object.text("name", required: true, maxLength: 10) == nil)
        #expect(object.int("count", required: true, in: 0...10) == nil)
        #expect(object.int("capacity", required: true, in: 1...10) == nil)
        #expect(object.bool("flag") == nil)
        #expect(object.text("skip", required: false, maxLength: 10) == nil)
        enum Limit: String, CaseIterable { case browser, code }
        #expect(object.choice(Limit.self, "kind", required: true) == .browser)
        object.rejectUnknownKeys(["name", "capacity", "count", "kind", "flag", "skip"])
        #expect(
            problems.errors == [
                FieldError(pointer: "/name", message: "must not be empty"),
                FieldError(pointer: "/count", message: "must be a whole number (it is a fraction)"),
                FieldError(pointer: "/capacity", message: "is required"),
                FieldError(pointer: "/flag", message: "must be true or false (it is the text \"ja\")"),
                FieldError(
                    pointer: "/capacty",
                    message: "unknown field (did you mean capacity?); known fields are name, capacity, count, kind, flag and skip"),
            ])
    }

    @Test("one problem per field: the first one recorded wins")
    func oneProblemPerField() {
        let problems = FieldProblems()
        problems.add(.root.appending("score"), "column score: \"tien\" is not a whole number")
        problems.add(.root.appending("score"), "is required")
        #expect(problems.errors.map(\.message) == ["column score: \"tien\" is not a whole number"])
    }

    @Test("bilingual labels: a plain string is Dutch, English falls back to it, canonical form is kept")
    func bilingualLabels() throws {
        let problems = FieldProblems()
        let plain = try #require(BilingualLabel.read(.string(" Welkom "), at: .root, problems, maxLength: 20))
        #expect(plain.text(for: "en") == "Welkom")
        #expect(try JSONValue(encoding: plain) == .string("Welkom"))
        let both = try #require(BilingualLabel.read(try json(#"{"nl": "Welkom", "en": "Welcome"}"#), at: .root, problems, maxLength: 20))
        #expect(both.text(for: "en") == "Welcome")
        #expect(both.text(for: "fy") == "Welkom")
        #expect(try JSONValue(encoding: both) == json(#"{"nl": "Welkom", "en": "Welcome"}"#))
        #expect(BilingualLabel.read(try json(#"{"en": "Welcome"}"#), at: .root.appending("t"), problems, maxLength: 20) == nil)
        #expect(problems.errors == [FieldError(pointer: "/t/nl", message: "is required")])
    }

    @Test("CSV cells: whole numbers, decimals with a comma or a point, lists")
    func csvCells() {
        #expect(CSVCell.int(" 12 ") == 12)
        #expect(CSVCell.int("+3") == 3)
        #expect(CSVCell.int("-3") == -3)
        #expect(CSVCell.int("12.0") == nil)
        #expect(CSVCell.int("") == nil)
        #expect(CSVCell.number("52,0907") == 52.0907)
        #expect(CSVCell.number("52.0907") == 52.0907)
        #expect(CSVCell.number("1,234.5") == nil)
        #expect(CSVCell.number("abc") == nil)
        #expect(CSVCell.list("b; a ,c;;") == ["b", "a", "c"])
    }

    @Test("CSV rows build nested submissions from dotted column names")
    func csvRows() throws {
        let problems = FieldProblems()
        var row = try #require(
            CSVRow(try json(#"{"Count": "4", "follow_up.owner": " Gemeente ", "follow_up.deadline": "", "x": "y"}"#), problems: problems))
        row.int("count")
        row.text("follow_up.owner")
        row.text("follow_up.deadline")
        #expect(row.json == (try json(#"{"count": 4, "follow_up": {"owner": "Gemeente"}}"#)))
        #expect(problems.isEmpty)
    }

    @Test("CBS area codes: buurt and wijk, upper-cased")
    func areaCodes() {
        #expect(CBSAreaCode.normalised("bu03440110") == "BU03440110")
        #expect(CBSAreaCode.normalised("WK034401") == "WK034401")
        #expect(CBSAreaCode.normalised("GM0344") == nil)
        #expect(CBSAreaCode.normalised("BU0344011") == nil)
    }

    @Test("statistics: shares, margins of error, means and medians")
    func statistics() throws {
        #expect(Statistics.share(1, of: 4) == 0.25)
        #expect(Statistics.share(1, of: 0) == nil)
        let margin = try #require(Statistics.marginOfError(share: 0.5, n: 100))
        #expect(abs(margin - 0.098) < 0.0001)
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 2, 3]) == 2.5)
        #expect(Statistics.median([]) == nil)
        #expect(Statistics.mean([2, 4]) == 3)
        #expect(Statistics.meanMarginOfError([5]) == nil)
        let meanMargin = try #require(Statistics.meanMarginOfError([2, 4]))
        #expect(abs(meanMargin - 1.96 * (2.0 / 2).squareRoot()) < 1e-9)
    }

    @Test("metric values have the shapes of their kinds")
    func metricValues() throws {
        #expect(MetricValue.count("responses", 3) == (try json(#"{"id": "responses", "value": 3}"#)))
        #expect(
            MetricValue.ratio("share", 1.0 / 3, n: 3, marginOfError: 0.5)
                == (try json(#"{"id": "share", "value": 0.333333, "n": 3, "margin_of_error": 0.5}"#)))
        #expect(MetricValue.ratio("share", 1.2) == (try json(#"{"id": "share", "value": 1.0}"#)))
        #expect(MetricValue.distribution("d", ["a": 1], n: 1) == (try json(#"{"id": "d", "distribution": {"a": 1}, "n": 1}"#)))
    }

    @Test("lists in messages, did-you-mean and formatting")
    func wording() throws {
        #expect(englishList(["a"]) == "a")
        #expect(englishList(["a", "b", "c"], conjunction: "or") == "a, b or c")
        #expect(dutchList(["a", "b"]) == "a en b")
        #expect(closestName(to: "capacty", among: ["location", "capacity"]) == "capacity")
        #expect(closestName(to: "xyz", among: ["location", "capacity"]) == nil)
        #expect(Format.percent(0.456) == "46%")
        #expect(Format.decimal(6.26, locale: "nl") == "6,3")
        #expect(Format.decimal(6.35, digits: 2, locale: "en") == "6.35")
        #expect(Format.dateTime(try #require(LocalDateTime("2027-03-01T09:00")), locale: "nl") == "1 maart 2027 om 09:00")
    }

    @Test("Parsed keeps every problem instead of throwing, and encodes the canonical form")
    func parsed() throws {
        struct Pair: JSONModel {
            var a: Int
            var b: Int
            static func read(_ value: JSONValue, problems: FieldProblems) -> Pair? {
                guard let object = ObjectReader(value, at: .root, problems: problems) else { return nil }
                let a = object.int("a", required: true, in: 0...9)
                let b = object.int("b", required: true, in: 0...9)
                guard let a, let b else { return nil }
                return Pair(a: a, b: b)
            }
        }
        let bad = try json(#"{"a": 10, "b": "x"}"#).decode(Parsed<Pair>.self)
        #expect(bad.model == nil)
        #expect(bad.problems.map(\.pointer) == ["/a", "/b"])
        #expect(throws: RPCError.self) { try bad.validConfig() }
        let good = try json(#"{"a": 1.0, "b": 2}"#).decode(Parsed<Pair>.self)
        #expect(try JSONValue(encoding: good) == json(#"{"a": 1, "b": 2}"#))

        // Wrapped from a model (what `validate` returns): raw is its encoding, and both encoders hand that over.
        let wrapped = Parsed(Pair(a: 3, b: 4))
        #expect(try wrapped.raw == json(#"{"a": 3, "b": 4}"#))
        #expect(try JSONValue(encoding: wrapped) == json(#"{"a": 3, "b": 4}"#))
        #expect(try JSONValue(encoding: wrapped) == json(#"{"a": 3, "b": 4}"#))
        #expect(try JSONValue(encoding: [wrapped, wrapped]) == json(#"[{"a": 3, "b": 4}, {"a": 3, "b": 4}]"#))
    }
}
