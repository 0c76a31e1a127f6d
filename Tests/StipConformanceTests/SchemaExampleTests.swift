@testable import StipConformance
import StipJSON
import StipPluginProtocol
import Testing

@Suite("a config built from config_schema, for the probes that need a valid one")
struct SchemaExampleTests {
    func example(_ schema: String) throws -> JSONValue? {
        SchemaExample(try JSONValue.parse(bytes: Array(schema.utf8))).instance()
    }

    @Test("required members are filled with the least their schema allows, and the result validates")
    func required() throws {
        let schema = """
            {"type": "object", "required": ["question", "max_length", "tags", "kind"],
             "properties": {"question": {"type": "string", "minLength": 20, "maxLength": 500},
                            "max_length": {"type": "integer", "minimum": 10, "maximum": 5000},
                            "tags": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
                            "kind": {"enum": ["open", "closed"]},
                            "optional": {"type": "string", "pattern": "^x$"}}}
            """
        let instance = try #require(try example(schema))
        #expect(instance["question"]?.stringValue?.count == 20)
        #expect(instance["max_length"] == .int(10))
        #expect(instance["tags"]?.elements.count == 2)
        #expect(instance["kind"] == .string("open"))
        #expect(instance["optional"] == nil, "only required members")
    }

    @Test("examples and defaults come first; $ref into $defs is followed")
    func examplesAndReferences() throws {
        #expect(
            try example(#"{"type": "object", "examples": [{"question": "Wat mist u?"}]}"#) == .object(["question": .string("Wat mist u?")]))
        let referenced =
            ##"{"type": "object", "required": ["when"], "properties": {"when": {"$ref": "#/$defs/date"}}, "$defs": {"date": {"type": "string", "format": "date"}}}"##
        #expect(try example(referenced)?["when"] == .string("2027-03-15"))
    }

    @Test("it gives up rather than guess a value for a pattern")
    func givesUp() throws {
        #expect(
            try example(#"{"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "pattern": "^[A-Z]{4}$"}}}"#)
                == nil)
    }
}
