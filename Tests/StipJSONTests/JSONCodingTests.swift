import Foundation
import StipJSON
import Testing

@Suite("Codable straight from and to JSONValue")
struct JSONCodingTests {
    enum Status: String, Codable { case open, closed }

    struct Sample: Codable, Equatable {
        var name: String
        var count: Int
        var share: Double
        var at: Date
        var status: Status
        var tags: [String]
        var note: String?
        var nested: Nested

        struct Nested: Codable, Equatable {
            var flag: Bool
            var small: UInt8
        }

        enum CodingKeys: String, CodingKey {
            case name, count, share, at, status, tags, note
            case nested = "nested_value"
        }
    }

    let sample = Sample(
        name: "Utrecht", count: 3, share: 0.25, at: Date(timeIntervalSince1970: 1_796_000_000), status: .open, tags: ["a", "b"],
        note: nil, nested: .init(flag: true, small: 7))

    @Test("a value survives encoding and decoding; dates are ISO 8601, absent optionals are left out")
    func roundTrip() throws {
        let value = try JSONValue(encoding: sample)
        #expect(value["at"] == .string("2026-11-30T00:53:20Z"))
        #expect(value["note"] == nil)
        #expect(value["nested_value"]?["small"] == .int(7))
        #expect(try value.decode(Sample.self) == sample)
        #expect(try JSONValue.decode(Sample.self, from: value.jsonBytes()) == sample)
    }

    @Test("whole doubles are written as integers, as other JSON writers do")
    func wholeDoubles() throws {
        #expect(try JSONValue(encoding: 2.0) == .int(2))
        #expect(try JSONValue(encoding: 2.5) == .double(2.5))
        #expect(throws: EncodingError.self) { try JSONValue(encoding: Double.nan) }
    }

    @Test(
        "a mistake names the field and what was expected",
        arguments: [
            (#"{"name": 1}"#, "name: expected a string, found a number"),
            (#"{"name": "x", "count": "3"}"#, "count: expected a whole number, found text"),
            (#"{"name": "x", "count": 3.5}"#, "count: expected a whole number, found 3.5"),
            (#"{"name": "x", "count": 3, "share": 1}"#, "missing field \"at\""),
            (
                #"{"name": "x", "count": 3, "share": 1, "at": "yesterday"}"#,
                "at: \"yesterday\" is not an ISO 8601 time such as 2026-11-29T10:15:00Z"
            ),
            (
                #"{"name": "x", "count": 3, "share": 1, "at": "2026-11-29T10:15:00Z", "status": "maybe"}"#,
                "status: \"maybe\" is not one of open, closed"
            ),
            (
                #"{"name": "x", "count": 3, "share": 1, "at": "2026-11-29T10:15:00Z", "status": "open", "tags": ["a", 2]}"#,
                "tags[1]: expected a string, found a number"
            ),
            (
                #"{"name": "x", "count": 3, "share": 1, "at": "2026-11-29T10:15:00Z", "status": "open", "tags": [], "nested_value": {"flag": true, "small": 300}}"#,
                "nested_value.small: 300 is out of range (0…255)"
            ),
            (#"{"name": null}"#, "name: expected a string, found null"),
        ])
    func explained(_ text: String, _ expected: String) throws {
        do {
            _ = try JSONValue.parse(text).decode(Sample.self)
            Issue.record("decoded \(text)")
        } catch let error as DecodingError {
            #expect(error.explanation(allowedValues: ["Status": ["open", "closed"]]) == expected)
        }
    }

    @Test("JSONValue inside a Codable type is taken as it is")
    func nestedValue() throws {
        struct Envelope: Codable, Equatable {
            var config: JSONValue
        }
        let value = JSONValue.object(["config": .object(["a": .array([.int(1), .null, .double(1.5)])])])
        let envelope = try value.decode(Envelope.self)
        #expect(envelope.config == value["config"])
        #expect(try JSONValue(encoding: envelope) == value)
    }
}
