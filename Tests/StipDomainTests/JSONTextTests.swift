import Foundation
import StipDomain
import Testing

@Suite("JSON text reader and writer")
struct JSONTextTests {
    @Test(
        "values survive writing and reading back",
        arguments: [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
            #"{"text":"Café — ë \"quoted\" \\ back\nnew\ttab \u0001 🎉"}"#,
            #"[-0,1.5,-2.25e-3,1e21,9223372036854775807]"#,
            #"{"":""}"#,
            #"[]"#, #"{}"#, #""just a string""#, "42",
        ])
    func roundTrip(_ text: String) throws {
        let value = try JSONValue.parse(bytes: Array(text.utf8))
        let written = value.jsonBytes()
        #expect(try JSONValue.parse(bytes: written) == value)
        // Foundation reads what we write.
        _ = try JSONSerialization.jsonObject(with: Data(written), options: [.fragmentsAllowed])
    }

    @Test("reads what Foundation writes, escapes included")
    func readsFoundation() throws {
        let object: [String: Any] = ["name": "Gemeente \u{2028}Utrecht", "n": 3, "x": 0.5, "list": ["a", "\u{1F600}"]]
        let data = try JSONSerialization.data(withJSONObject: object)
        let value = try JSONValue.parse(bytes: data)
        #expect(value["name"]?.stringValue == "Gemeente \u{2028}Utrecht")
        #expect(value["n"] == .int(3))
        #expect(value["x"] == .double(0.5))
        #expect(value["list"]?.elements.last?.stringValue == "\u{1F600}")
        #expect(try JSONValue.parse(bytes: Array(#""\ud83d\ude00""#.utf8)).stringValue == "\u{1F600}")
    }

    @Test(
        "malformed text is refused with the place where it broke",
        arguments: [
            ("{\"a\": }", 6), ("[1,]", 3), ("{\"a\" 1}", 5), ("\"unterminated", 13), ("tru", 0), ("01", 1), ("[1] 2", 4),
            ("\"\\ud800\"", 7),
        ])
    func malformed(_ text: String, _ offset: Int) {
        do {
            _ = try JSONValue.parse(bytes: Array(text.utf8))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
        }
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes: Array(text.utf8)) }
    }
}
