import Foundation
import StipPluginProtocol
import Testing
import StipJSON

@Suite("JSON Schema checks of manifests and normalised values")
struct JSONSchemaTests {
    static let schema: JSONValue = try! JSONValue.parse(
        Data(
            ##"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["question"],
             "additionalProperties": false,
             "properties": {
               "question": {"type": "string", "minLength": 1, "maxLength": 10},
               "max_length": {"type": "integer", "minimum": 10, "maximum": 5000},
               "mode": {"enum": ["browser", "code"]},
               "options": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"$ref": "#/$defs/option"}}
             },
             "$defs": {"option": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}}}}}
            """##.utf8))

    @Test("a value that matches has no problems; every mismatch is named at its pointer")
    func validation() throws {
        let schema = JSONSchema(Self.schema)
        #expect(schema.schemaProblems().isEmpty)
        let good = try JSONValue.parse(Data(#"{"question": "Wat?", "max_length": 100, "mode": "code", "options": [{"id": "a"}]}"#.utf8))
        #expect(schema.validate(good).isEmpty)
        let bad = try JSONValue.parse(
            Data(#"{"max_length": 3.5, "mode": "email", "options": [{"id": "A1"}, {"id": "A1"}], "colour": "red"}"#.utf8))
        let pointers = Set(schema.validate(bad).map(\.pointer))
        #expect(pointers == ["/question", "/max_length", "/mode", "/options", "/options/0/id", "/options/1/id", "/colour"])
    }

    @Test("a schema that is not one is refused with the place that is wrong")
    func schemaProblems() throws {
        let broken = try JSONValue.parse(
            Data(
                ##"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "objekt", "properties": {"a": 3}, "required": "a", "items": {"$ref": "#/$defs/none"}, "pattern": "("}"##
                    .utf8))
        let pointers = JSONSchema(broken).schemaProblems().map(\.pointer)
        #expect(pointers == ["/$schema", "/type", "/properties/a", "/required", "/items/$ref", "/pattern"])
    }
}
