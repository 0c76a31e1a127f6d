import Foundation
import StipConfig
import Testing

@Suite("Encoding")
struct EncoderTests {
    struct Goal: Codable, Equatable {
        var id: String
        var metric: String
        var target: Double
    }

    struct Plan: Codable, Equatable {
        var name: String
        var notes: String?
        var starts: Date
        var goals: [Goal]
        var tags: [String]
        var limits: [String: Int]
        var matrix: [[Int]]
        var admin: SampleAdminConfig
    }

    static let plan = Plan(
        name: "Spring launch",
        notes: nil,
        starts: Date(timeIntervalSince1970: 1_800_473_400),
        goals: [Goal(id: "reach", metric: "x", target: 1), Goal(id: "depth", metric: "y: z", target: 0.1)],
        tags: [],
        limits: [:],
        matrix: [[1, 2], [], [3]],
        admin: SampleAdminConfig(socket: "/run/stip.sock", socketMode: "0660", maxBodyBytes: nil)
    )

    func roundTrip<T: Codable & Equatable>(_ value: T) throws {
        let text = try YAMLEncoder().encode(value)
        let decoded = try YAMLDecoder().decode(T.self, from: text)
        #expect(decoded == value, "encoded as:\n\(text)")
    }

    @Test func blockLayout() throws {
        let text = try YAMLEncoder().encode(Self.plan)
        #expect(
            text == """
                name: Spring launch
                starts: "2027-01-20T19:30:00Z"
                goals:
                  - id: reach
                    metric: x
                    target: 1.0
                  - id: depth
                    metric: "y: z"
                    target: 0.1
                tags: []
                limits: {}
                matrix:
                  - - 1
                    - 2
                  - []
                  - - 3
                admin:
                  socket: /run/stip.sock
                  socket_mode: "0660"

                """)
        try roundTrip(Self.plan)
    }

    @Test(arguments: [
        "yes", "No", "ON", "off", "y", "", " ", "true", "False", "null", "~", "NULL", "12", "-3", "1.5", "1e3", ".inf",
        "0x1F", "0660", "2027-01-10", "a: b", "# x", "a #b", "trailing:", "- item", "[list]", "{map}", "&anchor",
        "*alias", "!tag", "|", ">", "'single'", "\"double\"", "%directive", "@at", "`tick", "<<", "---", "...",
        " leading", "trailing ", "tab\there", "Café — ë", "emoji 🎉", "back\\slash", "bell\u{7}", "nbsp\u{A0}x",
        "line\u{2028}separator", "plain text, with commas", "key:value", "http://example.com/a?b=c#d",
    ])
    func stringsRoundTrip(_ text: String) throws {
        try roundTrip([text])
        try roundTrip(["key": text])
        try roundTrip([text: 1])
    }

    @Test(arguments: [
        "line one\nline two", "line one\nline two\n", "ends with two\n\n", "a\n\nb\n", "  indented first\nline",
        "trailing space \nline", "\nstarts with newline", "tab\tinside\nline\n", "carriage\r\nreturn",
        "# not a comment\n- not a list\n",
    ])
    func multiLineStringsRoundTrip(_ text: String) throws {
        try roundTrip(["text": text])
        try roundTrip([["text": text]])
    }

    @Test func unicodeIsWrittenAsIs() throws {
        #expect(try YAMLEncoder().encode(["name": "Café — ë"]) == "name: Café — ë\n")
    }

    @Test func multiLineTextUsesALiteralBlock() throws {
        let text = try YAMLEncoder().encode(["poem": "roses\nviolets", "note": "done\n"])
        #expect(text.contains("poem: |-\n  roses\n  violets\n"))
        #expect(text.contains("note: |\n  done\n"))
        let listed = try YAMLEncoder().encode(["one\ntwo"])
        #expect(listed == "- |-\n  one\n  two\n")
    }

    @Test func numbersRoundTrip() throws {
        try roundTrip([0.1, 1.0, -2.5, 1e300, .leastNonzeroMagnitude, 123_456_789.125, .infinity, -.infinity])
        try roundTrip([Int.min, Int.max, 0])
        try roundTrip([UInt64.max])
        try roundTrip([Float(0.1), Float(3)])
        #expect(try YAMLEncoder().encode([1e20]) == "- 1.0e+20\n")
    }

    @Test func optionalsAndNulls() throws {
        struct Maybe: Codable, Equatable {
            var present: Int?
            var absent: Int?
        }
        let text = try YAMLEncoder().encode(Maybe(present: 1, absent: nil))
        #expect(text == "present: 1\n")
        try roundTrip(Maybe(present: nil, absent: nil))
        #expect(try YAMLEncoder().encode([1, nil, 3] as [Int?]) == "- 1\n- null\n- 3\n")
        try roundTrip([1, nil, 3] as [Int?])
    }

    @Test func scalarsAtTheRoot() throws {
        #expect(try YAMLEncoder().encode("yes") == "\"yes\"\n")
        #expect(try YAMLEncoder().encode(42) == "42\n")
        #expect(try YAMLEncoder().encode([String]()) == "[]\n")
        try roundTrip("plain")
        try roundTrip(true)
        try roundTrip(Data([0, 1, 2, 255]))
        try roundTrip(URL(string: "https://example.com/x?y=1")!)
        try roundTrip(Date(timeIntervalSince1970: 1_800_473_400.25))
    }

    @Test func genericValuesRoundTrip() throws {
        let value = SampleJSONValue.object([
            "list": .array([.int(1), .string("1"), .bool(false), .string("false"), .null, .double(2.5)]),
            "nested": .object(["empty": .object([:]), "none": .array([])]),
        ])
        try roundTrip(value)
    }
}
