import Hummingbird
import HummingbirdTesting
import StipHTTP
import StipJSON
import StipVocabulary
import Testing

/// What a route of the admin API reads: a participant's fields.
struct ParticipantBody: Codable {
    var id: String
    var ageBand: AgeBand?
    var consent: Consent?

    struct Consent: Codable {
        var reportBack: Bool

        enum CodingKeys: String, CodingKey {
            case reportBack = "report_back"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id
        case ageBand = "age_band"
        case consent
    }
}

@Suite("JSONBodies: strict JSON objects in, readable refusals out")
struct JSONBodiesTests {
    /// POSTs `body` to a route that reads it with `decodeObject` and echoes it; returns the status and the parsed answer.
    func post(_ body: String, contentType: String? = "application/json", limit: Int = 1024) async throws -> (status: Int, body: JSONValue) {
        let router = Router()
        router.post("/participants") { request, _ -> Response in
            let decoded = try await JSONBodies.decodeObject(
                ParticipantBody.self, allowed: ["id", "age_band", "consent"], request, limit: limit)
            return try JSONBodies.response(decoded, status: .created)
        }
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        let headers = fields
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/participants", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                (Int(response.status.code), try JSONValue.parse(bytes: response.body.readableBytesView))
            }
        }
    }

    @Test("a body with the allowed fields is decoded")
    func acceptsAllowedFields() async throws {
        let reply = try await post(#"{"id": "p-1", "age_band": "15-25", "consent": {"report_back": true}}"#)
        #expect(reply.status == 201)
        #expect(
            reply.body == .object(["id": .string("p-1"), "age_band": .string("15-25"), "consent": .object(["report_back": .bool(true)])]))
        #expect(try await post(#"{"id": "p-2"}"#, contentType: "application/json; charset=utf-8").status == 201)
        #expect(try await post(#"{"id": "p-3"}"#, contentType: nil).status == 201, "no content type is read as JSON")
    }

    @Test("an unknown field is refused by name, with the fields that are allowed")
    func refusesUnknownFields() async throws {
        let reply = try await post(#"{"id": "p-1", "agebnad": "15-25", "naam": "Jan"}"#)
        #expect(reply.status == 400)
        #expect(reply.body["code"] == .string("invalid_body"))
        #expect(
            reply.body["detail"] == .string("unknown fields \"agebnad\", \"naam\"; allowed: age_band, consent, id"), "\(reply.body)")
    }

    @Test(
        "a body that is not an object is refused, saying what it is", arguments: [("null", "null"), ("[]", "a list"), ("42", "a number")])
    func refusesNonObjects(_ text: String, _ kind: String) async throws {
        let reply = try await post(text)
        #expect(reply.status == 400)
        #expect(reply.body["detail"] == .string("the body must be a JSON object, not \(kind)"), "\(reply.body)")
    }

    @Test("malformed JSON is refused with the line and column of the mistake")
    func malformedJSON() async throws {
        let reply = try await post("{\n  \"id\": \"p-1\",\n  \"age_band\" \"15-25\"\n}")
        #expect(reply.status == 400)
        #expect(reply.body["code"] == .string("invalid_body"))
        let detail = reply.body["detail"]?.stringValue ?? ""
        #expect(detail.hasPrefix("malformed JSON: "), "\(detail)")
        #expect(detail.hasSuffix("at line 3, column 14"), "\(detail)")
        #expect(try await post("").body["detail"] == .string("the request needs a JSON object body"))
    }

    @Test("a value of the wrong kind names its field and, for enums, the values allowed")
    func fieldErrors() async throws {
        let band = try await post(#"{"id": "p-1", "age_band": "16-24"}"#)
        #expect(band.status == 400)
        #expect(band.body["detail"] == .string("age_band: \"16-24\" is not one of 0-15, 15-25, 25-45, 45-65, 65+"), "\(band.body)")
        let missing = try await post(#"{"age_band": "15-25"}"#)
        #expect(missing.body["detail"] == .string("missing field \"id\""), "\(missing.body)")
        let nested = try await post(#"{"id": "p-1", "consent": {"report_back": "ja"}}"#)
        #expect(nested.body["detail"]?.stringValue?.hasPrefix("consent.report_back: ") == true, "\(nested.body)")
    }

    @Test("a body that is not JSON by its content type is 415; one over the limit is 413")
    func contentTypeAndSize() async throws {
        let form = try await post("id=p-1", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 415)
        #expect(form.body["code"] == .string("unsupported_media_type"))
        #expect(form.body["detail"] == .string("send the body as application/json"))

        let large = try await post(#"{"id": "\#(String(repeating: "x", count: 100))"}"#, limit: 64)
        #expect(large.status == 413)
        #expect(large.body["code"] == .string("body_too_large"))
    }
}
