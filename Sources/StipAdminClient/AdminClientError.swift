import Foundation

/// Why a `stipctl` command failed, with the exit code it maps to.
public enum AdminClientError: Error, Sendable, CustomStringConvertible {
    /// The daemon answered with a problem (exit 1).
    case daemon(Problem)
    /// Nobody answers on the socket (exit 3).
    case unreachable(String, String)
    /// The exchange broke off (exit 1).
    case transport(String)
    /// The command cannot be carried out as given (exit 2).
    case usage(String)

    /// The process exit code for this failure.
    public var exitCode: Int32 {
        switch self {
        case .daemon, .transport: 1
        case .usage: 2
        case .unreachable: 3
        }
    }

    public var description: String {
        switch self {
        case .daemon(let problem): problem.summary
        case .unreachable(let path, let hint): "cannot reach stipd at \(path): \(hint)"
        case .transport(let text): text
        case .usage(let text): text
        }
    }
}

/// An `application/problem+json` body from the daemon.
public struct Problem: Sendable {
    public var status: Int
    public var code: String
    public var title: String
    public var detail: String
    public var fieldErrors: [(field: String, message: String)]

    init(status: Int, body: Data) {
        self.status = status
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        code = object["code"] as? String ?? "http_\(status)"
        title = object["title"] as? String ?? "HTTP \(status)"
        detail = object["detail"] as? String ?? String(decoding: body.prefix(500), as: UTF8.self)
        fieldErrors = (object["errors"] as? [[String: Any]] ?? []).map { ($0["field"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    /// `error (code): detail`, plus one line per field problem.
    public var summary: String {
        var lines = ["error (\(code)): \(detail)"]
        for error in fieldErrors { lines.append("  \(error.field): \(error.message)") }
        return lines.joined(separator: "\n")
    }
}
