import Foundation
@testable import StipAdminClient
import StipJSON
import Testing

@Suite("stipctl's reading of the daemon's problems, and its exit codes")
struct ProblemTests {
    @Test("a problem+json body is read with its code, detail and every field error, positioned as the input was")
    func problemWithFieldErrors() throws {
        let body = """
            {"type": "tag:stip,2026:problem/invalid_plan", "title": "The plan has problems", "status": 422,
             "code": "invalid_plan", "detail": "the plan has 4 problems", "instance": "/v1/apply",
             "errors": [
               {"field": "activities[2].config", "message": "unknown key \\"sesions\\"", "file": "plan.yaml", "line": 14, "column": 9},
               {"field": "text", "message": "is empty", "row": 3, "line": 3},
               {"field": "area", "message": "not a buurt code", "row": 7},
               {"field": "name", "message": "must not be blank"}
             ]}
            """
        let problem = Problem(status: 422, body: Data(body.utf8))
        #expect(problem.status == 422)
        #expect(problem.code == "invalid_plan")
        #expect(problem.title == "The plan has problems")
        #expect(problem.detail == "the plan has 4 problems")
        #expect(problem.fieldErrors.count == 4)
        let first = try #require(problem.fieldErrors.first)
        #expect(first.file == "plan.yaml" && first.line == 14 && first.column == 9 && first.row == nil)
        #expect(
            problem.fieldErrors.map(\.text) == [
                "plan.yaml:14:9: activities[2].config: unknown key \"sesions\"", "row 3 (line 3): text: is empty",
                "row 7: area: not a buurt code",
                "name: must not be blank",
            ])
        #expect(
            problem.summary == """
                error (invalid_plan): the plan has 4 problems
                  plan.yaml:14:9: activities[2].config: unknown key "sesions"
                  row 3 (line 3): text: is empty
                  row 7: area: not a buurt code
                  name: must not be blank
                """)
    }

    @Test("a body that is not a problem (a proxy's HTML page) still gives a code and the start of the text")
    func notAProblem() {
        let html = "<html><body>502 Bad Gateway</body></html>"
        let problem = Problem(status: 502, body: Data(html.utf8))
        #expect(problem.code == "http_502")
        #expect(problem.title == "HTTP 502")
        #expect(problem.detail == html)
        #expect(problem.fieldErrors.isEmpty)
        #expect(problem.summary == "error (http_502): \(html)")

        let long = Problem(status: 500, body: Data(String(repeating: "x", count: 2000).utf8))
        #expect(long.detail.count == 500, "a long body is cut")
        #expect(Problem(status: 404, body: Data()).code == "http_404")
    }

    @Test("each failure maps to its exit code: 1 for the daemon's refusal, 2 for usage, 3 when nobody answers")
    func exitCodes() {
        let problem = Problem(status: 404, body: Data(#"{"code": "workspace_not_found", "detail": "no workspace \"x\""}"#.utf8))
        #expect(AdminClientError.daemon(problem).exitCode == 1)
        #expect(AdminClientError.daemon(problem).description == "error (workspace_not_found): no workspace \"x\"")
        #expect(AdminClientError.transport("the connection broke off").exitCode == 1)
        #expect(AdminClientError.usage("cannot read plan.yaml").exitCode == 2)
        #expect(AdminClientError.unreachable("/run/stip/stipd.sock", "no socket there").exitCode == 3)
        #expect(
            AdminClientError.unreachable("/run/stip/stipd.sock", "no socket there").description
                == "cannot reach stipd at /run/stip/stipd.sock: no socket there")
    }

    @Test("a request body leaves out the members without a value")
    func objectOmittingNil() {
        let cbsCode: String? = nil
        let timeZone: String? = "Europe/Amsterdam"
        let body = JSONValue.object(omittingNil: [
            "name": "Gemeente Utrecht", "cbs_code": cbsCode, "timezone": timeZone, "count": 3, "confirm": false,
            "themes": ["groen", "verkeer"], "config": JSONValue.object(["question": .string("Wat?")]),
        ])
        #expect(
            body
                == .object([
                    "name": .string("Gemeente Utrecht"), "timezone": .string("Europe/Amsterdam"), "count": .int(3), "confirm": .bool(false),
                    "themes": .array([.string("groen"), .string("verkeer")]), "config": .object(["question": .string("Wat?")]),
                ]))
        #expect(body["cbs_code"] == nil)
        #expect(JSONValue.object(omittingNil: ["a": cbsCode]) == .object([:]))
    }
}
