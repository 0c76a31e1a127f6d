import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension FuzzReader {
    /// JSON bodies of the admin API, each seed for its own route.
    static func adminJSON(node: FuzzNode) -> FuzzReader {
        let routes: [(HTTPMethod, String, String)] = [
            (.PATCH, "/v1/workspaces/fuzz", #"{"name": "Gemeente Fuzz (pilot)", "timezone": "Europe/Amsterdam", "locale": "nl"}"#),
            (.PUT, "/v1/workspaces/fuzz/branding", ##"{"accent_color": "#1f6fb2"}"##),
            (.PUT, "/v1/workspaces/fuzz/privacy", #"{"retention_months": 18}"#),
            (
                .POST, "/v1/plugins/poll/validate",
                #"{"config": {"questions": [{"id": "q", "type": "single_choice", "text": "Welke?", "options": [{"id": "a", "label": "A"}]}]}}"#
            ),
            (
                .POST, "/v1/workspaces/fuzz/contributions",
                #"{"activity": "variant-poll", "channel": "paper", "submission": {"answers": {"variant": "b", "safety": 2, "why": "Meer groen"}}, "themes": ["groen"]}"#
            ),
            (
                .POST, "/v1/workspaces/fuzz/participants",
                #"{"profile": {"age_band": "15-25", "role": "resident"}, "consent": {"report_back": true, "future_activities": false}}"#
            ),
            (
                .POST, "/v1/workspaces/fuzz/trajectories/stationsplein/responses",
                #"{"theme": "groen", "status": "partly_adopted", "reason": "Variant B krijgt extra bomen.", "decided_by": "gemeenteraad"}"#
            ),
            (
                .PUT, "/v1/workspaces/fuzz/trajectories/stationsplein/phases/choose/reflection",
                #"{"went_well": "Veel reacties.", "to_change": "Meer jongeren."}"#
            ),
        ]
        // Each seed is its route's number and its body: a mutation of that first byte sends the body elsewhere.
        let seeds = routes.enumerated().map { [UInt8($0.offset)] + Array($0.element.2.utf8) }
        return FuzzReader(name: "admin-json", seeds: seeds, tokens: jsonTokens, concurrency: 8) { bytes in
            let route = routes[Int(bytes.first ?? 0) % routes.count]
            let input = bytes.dropFirst()
            var request = HTTPClientRequest(
                url: "http+unix://\(node.adminSocket.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")\(route.1)")
            request.method = route.0
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: input))
            return await Self.exchange(request, problemJSON: true)
        }
    }

    /// A resident's answers: the form as a browser posts it, and the JSON API, with a valid cookie and token.
    static func residentForms(node: FuzzNode) async throws -> FuzzReader {
        let base = "http://127.0.0.1:\(node.publicPort)"
        let formPath = "/fuzz/stationsplein/variant-poll"
        let jsonPath = "/api/v1/fuzz/stationsplein/variant-poll/responses"
        // One browser: its cookie and the form's token make a submission that gets past the door.
        let page = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + formPath), timeout: .seconds(10))
        let cookie = page.headers["Set-Cookie"].map { String($0.split(separator: ";").first ?? "") }.joined(separator: "; ")
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let range = html.range(of: #"name="stip-token" value="([^"]+)""#, options: .regularExpression) else {
            throw FuzzFailure("no form token on \(formPath)")
        }
        let token = html[range].split(separator: "\"")[3]
        let seeds = [
            "stip-token=\(token)&variant=a&safety=3&why=Meer+groen",
            "stip-token=\(token)&variant=b&safety=1",
            #"{"answers": {"variant": "a", "safety": 4, "why": "Veiliger oversteken"}}"#,
            #"{"answers": {"variant": "b", "safety": 2}}"#,
        ]
        return FuzzReader(
            name: "resident-form", seeds: seeds.map { Array($0.utf8) },
            tokens: ["&", "=", "%", "%00", "%ZZ", "+", "variant=", "safety=", "[]"] + jsonTokens, concurrency: 8
        ) {
            input in
            let json = input.first == UInt8(ascii: "{")
            var request = HTTPClientRequest(url: base + (json ? jsonPath : formPath))
            request.method = .POST
            request.headers.add(name: "Cookie", value: cookie)
            request.headers.add(name: "Content-Type", value: json ? "application/json" : "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(bytes: input))
            return await Self.exchange(request, problemJSON: json)
        }
    }

    /// 2xx accepted; 4xx refused with a message (`detail` of a problem, or the page); anything else unclear.
    static func exchange(_ request: HTTPClientRequest, problemJSON: Bool) async -> Verdict {
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 4 << 20)
            let code = Int(response.status.code)
            if (200..<300).contains(code) { return .accepted }
            guard (400..<500).contains(code) else { return .unclear("HTTP \(code): \(String(buffer: body).prefix(300))") }
            if problemJSON || response.headers.first(name: "Content-Type")?.contains("problem+json") == true {
                guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
                    let detail = object["detail"] as? String, object["code"] is String
                else { return .unclear("HTTP \(code) without a problem document: \(String(buffer: body).prefix(300))") }
                return Clarity.verdict(detail)
            }
            // An HTML page: the form again with the errors beside the fields.
            let text = String(buffer: body)
            return text.contains("<form") || text.count > 200
                ? .rejected("HTTP \(code) page") : .unclear("HTTP \(code): \(text.prefix(300))")
        } catch {
            return .unclear("the exchange failed: \(error)")
        }
    }
}

/// A set-up step that could not be done.
struct FuzzFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
