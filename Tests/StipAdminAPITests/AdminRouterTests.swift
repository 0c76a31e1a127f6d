import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StipAdminAPI
import StipJSON
import StipParticipation
import StipPluginHost
import StipStorage
import Testing

/// The admin API's answers, in process (HummingbirdTesting's router mode): every problem code, the slug checks,
/// the workspace resolved once per request. What needs the socket, the CLI or a restart stays end to end.
@Suite("admin API answers, in process")
struct AdminRouterTests {
    /// An admin API over a fresh data directory, and a client to it.
    struct Subject {
        let root: URL
        let store: SQLiteWorkspaceStore
        let api: AdminAPI

        init() throws {
            root = FileManager.default.temporaryDirectory.appending(path: "stip-admin-router-\(UUID().uuidString.prefix(8))")
            store = try SQLiteWorkspaceStore(directory: DataDirectory(root: root), maxOpenWorkspaces: 4)
            let logger = Logger(label: "test")
            let participation = Participation(store: store, plugins: PluginHost(directories: [], logger: logger), logger: logger)
            api = AdminAPI(participation: participation, settings: AdminAPISettings())
        }

        func run(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            defer { try? FileManager.default.removeItem(at: root) }
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let app = Application(router: api.buildRouter(logger: logger))
            try await app.test(.router, test)
            await store.close()
        }
    }

    struct Reply {
        let status: Int
        let contentType: String?
        let headers: HTTPFields
        let json: JSONValue

