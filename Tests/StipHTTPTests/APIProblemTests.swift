import Hummingbird
import HummingbirdTesting
import StipDomain
import StipHTTP
import StipJSON
import Testing

@Suite("APIProblem: one table from each DomainError code to an HTTP answer")
struct APIProblemTests {
    @Test("every code has a status; only internal_error is a 500", arguments: DomainError.Code.allCases)
    func everyCodeHasAStatus(_ code: DomainError.Code) {
        let problem = APIProblem(DomainError(code, "wat er mis is"))
        #expect(problem.code == code.rawValue)
        #expect(problem.detail == "wat er mis is")
        #expect(!problem.title.isEmpty)
        if code == .internalError {
            #expect(problem.status == .internalServerError)
        } else {
            #expect(problem.status != .internalServerError, "\(code) would be a bare 500")
            #expect((400..<600).contains(problem.status.code), "\(code): \(problem.status)")
        }
    }

    @Test("the caller's mistakes are 4xx, the plugins' failures 5xx")
    func statusClasses() {
        func status(_ code: DomainError.Code) -> Int { APIProblem(DomainError(code, "")).status.code }
        #expect(status(.invalidSlug) == 400)
        #expect(status(.invalidInput) == 400)
        #expect(status(.invalidValue) == 422)
        #expect(status(.invalidConfig) == 422)
        #expect(status(.workspaceNotFound) == 404)
        #expect(status(.workspaceExists) == 409)
        #expect(status(.codesNotUsed) == 409)
        #expect(status(.workspaceSuspended) == 503)
        #expect(status(.pluginError) == 502)
        #expect(status(.pluginFailed) == 502)
        #expect(status(.pluginTimeout) == 504)
        #expect(status(.pluginUnavailable) == 503)
        for code in DomainError.Code.allCases where code.rawValue.hasPrefix("plugin_") && code != .pluginNotFound {
            #expect(status(code) >= 500, "\(code)")
        }
    }

    @Test("an answered problem is application/problem+json with its code, status, the path and the field errors")
    func responseBody() async throws {
        let router = Router()
        router.get("/v1/workspaces/{slug}/participants") { _, _ -> Response in
            throw APIProblem(
                DomainError(
                    .invalidValue, "the participant has fields that are not allowed",
                    fieldIssues: [FieldIssue(field: "profile.area", message: "not a buurt code", file: "p.yaml", line: 3, column: 7)]))
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/workspaces/utrecht/participants", method: .get) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try JSONValue.parse(bytes: response.body.readableBytesView)
                #expect(body["code"] == .string("invalid_value"))
                #expect(body["status"] == .int(422))
                #expect(body["type"] == .string("tag:stip,2026:problem/invalid_value"))
                #expect(body["detail"] == .string("the participant has fields that are not allowed"))
                #expect(body["instance"] == .string("/v1/workspaces/utrecht/participants"))
                let issue = body["errors"]?.elements.first
                #expect(issue?["field"] == .string("profile.area"))
                #expect(issue?["line"] == .int(3) && issue?["column"] == .int(7) && issue?["file"] == .string("p.yaml"))
            }
        }
    }

    @Test("a 405 names the methods that are allowed, in the Allow header too")
    func methodNotAllowed() {
        let problem = APIProblem.methodNotAllowed("PUT", "/v1/workspaces", allowed: ["GET", "POST"])
        #expect(problem.status == .methodNotAllowed)
        #expect(problem.headers[.allow] == "GET, POST")
        #expect(problem.detail == "PUT is not supported on /v1/workspaces; use GET or POST")
    }
}
