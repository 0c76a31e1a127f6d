public import StipJSON

/// One JSON-RPC 2.0 message as it travels on a plugin's stdin or stdout (one per line).
public enum RPCMessage: Sendable, Equatable {
    /// A request that expects an answer.
    case request(id: Int64, method: String, params: JSONValue)
    /// A message without an id; nobody answers it.
    case notification(method: String, params: JSONValue)
    /// A successful answer.
    case result(id: Int64, result: JSONValue)
    /// A failed answer; `id` is nil when the request could not even be read.
    case error(id: Int64?, error: RPCError)

    /// Reads one line. Unknown fields are ignored, as the protocol requires.
    /// - Throws: ``RPCError`` with `parse_error` or `invalid_request`.
    public static func decode(line: some Collection<UInt8>) throws(RPCError) -> RPCMessage {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: line)
        } catch {
            throw RPCError(.parseError, "the line is not JSON")
        }
        guard case .object(let object) = value else { throw RPCError(.invalidRequest, "a message must be a JSON object") }
        guard object["jsonrpc"]?.stringValue == "2.0" else { throw RPCError(.invalidRequest, "\"jsonrpc\" must be \"2.0\"") }
        let id = object["id"]?.intValue
        if let method = object["method"]?.stringValue {
            let params = object["params"] ?? .object([:])
            if let id { return .request(id: id, method: method, params: params) }
            return .notification(method: method, params: params)
        }
        if let error = object["error"], case .object = error {
            return .error(id: id, error: RPCError(errorObject: error))
        }
        if let id, let result = object["result"] { return .result(id: id, result: result) }
        throw RPCError(.invalidRequest, "a message needs \"method\", \"result\" or \"error\"")
    }

    /// The message as one line of compact JSON, with its terminating newline.
    public func encodedLine() -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        appendLine(to: &line)
        return line
    }

    /// Appends the message as one line of compact JSON, with its terminating newline, to `out`.
    /// Members come in sorted order, as `JSONValue.jsonBytes` writes them.
    public func appendLine(to out: inout [UInt8]) {
        func member(_ name: StaticString, first: Bool = false) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }
        func version() {
            member("jsonrpc")
            out.append(contentsOf: "\"2.0\"".utf8)
        }
        switch self {
        case .request(let id, let method, let params):
            member("id", first: true)
            JSONValue.int(id).appendJSON(to: &out)
            version()
            member("method")
            JSONValue.writeString(method, into: &out)
            member("params")
            params.appendJSON(to: &out)
        case .notification(let method, let params):
            member("jsonrpc", first: true)
            out.append(contentsOf: "\"2.0\"".utf8)
            member("method")
            JSONValue.writeString(method, into: &out)
            member("params")
            params.appendJSON(to: &out)
        case .result(let id, let result):
            member("id", first: true)
            JSONValue.int(id).appendJSON(to: &out)
            version()
            member("result")
            result.appendJSON(to: &out)
        case .error(let id, let error):
            member("error", first: true)
            error.errorObject.appendJSON(to: &out)
            member("id")
            (id.map { JSONValue.int($0) } ?? .null).appendJSON(to: &out)
            version()
        }
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
    }
}
