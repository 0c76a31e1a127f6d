import StipJSON
import StipPluginProtocol

extension String {
    /// At most `limit` characters, with "…" when cut: a transcript line stays readable whatever came back.
    func clipped(_ limit: Int) -> String {
        count <= limit ? self : String(prefix(limit)) + "…"
    }
}

extension RPCError {
    /// `-32003 (not_initialized): the first request must be initialize`.
    var summary: String {
        "\(code)\(knownCode.map { " (\($0.name))" } ?? ""): \(message.clipped(200))"
    }
}

extension RPCError.Code {
    /// `-32003 (not_initialized)`, as the transcript names what it expected.
    var label: String { "\(rawValue) (\(name))" }
}

extension JSONValue {
    /// Whether this is an object (of any members).
    var isObject: Bool { members != nil }

    /// Whether this is an array.
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }
}
