import Foundation
import StipJSON
import Testing

@Suite("JSON text reader and writer")
struct JSONReaderWriterTests {
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
        let value = try JSONValue.parse(text)
        let written = value.jsonBytes()
        #expect(try JSONValue.parse(bytes: written) == value)
        #expect(try JSONValue.parse(value.prettyJSONText) == value)
        // Another implementation reads what we write.
        _ = try JSONSerialization.jsonObject(with: Data(written), options: [.fragmentsAllowed])
    }

    @Test("reads what Foundation writes, escapes included")
    func readsFoundation() throws {
        let object: [String: Any] = ["name": "Gemeente \u{2028}Utrecht", "n": 3, "x": 0.5, "list": ["a", "\u{1F600}"]]
        let data = try JSONSerialization.data(withJSONObject: object)
        let value = try JSONValue.parse(data)
        #expect(value["name"]?.stringValue == "Gemeente \u{2028}Utrecht")
        #expect(value["n"] == .int(3))
        #expect(value["x"] == .double(0.5))
        #expect(value["list"]?.elements.last?.stringValue == "\u{1F600}")
        #expect(try JSONValue.parse(#""\ud83d\ude00""#).stringValue == "\u{1F600}")
    }

    @Test("objects are written with sorted keys, the same bytes every time")
    func sortedKeys() throws {
        let value = JSONValue.object(["b": .int(1), "a": .array([.null, .bool(true)]), "c": .string("/x")])
        #expect(value.jsonText == #"{"a":[null,true],"b":1,"c":"/x"}"#)
        #expect(value.prettyJSONText == "{\n  \"a\": [\n    null,\n    true\n  ],\n  \"b\": 1,\n  \"c\": \"/x\"\n}")
    }

    @Test(
        "malformed text is refused with what is wrong and where",
        arguments: [
            ("{\"a\": }", 1, 7, "where a value should start"),
            ("[1,]", 1, 3, "a comma before ']'"),
            ("{\"a\" 1}", 1, 6, "expected ':' after the member name \"a\""),
            ("\"unterminated", 1, 1, "the text ends inside a string"),
            ("tru", 1, 1, "\"tru\" is not a JSON value"),
            ("01", 1, 1, "does not start with 0"),
            ("[1] 2", 1, 5, "unexpected text after the JSON value"),
            ("\"\\ud800\"", 1, 2, "a lone UTF-16 high surrogate"),
            ("\"\\udc00\"", 1, 2, "a lone UTF-16 low surrogate"),
            ("1e999", 1, 1, "out of range"),
            ("", 1, 1, "the text is empty"),
            ("{\n  \"a\": [1,\n  2\n", 4, 1, "the JSON ends too early"),
            ("{'a': 1}", 1, 2, "double quotes"),
            ("\"line\nbreak\"", 1, 6, "control character inside a string"),
            ("{\"é\": x}", 1, 7, "unexpected 'x'"),
        ])
    func malformed(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        do {
            _ = try JSONValue.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.line == line && error.column == column, "\(text): \(error)")
            #expect(error.message.contains(words), "\(text): \(error.message)")
            #expect(error.description.hasSuffix("at line \(line), column \(column)"))
        }
    }

    @Test("text that is not UTF-8 is refused, not repaired")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("{\"a\": \"ok ".utf8) + [0xFF, 0xFE] + Array("\"}".utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(bytes: bytes) }
        do {
            _ = try JSONValue.parse(bytes: bytes)
        } catch {
            #expect(error.message.contains("not valid UTF-8"))
            #expect(error.offset == 10)
        }
    }

    @Test("non-ASCII text is read as written, and every kind of broken UTF-8 is refused, with or without escapes")
    func utf8Validation() throws {
        #expect(
            try JSONValue.parse(#"{"a": "Café ’s-Hertogenbosch 🚲", "b": "\n€"}"#)
                == .object(["a": .string("Café ’s-Hertogenbosch 🚲"), "b": .string("\n€")]))
        #expect(try JSONValue.parse(bytes: Array("\"".utf8) + [0xEF, 0xBF, 0xBD] + Array("\"".utf8)) == .string("\u{FFFD}"))
        let broken: [[UInt8]] = [
            [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x9A], [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80],
            [0xEF, 0xBF], [0xFF],
        ]
        for bytes in broken {
            for escaped in [false, true] {
                let text = Array("\"x".utf8) + (escaped ? Array("\\n".utf8) : []) + bytes + Array("y\"".utf8)
                #expect(throws: JSONSyntaxError.self, "\(bytes) must be refused") { try JSONValue.parse(bytes: text) }
            }
        }
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
    }

    @Test("numbers: integers stay integers while they fit, others are doubles")
    func numbers() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("2.0") == .double(2))
        #expect(JSONValue.double(.infinity).jsonText == "null")
    }
}
