import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A resident's browser on the resident pages (`public.listen`): keeps the cookies it is given, sends them back,
/// and never follows a redirect (the 303 after a submission is what the tests look at).
final class PublicClient: Sendable {
    /// One HTTP client for all tests: no redirects, and enough connections for 30 submissions at once.
    static let http = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(30)),
            connectionPool: HTTPClient.Configuration.ConnectionPool(
                idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))

    let port: Int
    /// Sent with every request, e.g. `Accept-Language` or `X-Forwarded-For`.
    let headers: [(String, String)]
    private let jar = Mutex<[String: String]>([:])

    init(port: Int, headers: [(String, String)] = []) {
        self.port = port
        self.headers = headers
    }

    /// The cookies this browser holds.
    var cookies: [String: String] { jar.withLock { $0 } }

    func forgetCookies() {
        jar.withLock { $0.removeAll() }
    }

    /// One exchange; cookies go out and come back in.
    func send(_ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String? = nil, headers extra: [(String, String)] = [])
        async throws -> HTTPReply
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers + extra { request.headers.add(name: name, value: value) }
        let cookie = jar.withLock { jar in jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookie.isEmpty { request.headers.add(name: "Cookie", value: cookie) }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        }
        let response = try await Self.http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        for header in response.headers["Set-Cookie"] {
            let pair = header.split(separator: ";", maxSplits: 1).first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { jar.withLock { $0[parts[0]] = parts[1] } }
        }
        return HTTPReply(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> HTTPReply {
        try await send(.GET, path, headers: headers)
    }

    /// Posts `application/x-www-form-urlencoded`, as a browser sends a form.
    func post(_ path: String, form fields: [(String, String)], headers: [(String, String)] = []) async throws -> HTTPReply {
        try await send(.POST, path, body: Self.urlencoded(fields), contentType: "application/x-www-form-urlencoded", headers: headers)
    }

    func post(_ path: String, json: String, headers: [(String, String)] = []) async throws -> HTTPReply {
        try await send(.POST, path, body: json, contentType: "application/json", headers: headers)
    }

    /// Opens the form page and sends `fields` with the page's token, as a resident filling in the form does.
    func fillIn(_ path: String, _ fields: [(String, String)]) async throws -> HTTPReply {
        let page = try await get(path)
        guard let token = Self.formToken(page.text) else { throw DaemonFailure("no form token on \(path) (\(page.status)):\n\(page.text)") }
        return try await post(path, form: [("stip-token", token)] + fields)
    }

    /// The hidden `stip-token` of a form page.
    static func formToken(_ html: String) -> String? {
        guard let match = html.firstMatch(of: #/name="stip-token" value="([^"]*)"/#) else { return nil }
        return String(match.1)
    }

    static func urlencoded(_ fields: [(String, String)]) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        return fields.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// A daemon serving resident pages for `voorbeeldstad`, with the real plugins and the example plan.
struct PublicSite {
    static let workspace = "voorbeeldstad"
    static let trajectory = "voorbeeldstad/herinrichting-stationsplein"
    static let municipalityPath = "/voorbeeldstad"
    static let trajectoryPath = "/voorbeeldstad/herinrichting-stationsplein/"
    static let formPath = "/voorbeeldstad/herinrichting-stationsplein/variant-poll"
    static let jsonFormPath = "/api/v1/voorbeeldstad/herinrichting-stationsplein/variant-poll/form"
    static let jsonResponsesPath = "/api/v1/voorbeeldstad/herinrichting-stationsplein/variant-poll/responses"
    /// The workspace's time zone (the default of `workspace create`).
    static let timeZone = TimeZone(identifier: "Europe/Amsterdam")!

    let daemon: Daemon
    let port: Int

    /// Starts stipd like ``Participation/start(workspaces:enable:)``; unless `rateLimited`, the config turns the
    /// submission and page limits off (`public.rate_limit_per_minute: 0`, `page_rate_limit_per_minute: 0`) so tests can send as many as they like.
    static func start(rateLimited: Bool = false, ideaBox: Bool = false, extraConfig: String = "") async throws -> PublicSite {
        let daemon = try Daemon(extraConfig: extraConfig)
        if !rateLimited {
            // `Daemon(extraConfig:)` appends, and a second `public:` key would be a duplicate: rewrite the section.
            let listen = "  listen: 127.0.0.1:0\n"
            let config = Daemon.config(extra: extraConfig)
            guard config.contains(listen) else { throw DaemonFailure("the test daemon's config has no \"\(listen)\"") }
            try config.replacingOccurrences(of: listen, with: listen + "  rate_limit_per_minute: 0\n  page_rate_limit_per_minute: 0\n")
                .write(to: daemon.configFile, atomically: true, encoding: .utf8)
        }
        for method in Participation.methods {
            try PluginFixtures.install(
                id: method, executable: Binaries.directory.appending(path: "stip-plugin-\(method)"), extra: "",
                into: daemon.pluginsDirectory)
        }
        if ideaBox { try PluginFixtures.installSwiftSuggestionBox(into: daemon.pluginsDirectory) }
        try await daemon.start()
        let created = try await daemon.stipctl("workspace", "create", workspace, "--name", "Gemeente Voorbeeldstad")
        guard created.status == 0 else { throw DaemonFailure("workspace create failed: \(created.stderr)") }
        for method in Participation.methods + (ideaBox ? ["swift-suggestion-box"] : []) {
            let enabled = try await daemon.stipctl("workspace", "enable-method", workspace, method)
            guard enabled.status == 0 else { throw DaemonFailure("enable-method failed: \(enabled.stderr)") }
        }
        return PublicSite(daemon: daemon, port: try await daemon.publicPort())
    }

    /// Started, with the poll open now and the trajectory active: the set-up of most tests.
    static func open(rateLimited: Bool = false, codes: Bool = false, extraConfig: String = "") async throws -> PublicSite {
        let site = try await start(rateLimited: rateLimited, extraConfig: extraConfig)
        try await site.apply(try plan(codes: codes))
        return site
    }

    /// A new browser (no cookies yet).
    func browser(_ headers: [(String, String)] = []) -> PublicClient {
        PublicClient(port: port, headers: headers)
    }

    /// When the poll closes unless a test says otherwise: 23:59 on a day about four months from now.
    static let closes = String(local(Date().addingTimeInterval(120 * 86_400)).prefix(10)) + "T23:59"

    /// The example plan with the poll's window moved: by default open since 1 January 2026, closing in four months.
    static func plan(opens: String = "2026-01-01T09:00", closes: String? = nil, codes: Bool = false) throws -> String {
        var replacements = [
            ("opens: 2026-12-01T09:00", "opens: \(opens)"),
            ("closes: 2027-01-31T23:59", "closes: \(closes ?? Self.closes)"),
        ]
        if codes { replacements.append(("one_response_per: browser", "one_response_per: code")) }
        return try Participation.plan(replacing: replacements)
    }

    /// Applies `plan` and, when `activate`, makes the trajectory active (draft trajectories are not public).
    func apply(_ plan: String, activate: Bool = true) async throws {
        let file = try Participation.write(plan, "plan-\(UUID().uuidString.prefix(8)).yaml", in: daemon)
        let applied = try await daemon.stipctl("apply", "-f", file)
        guard applied.status == 0 else { throw DaemonFailure("apply failed: \(applied.stderr)") }
        guard activate else { return }
        let status = try await daemon.stipctl("trajectory", "status", Self.trajectory, "active")
        guard status.status == 0 else { throw DaemonFailure("trajectory status failed: \(status.stderr)") }
    }

    /// A trajectory with one online idea box (the test plugin swift-suggestion-box); `config` is its config's YAML
    /// lines, indented for the activity's `config:`.
    static func ideaBoxPlan(id: String = "ideeenbus", config: String) -> String {
        """
        kind: Trajectory
        workspace: voorbeeldstad
        id: \(id)
        title: Ideeënbus Centrum
        why: De gemeente zoekt ideeën voor het centrum.
        objectives: [Ideeën ophalen]
        result_description: Een lijst met ideeën, elk met een antwoord.
        participation_level: consult
        level_rationale: Inwoners geven ideeën; de gemeente besluit.
        decision_maker: executive
        legal_basis: voluntary
        owner: Team Centrum
        phases:
          - { id: collect, title: Verzamelen, starts: 2026-01-01, ends: 2027-12-31 }
        activities:
          - id: ideas
            method: swift-suggestion-box
            phase: collect
            access: open
            config:
        \(config)

        """
    }

    /// The workspace's contributions (`stipctl contributions list -o json`).
    func contributions(_ extra: String...) async throws -> [[String: Any]] {
        let result = try await daemon.stipctl(arguments: ["contributions", "list", Self.workspace, "-o", "json"] + extra)
        guard result.status == 0 else { throw DaemonFailure("contributions list failed: \(result.stderr)") }
        return Participation.json(result.stdout)["contributions"] as? [[String: Any]] ?? []
    }

    /// A plan's local date-time (`2027-04-06T23:59`) or date as the resident pages write it:
    /// `6 april 2027, 23.59 uur` / `6 April 2027, 11:59 pm`.
    static func residentText(_ local: String, english: Bool = false) -> String {
        let dutch = [
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
        ]
        let months =
            english
            ? dutch.map { $0.prefix(1).uppercased() + $0.dropFirst() }.map {
                [
                    "Januari": "January", "Februari": "February", "Maart": "March", "Mei": "May", "Juni": "June", "Juli": "July",
                    "Augustus": "August", "Oktober": "October",
                ][$0] ?? $0
            } : dutch
        let parts = local.split(separator: "T")
        let day = parts[0].split(separator: "-").map { Int($0)! }
        var text = "\(day[2]) \(months[day[1] - 1]) \(day[0])"
        if parts.count == 2 {
            let clock = parts[1].split(separator: ":").map { Int($0)! }
            let minutes = clock[1] < 10 ? "0\(clock[1])" : "\(clock[1])"
            text +=
                english
                ? ", \(clock[0] % 12 == 0 ? 12 : clock[0] % 12):\(minutes) \(clock[0] < 12 ? "am" : "pm")"
                : ", \(clock[0]).\(minutes) uur"
        }
        return text
    }

    /// A moment as local time in the workspace's time zone, as plans write it: `2026-11-29T14:32`.
    static func local(_ date: Date, in zone: TimeZone = timeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }
}

/// What a resident (or their screen reader) meets on a page.
enum PageCheck {
    /// The text a reader sees: the body without tags, entities decoded, white space collapsed.
    static func visibleText(_ html: String) -> String {
        var text = html
        if let head = text.firstRange(of: #/<head>.*</head>/#.dotMatchesNewlines()) { text.removeSubrange(head) }
        text = text.replacing(#/<[^>]*>/#, with: " ")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Name and value of each `name="value"` attribute in a tag.
    static func attributes(_ tag: Substring) -> [String: String] {
        var found: [String: String] = [:]
        for match in tag.matches(of: #/([a-zA-Z-]+)="([^"]*)"/#) { found[String(match.1).lowercased()] = String(match.2) }
        return found
    }

    /// The element with `id` up to the end of the first closing tag of its kind (enough for fieldsets and divs,
    /// which the pages do not nest in themselves).
    static func element(id: String, in html: String) -> String? {
        guard let pattern = try? Regex("<[a-z]+[^>]*\\sid=\"\(NSRegularExpression.escapedPattern(for: id))\""),
            let start = html.firstMatch(of: pattern)
        else { return nil }
        let name = String(html[start.range].dropFirst().prefix { $0.isLetter })
        guard let end = html.range(of: "</\(name)>", range: start.range.upperBound..<html.endIndex) else { return nil }
        return String(html[start.range.lowerBound..<end.upperBound])
    }

    /// Problems of a resident page: labels, fieldsets, ids, no scripts, no inline styles, nothing loaded from
    /// elsewhere, and the security headers.
    static func problems(_ reply: HTTPReply) -> [String] {
        let html = reply.text
        var problems: [String] = []
        if html.firstMatch(of: #/<html lang="(nl|en)">/#) == nil { problems.append("no <html lang=…>") }
        let labelled = Set(html.matches(of: #/<label\b[^>]*>/#).compactMap { attributes($0.output)["for"] })
        var ids: [String: Int] = [:]
        for match in html.matches(of: #/\sid="([^"]*)"/#) { ids[String(match.1), default: 0] += 1 }
        for (id, count) in ids where count > 1 { problems.append("id \(id) is used \(count) times") }
        for match in html.matches(of: #/<(input|select|textarea)\b[^>]*>/#) {
            let tag = match.output.0
            let attributes = attributes(tag)
            let type = attributes["type"]?.lowercased() ?? ""
            if type == "hidden" { continue }
            guard let id = attributes["id"], !id.isEmpty else {
                problems.append("no id: \(tag)")
                continue
            }
            if !labelled.contains(id) { problems.append("no <label for=\"\(id)\">") }
            if type == "radio" || type == "checkbox" {
                let before = html[..<tag.startIndex]
                guard let open = before.range(of: "<fieldset", options: .backwards),
                    before.range(of: "</fieldset>", options: .backwards).map({ $0.lowerBound < open.lowerBound }) ?? true
                else {
                    problems.append("\(type) \(id) is not in a fieldset")
                    continue
                }
                let group = before[open.lowerBound...]
                if group.firstMatch(of: #/<legend>\s*[^<\s][^<]*/#) == nil { problems.append("the fieldset of \(id) has no legend") }
            }
        }
        for match in html.matches(of: #/aria-describedby="([^"]*)"/#) {
            for id in match.1.split(separator: " ") where ids[String(id)] == nil {
                problems.append("aria-describedby names a missing id \(id)")
            }
        }
        for match in html.matches(of: #/href="#([^"]+)"/#) where ids[String(match.1)] == nil {
            problems.append("link to a missing id #\(match.1)")
        }
        if html.localizedCaseInsensitiveContains("<script") { problems.append("a <script>") }
        if html.localizedCaseInsensitiveContains("<style") { problems.append("a <style> element") }
        // Attribute names, not typed text: look at the tags with their (escaped) values taken out.
        for tag in html.matches(of: #/<[a-zA-Z][^>]*>/#) {
            let names = String(tag.output).replacing(#/"[^"]*"/#, with: "\"\"")
            if names.firstMatch(of: #/\sstyle\s*=/#.ignoresCase()) != nil { problems.append("a style= attribute: \(tag.output)") }
            if names.firstMatch(of: #/\son[a-z]+\s*=/#.ignoresCase()) != nil { problems.append("an inline event handler: \(tag.output)") }
        }
        for match in html.matches(of: #/\b(src|href|action)\s*=\s*"([^"]*)"/#.ignoresCase()) {
            let value = match.2.lowercased()
            if value.contains("://") || value.hasPrefix("//") { problems.append("an external reference \(match.0)") }
        }
        let policy = reply.headers.first(name: "Content-Security-Policy") ?? ""
        if policy.isEmpty { problems.append("no Content-Security-Policy") }
        if policy.contains("'unsafe-inline'") || policy.contains("'unsafe-eval'") {
            problems.append("the policy allows inline code: \(policy)")
        }
        if reply.headers.first(name: "X-Content-Type-Options")?.lowercased() != "nosniff" {
            problems.append("no X-Content-Type-Options: nosniff")
        }
        if (reply.headers.first(name: "Referrer-Policy") ?? "").isEmpty { problems.append("no Referrer-Policy") }
        return problems
    }
}
