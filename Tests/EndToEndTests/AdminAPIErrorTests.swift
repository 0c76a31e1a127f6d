import Foundation
import NIOHTTP1
import Testing

/// Every problem code of the admin API, spoken as raw HTTP over the socket (what `curl --unix-socket` sees).
@Suite("admin API errors over the socket", .timeLimit(.minutes(3)))
struct AdminAPIErrorTests {
    @Test("each error is problem+json with its stable code")
    func problemCodes() async throws {
        let daemon = try Daemon(extraConfig: "")
        try await daemon.start()
        _ = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Gemeente Utrecht"}"#)

        func expectProblem(_ reply: HTTPReply, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(reply.status == status, "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.problemCode == code, "\(reply.text)", sourceLocation: sourceLocation)
            #expect(reply.contentType == "application/problem+json", sourceLocation: sourceLocation)
            #expect((reply.json["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
            #expect(reply.json["status"] as? Int == status, sourceLocation: sourceLocation)
        }

        expectProblem(try await daemon.http(.GET, "/v1/workspaces/nowhere"), 404, "workspace_not_found")
        expectProblem(try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Again"}"#), 409, "workspace_exists")
        let malformed = try await daemon.http(.POST, "/v1/workspaces", json: "{\"slug\": \"x\",\n \"name\": }")
        expectProblem(malformed, 400, "invalid_body")
        #expect((malformed.json["detail"] as? String)?.contains("line 2") == true, "\(malformed.text)")
        let missing = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"delft"}"#)
        expectProblem(missing, 400, "invalid_body")
        #expect(missing.text.contains("name"))
        let typo = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"delft","name":"Delft","timzone":"UTC"}"#)
        expectProblem(typo, 400, "invalid_body")
        #expect(typo.text.contains("timzone"))
        let invalid = try await daemon.http(
            .POST, "/v1/workspaces", json: #"{"slug":"delft","name":"Delft","cbs_code":"0503","timezone":"Mars/Olympus","locale":"fr"}"#)
        expectProblem(invalid, 422, "invalid_value")
        let fields = (invalid.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
        #expect(Set(fields) == ["cbs_code", "timezone", "locale"])
        expectProblem(try await daemon.http(.GET, "/v1/workspaces?state=gone"), 400, "invalid_query")
        expectProblem(try await daemon.http(.GET, "/v1/audit?limit=0"), 400, "invalid_query")
        expectProblem(
            try await daemon.http(.POST, "/v1/workspaces", body: Data("slug=x".utf8), contentType: "application/x-www-form-urlencoded"),
            415, "unsupported_media_type")
        let big = "{\"slug\":\"delft\",\"name\":\"" + String(repeating: "x", count: 2 << 20) + "\"}"
        expectProblem(try await daemon.http(.POST, "/v1/workspaces", json: big), 413, "body_too_large")
        expectProblem(try await daemon.http(.DELETE, "/v1/workspaces/utrecht"), 400, "confirmation_required")
        expectProblem(try await daemon.http(.DELETE, "/v1/workspaces/utrecht?confirm=delft"), 400, "confirmation_required")
        expectProblem(try await daemon.http(.GET, "/v1/nothing-here"), 404, "not_found")
        let wrongMethod = try await daemon.http(.PUT, "/v1/workspaces/utrecht")
        expectProblem(wrongMethod, 405, "method_not_allowed")
        #expect(wrongMethod.headers.first(name: "Allow")?.contains("PATCH") == true)
        expectProblem(
            try await daemon.http(
                .POST, "/v1/workspaces/import", body: Data("not a tar file at all".utf8), contentType: "application/x-tar"), 400,
            "invalid_archive")

        #expect(try await daemon.http(.DELETE, "/v1/workspaces/utrecht?confirm=utrecht").status == 200)
        expectProblem(try await daemon.http(.POST, "/v1/workspaces/utrecht/suspend"), 409, "workspace_deleted")
        expectProblem(try await daemon.http(.PATCH, "/v1/workspaces/utrecht", json: #"{"name":"x"}"#), 409, "workspace_deleted")
        try await daemon.stop()
    }

    @Test("bad slugs are refused with invalid_slug before anything touches the file system")
    func badSlugs() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        let workspaces = daemon.dataDirectory.appending(path: "workspaces")
        let before = try FileManager.default.contentsOfDirectory(atPath: workspaces.path)
        for slug in ["../x", "A", "a/b", String(repeating: "a", count: 64), "", "café", "-lead", "a b", "import"] {
            let body = try JSONSerialization.data(withJSONObject: ["slug": slug, "name": "X"])
            let reply = try await daemon.http(.POST, "/v1/workspaces", body: body)
            #expect(reply.status == 400, "slug \(slug): \(reply.text)")
            #expect(reply.problemCode == "invalid_slug", "slug \(slug): \(reply.text)")
        }
        for path in ["/v1/workspaces/..%2Fx", "/v1/workspaces/A", "/v1/workspaces/a%2Fb", "/v1/workspaces/caf%C3%A9/export"] {
            let reply = try await daemon.http(.GET, path)
            #expect(reply.problemCode == "invalid_slug", "\(path): \(reply.text)")
        }
        let cli = try await daemon.stipctl("workspace", "show", "../etc")
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("invalid_slug"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspaces.path) == before)
        #expect(!FileManager.default.fileExists(atPath: daemon.dataDirectory.appending(path: "x.sqlite").path))
        try await daemon.stop()
    }

    @Test("the health endpoint reports version, uptime and counts")
    func health() async throws {
        let daemon = try Daemon()
        try await daemon.start()
        _ = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"a","name":"A"}"#)
        _ = try await daemon.http(.POST, "/v1/workspaces", json: #"{"slug":"b","name":"B"}"#)
        _ = try await daemon.http(.POST, "/v1/workspaces/b/suspend", body: nil)
        let reply = try await daemon.http(.GET, "/v1/health")
        #expect(reply.status == 200)
        #expect(reply.json["status"] as? String == "ok")
        #expect(reply.json["version"] as? String == "0.1.0")
        #expect(reply.json["uptime_s"] is Int)
        let counts = reply.json["workspaces"] as? [String: Int]
        #expect(counts == ["active": 1, "suspended": 1])
        try await daemon.stop()
    }
}