        var code: String? { json["code"]?.stringValue }
        var detail: String { json["detail"]?.stringValue ?? "" }
    }

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, json: String? = nil,
        body: String? = nil, contentType: String = "application/json"
    ) async throws -> Reply {
        var headers = HTTPFields()
        let text = json ?? body
        if text != nil { headers[.contentType] = contentType }
        return try await client.execute(
            uri: path, method: method, headers: headers, body: text.map { ByteBuffer(string: $0) }
        ) { response in
            Reply(
                status: Int(response.status.code), contentType: response.headers[.contentType], headers: response.headers,
                json: (try? JSONValue.parse(bytes: response.body.readableBytesView)) ?? .null)
        }
    }

    static func expectProblem(
        _ reply: Reply, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(reply.status == status, "\(reply.json.jsonText)", sourceLocation: sourceLocation)
        #expect(reply.code == code, "\(reply.json.jsonText)", sourceLocation: sourceLocation)
        #expect(reply.contentType == "application/problem+json", sourceLocation: sourceLocation)
        #expect(!reply.detail.isEmpty, sourceLocation: sourceLocation)
        #expect(reply.json["status"]?.intValue == Int64(status), sourceLocation: sourceLocation)
    }

    @Test("each error is problem+json with its stable code")
    func problemCodes() async throws {
        try await Subject().run { client in
            _ = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Gemeente Utrecht"}"#)
            Self.expectProblem(try await Self.send(client, .get, "/v1/workspaces/nowhere"), 404, "workspace_not_found")
            Self.expectProblem(try await Self.send(client, .get, "/v1/workspaces/nowhere/trajectories"), 404, "workspace_not_found")
            Self.expectProblem(
                try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Again"}"#), 409, "workspace_exists")
            let malformed = try await Self.send(client, .post, "/v1/workspaces", json: "{\"slug\": \"x\",\n \"name\": }")
            Self.expectProblem(malformed, 400, "invalid_body")
            #expect(malformed.detail.contains("line 2, column 10"), "\(malformed.detail)")
            for body in ["null", "[1]", "\"x\""] {
                let wrongKind = try await Self.send(client, .post, "/v1/workspaces", json: body)
                Self.expectProblem(wrongKind, 400, "invalid_body")
                #expect(wrongKind.detail.contains("must be a JSON object"), "\(body): \(wrongKind.detail)")
            }
            // Each broken body says what is wrong with it, not that the JSON "ends too early".
            for (body, expected) in [
                ("null", "not null"), ("\"x\"", "not text"), (#"{"slug": 1e999}"#, "out of range"),
                (#"{"slug": "\ud800"}"#, "lone UTF-16 high surrogate"),
            ] {
                let reply = try await Self.send(client, .post, "/v1/workspaces", json: body)
                Self.expectProblem(reply, 400, "invalid_body")
                #expect(reply.detail.contains(expected) && !reply.detail.contains("ends too early"), "\(body): \(reply.detail)")
            }
            // Only JSON is JSON: a media type that merely starts the same is refused.
            let jsonx = try await Self.send(
                client, .post, "/v1/workspaces", body: #"{"slug":"gouda","name":"Gouda"}"#, contentType: "application/jsonx")
            Self.expectProblem(jsonx, 415, "unsupported_media_type")
            let missing = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"delft"}"#)
            Self.expectProblem(missing, 400, "invalid_body")
            #expect(missing.detail.contains("name"))
            let typo = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"delft","name":"Delft","timzone":"UTC"}"#)
            Self.expectProblem(typo, 400, "invalid_body")
            #expect(typo.detail.contains("timzone"))
            let invalid = try await Self.send(
                client, .post, "/v1/workspaces",
                json: #"{"slug":"delft","name":"Delft","cbs_code":"0503","timezone":"Mars/Olympus","locale":"fr"}"#)
            Self.expectProblem(invalid, 422, "invalid_value")
            #expect(
                Set(invalid.json["errors"]?.elements.compactMap { $0["field"]?.stringValue } ?? []) == ["cbs_code", "timezone", "locale"])
            Self.expectProblem(try await Self.send(client, .get, "/v1/workspaces?state=gone"), 400, "invalid_query")
            Self.expectProblem(try await Self.send(client, .get, "/v1/audit?limit=0"), 400, "invalid_query")
            Self.expectProblem(
                try await Self.send(client, .post, "/v1/workspaces", body: "slug=x", contentType: "application/x-www-form-urlencoded"), 415,
                "unsupported_media_type")
            let big = "{\"slug\":\"delft\",\"name\":\"" + String(repeating: "x", count: 2 << 20) + "\"}"
            Self.expectProblem(try await Self.send(client, .post, "/v1/workspaces", json: big), 413, "body_too_large")
            Self.expectProblem(try await Self.send(client, .delete, "/v1/workspaces/utrecht"), 400, "confirmation_required")
            Self.expectProblem(try await Self.send(client, .delete, "/v1/workspaces/utrecht?confirm=delft"), 400, "confirmation_required")
            Self.expectProblem(try await Self.send(client, .get, "/v1/nothing-here"), 404, "not_found")
            let wrongMethod = try await Self.send(client, .put, "/v1/workspaces/utrecht")
            Self.expectProblem(wrongMethod, 405, "method_not_allowed")
            #expect(wrongMethod.headers[.allow]?.contains("PATCH") == true)
            // `import` is not a slug: its path takes POST only, and says so.
            let reserved = try await Self.send(client, .get, "/v1/workspaces/import")
            Self.expectProblem(reserved, 405, "method_not_allowed")
            #expect(reserved.headers[.allow] == "POST")
            // `null` is not "left out": where it has no meaning it is refused, naming where it stood.
            let nullLocale = try await Self.send(client, .patch, "/v1/workspaces/utrecht", json: #"{"locale":null}"#)
            Self.expectProblem(nullLocale, 400, "invalid_body")
            #expect(nullLocale.json["detail"]?.stringValue?.hasPrefix("/locale must not be null") == true, "\(nullLocale.json)")
            // …and accepted where it means something: clearing the CBS code.
            #expect(try await Self.send(client, .patch, "/v1/workspaces/utrecht", json: #"{"cbs_code":null}"#).status == 200)
            Self.expectProblem(
                try await Self.send(
                    client, .post, "/v1/workspaces/import", body: "not a tar file at all", contentType: "application/x-tar"), 400,
                "invalid_archive")

            #expect(try await Self.send(client, .delete, "/v1/workspaces/utrecht?confirm=utrecht").status == 200)
            // A deleted workspace's entry can still be read; every other route says it is deleted.
            let shown = try await Self.send(client, .get, "/v1/workspaces/utrecht")
            #expect(shown.status == 200 && shown.json["state"] == .string("deleted"))
            Self.expectProblem(try await Self.send(client, .post, "/v1/workspaces/utrecht/suspend"), 409, "workspace_deleted")
            Self.expectProblem(
                try await Self.send(client, .patch, "/v1/workspaces/utrecht", json: #"{"name":"x"}"#), 409, "workspace_deleted")
            Self.expectProblem(try await Self.send(client, .get, "/v1/workspaces/utrecht/trajectories"), 409, "workspace_deleted")
        }
    }

    @Test("bad slugs are refused with invalid_slug before anything touches the file system")
    func badSlugs() async throws {
        let subject = try Subject()
        let workspaces = subject.root.appending(path: "workspaces")
        try await subject.run { client in
            let before = try FileManager.default.contentsOfDirectory(atPath: workspaces.path)
            for slug in ["../x", "A", "a/b", String(repeating: "a", count: 64), "", "café", "-lead", "a b", "import"] {
                let reply = try await Self.send(
                    client, .post, "/v1/workspaces", json: JSONValue.object(["slug": .string(slug), "name": .string("X")]).jsonText)
                Self.expectProblem(reply, 400, "invalid_slug")
            }
            for path in ["/v1/workspaces/..%2Fx", "/v1/workspaces/A", "/v1/workspaces/a%2Fb", "/v1/workspaces/caf%C3%A9/export"] {
                Self.expectProblem(try await Self.send(client, .get, path), 400, "invalid_slug")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: workspaces.path) == before)
        }
    }

    @Test("the health endpoint reports version, uptime and counts")
    func health() async throws {
        try await Subject().run { client in
            _ = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"a","name":"A"}"#)
            _ = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"b","name":"B"}"#)
            _ = try await Self.send(client, .post, "/v1/workspaces/b/suspend")
            let reply = try await Self.send(client, .get, "/v1/health")
            #expect(reply.status == 200)
            #expect(reply.json["status"] == .string("ok"))
            #expect(reply.json["version"] == .string("0.1.0"))
            #expect(reply.json["uptime_s"]?.intValue != nil)
            #expect(reply.json["workspaces"] == .object(["active": .int(1), "suspended": .int(1)]))
        }
    }

    @Test("a workspace's changes are audited in its own log, the node's in the catalog, listed together")
    func auditAcrossLogs() async throws {
        try await Subject().run { client in
            _ = try await Self.send(client, .post, "/v1/workspaces", json: #"{"slug":"utrecht","name":"Gemeente Utrecht"}"#)
            let participant = try await Self.send(client, .post, "/v1/workspaces/utrecht/participants", json: #"{"id":"p-1"}"#)
            #expect(participant.status == 201)
            let entries = try await Self.send(client, .get, "/v1/audit?workspace=utrecht").json["entries"]?.elements ?? []
            #expect(entries.compactMap { $0["action"]?.stringValue } == ["participant.create", "workspace.create"])
            #expect(entries.compactMap { $0["id"]?.stringValue } == ["utrecht:1", "catalog:1"])
        }
    }
}
