import Foundation
import NIOHTTP1
import Testing

/// The daemon under clients that do not behave: connections that say nothing or half a request, clients that ask
/// for page after page, requests sent the moment the socket appears.
@Suite("stipd under hostile clients", .timeLimit(.minutes(3)))
struct HostileClientTests {
    /// A daemon whose servers close quiet connections after a second.
    func impatientDaemon(extra: String = "") async throws -> (Daemon, Int) {
        let daemon = try Daemon()
        let config = Daemon.config(extra: "")
            .replacingOccurrences(
                of: "  listen: 127.0.0.1:0\n", with: "  listen: 127.0.0.1:0\n  idle_timeout_seconds: 1\n  max_connections: 8\n" + extra
            )
            .replacingOccurrences(of: "  socket_mode: \"0660\"\n", with: "  socket_mode: \"0660\"\n  idle_timeout_seconds: 1\n")
        try config.write(to: daemon.configFile, atomically: true, encoding: .utf8)
        try await daemon.start()
        return (daemon, try await daemon.publicPort())
    }

    /// A resident whose connections are not kept for another request: the server closes idle ones after a second,
    /// and a pooled connection reused at that moment fails with "I/O on closed channel" — a race of the test's
    /// shared client, not of the daemon.
    func freshResident(_ port: Int) -> PublicClient {
        PublicClient(port: port, headers: [("Connection", "close")])
    }

    @Test("a connection that sends nothing, or half a header, is closed after the idle timeout while others are served")
    func quietConnectionsClosed() async throws {
        let (daemon, port) = try await impatientDaemon()
        let silent = try RawConnection(port: port)
        let half = try RawConnection(port: port)
        half.send("GET /health HTTP/1.1\r\nHost: loc")
        let adminSilent = try RawConnection(unixPath: daemon.socketPath)
        // Meanwhile a resident is served.
        let resident = freshResident(port)
        #expect(try await resident.get("/health").status == 200)
        #expect(await silent.closedByServer(within: .seconds(15)), "the silent connection is still open")
        #expect(await half.closedByServer(within: .seconds(15)), "the half-sent request is still open")
        #expect(await adminSilent.closedByServer(within: .seconds(15)), "the admin socket keeps a silent client")
        #expect(try await resident.get("/health").status == 200)
        try await daemon.stop()
    }

    @Test("with every connection taken by quiet clients, a new resident is served once they time out")
    func connectionLimit() async throws {
        let (daemon, port) = try await impatientDaemon()
        let quiet = try (0..<8).map { _ in try RawConnection(port: port) }
        let reply = try await freshResident(port).get("/health")
        #expect(reply.status == 200)
        for connection in quiet { #expect(await connection.closedByServer(within: .seconds(15))) }
        try await daemon.stop()
    }

    @Test("page views count in a per-client limit: past it a client gets 429 with Retry-After; the stylesheet does not count")
    func pageRateLimit() async throws {
        let (daemon, port) = try await impatientDaemon(extra: "  page_rate_limit_per_minute: 1\n  page_rate_limit_burst: 5\n")
        let client = freshResident(port)
        var statuses: [Int] = []
        for index in 0..<7 { statuses.append(try await client.get("/onbekend-\(index)").status) }
        #expect(statuses.prefix(5).allSatisfy { $0 == 404 } && statuses.last == 429, "\(statuses)")
        let limited = try await client.get("/voorbeeldstad")
        #expect(limited.status == 429 && limited.headers.first(name: "Retry-After") == "60")
        #expect(PageCheck.visibleText(limited.text).contains("heel veel pagina's"), "\(limited.text)")
        #expect(try await client.get("/static/stip.css").status == 200)
        let api = try await client.get("/api/v1/voorbeeldstad/t/a/form")
        #expect(api.status == 429 && api.problemCode == "rate_limited")
        try await daemon.stop()
    }

    @Test("a broken chunked body is 400, not 413, on both servers")
    func brokenChunks() async throws {
        let site = try await PublicSite.open()
        let chunked = "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"
        let admin = try RawConnection(unixPath: site.daemon.socketPath)
        admin.send("POST /v1/workspaces HTTP/1.1\r\nHost: stipd\r\n" + chunked)
        #expect(await admin.responseStatus(within: .seconds(10)) == 400)
        let resident = try RawConnection(port: site.port)
        resident.send("POST \(PublicSite.jsonResponsesPath) HTTP/1.1\r\nHost: stipd\r\n" + chunked)
        #expect(await resident.responseStatus(within: .seconds(10)) == 400)
    }

    @Test("the resident pages refuse text that is not UTF-8 and control characters, as the admin API does, and store nothing")
    func textRules() async throws {
        let site = try await PublicSite.open()
        let app = site.browser()
        _ = try await app.get(PublicSite.jsonFormPath)
        var invalid = Data(#"{"answers": {"variant": "a", "safety": 3, "why": ""#.utf8)
        invalid += [0xC3, 0x28]  // not UTF-8
        invalid += Data(#""}}"#.utf8)
        // An HTTP client sends Strings, which are UTF-8 by nature: the raw bytes go through a bare socket.
        let raw = try RawConnection(port: site.port)
        let cookie = app.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        raw.send(
            "POST \(PublicSite.jsonResponsesPath) HTTP/1.1\r\nHost: stipd\r\nCookie: \(cookie)\r\nContent-Type: application/json\r\nContent-Length: \(invalid.count)\r\n\r\n"
        )
        raw.sendBytes(Array(invalid))
        #expect(await raw.responseStatus(within: .seconds(10)) == 400)

        let nul = try await app.post(PublicSite.jsonResponsesPath, json: #"{"answers": {"variant": "a", "safety": 3, "why": "a\u0000b"}}"#)
        #expect(nul.status == 422 && nul.text.contains("tekens die geen tekst zijn"), "\(nul.text)")
        let resident = site.browser()
        let token = try #require(PublicClient.formToken(try await resident.get(PublicSite.formPath).text))
        let percent = try await resident.send(
            .POST, PublicSite.formPath, body: "stip-token=\(token)&variant=a&safety=3&why=%FF%FE",
            contentType: "application/x-www-form-urlencoded")
        #expect(percent.status == 400, "\(percent.text)")
        #expect(try await site.contributions().isEmpty)
    }

    @Test("the demo is ready when the socket appears: an apply sent at once goes through")
    func demoReadyWithSocket() async throws {
        let daemon = try Daemon(extraConfig: "demo:\n  enabled: true\n  plan: \(Participation.planFile.path)\n")
        for method in Participation.methods {
            try PluginFixtures.install(
                id: method, executable: Binaries.directory.appending(path: "stip-plugin-\(method)"), extra: "",
                into: daemon.pluginsDirectory)
        }
        try await daemon.start()
        // start() returns the moment the socket answers.
        let applied = try await daemon.stipctl("apply", "-f", Participation.planFile.path)
        #expect(applied.status == 0, "\(applied.stderr)\n\(daemon.log)")
        #expect(applied.stdout.contains("unchanged"), "the demo had applied it already: \(applied.stdout)")
        try await daemon.stop()
    }
}
