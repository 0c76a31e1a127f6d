import Foundation
import StipJSON

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
    public var fieldErrors: [FieldProblem]

    /// One entry of `errors`: a field, and where it is when the input was a file.
    public struct FieldProblem: Sendable {
        public var field: String
        public var message: String
        public var file: String?
        public var line: Int?
        public var column: Int?
        public var row: Int?

        /// `plan.yaml:14:9: activities[2].config: message`, `row 3 (line 3): text: message` or `field: message`.
        public var text: String {
            var position: [String] = []
            if let row {
                position.append("row \(row)" + (line.map { " (line \($0))" } ?? ""))
            } else if line != nil || file != nil {
                position.append([file, line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":"))
            }
            if !field.isEmpty { position.append(field) }
            return (position + [message]).joined(separator: ": ")
        }
    }

    init(status: Int, body: Data) {
        self.status = status
        let object = (try? JSONValue.parse(body)) ?? .object([:])
        code = object["code"]?.stringValue ?? "http_\(status)"
        title = object["title"]?.stringValue ?? "HTTP \(status)"
        detail = object["detail"]?.stringValue ?? String(decoding: body.prefix(500), as: UTF8.self)
        fieldErrors =
            object["errors"]?.elements.map {
                FieldProblem(
                    field: $0["field"]?.stringValue ?? "", message: $0["message"]?.stringValue ?? "", file: $0["file"]?.stringValue,
                    line: $0["line"]?.intValue.map(Int.init), column: $0["column"]?.intValue.map(Int.init),
                    row: $0["row"]?.intValue.map(Int.init))
            } ?? []
    }

    /// `error (code): detail`, plus one line per field problem.
    public var summary: String {
        var lines = ["error (\(code)): \(detail)"]
        for error in fieldErrors { lines.append("  " + error.text) }
        return lines.joined(separator: "\n")
    }
}
