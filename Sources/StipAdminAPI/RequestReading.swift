import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StipHTTP

/// Reading what the admin API's paths, queries and text bodies carry, refusing rather than guessing.
enum RequestReading {
    /// A path parameter that names an object inside a workspace (trajectory, activity, phase, participant, contribution).
    static func identifier(_ context: some RequestContext, _ name: String, what: String) throws -> String {
        let raw = context.parameters.get(name) ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw APIProblem(
                .badRequest, code: "invalid_identifier", title: "Invalid identifier",
                detail: "\"\(text)\" is not a \(what) id; ids are letters, digits, -, _ and . (at most 64)")
        }
        return text
    }

    /// A plugin id in the path: `[a-z0-9-]+`.
    static func pluginID(_ context: some RequestContext) throws -> String {
        let raw = (context.parameters.get("id") ?? "").removingPercentEncoding ?? ""
        guard !raw.isEmpty, raw.count <= 63, raw.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw APIProblem(
                .badRequest, code: "invalid_plugin_id", title: "Invalid plugin id",
                detail: "plugin ids are [a-z0-9-]+, the id in the plugin's plugin.yaml (see `stipctl plugin list`)")
        }
        return raw
    }

    /// A report-back id in the path: a positive whole number.
    static func reportBackID(_ context: some RequestContext) throws -> Int64 {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else {
            throw APIProblem(
                .badRequest, code: "invalid_identifier", title: "Invalid identifier", detail: "report-back ids are positive whole numbers")
        }
        return id
    }

    /// A cycle number in the path: a positive whole number.
    static func cycleNumber(_ context: some RequestContext) throws -> Int {
        guard let text = context.parameters.get("cycle"), let number = Int(text), number > 0 else {
            throw APIProblem(
                .badRequest, code: "invalid_identifier", title: "Invalid identifier", detail: "cycle numbers are positive whole numbers")
        }
        return number
    }

    /// A text body (YAML, CSV) up to the limit, as UTF-8.
    static func text(_ request: Request, limit: Int) async throws -> String {
        let buffer = try await JSONBodies.collect(request, limit: limit)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIProblem.invalidBody("the body is not UTF-8 text; save the file as UTF-8 and send it again")
        }
        return text
    }

    /// `true`/`false` query flags; anything else is refused rather than guessed.
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return false }
        switch text {
        // Not the bare `?flag`: the documents say boolean, and an empty value is more likely a mistake than a yes.
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIProblem.invalidQuery("\(name)=\(text) must be true or false")
        }
    }

    /// Whether the client asked for YAML.
    static func wantsYAML(_ request: Request) -> Bool {
        let accept = request.headers[.accept] ?? ""
        return accept.contains("application/yaml") || request.uri.queryParameters.get("format") == "yaml"
    }

    /// Whether the client asked for CSV.
    static func wantsCSV(_ request: Request) -> Bool {
        request.uri.queryParameters.get("format") == "csv" || (request.headers[.accept] ?? "").contains("text/csv")
    }

    static func yamlResponse(_ text: String) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: .init(string: text)))
    }

    static func csvResponse(_ text: String, name: String, status: HTTPResponse.Status = .ok) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "text/csv; charset=utf-8"
        fields[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: status, headers: fields, body: .init(byteBuffer: .init(string: text)))
    }
}
