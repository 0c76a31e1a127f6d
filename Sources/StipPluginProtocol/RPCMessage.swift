public import StipDomain

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
        if let error = object["error"], case .object(let fields) = error {
            let code = Int(fields["code"]?.intValue ?? Int64(RPCError.Code.internalError.rawValue))
            let message = fields["message"]?.stringValue ?? "error without a message"
            return .error(id: id, error: RPCError(code: code, message: message, data: fields["data"]))
        }
        if let id, let result = object["result"] { return .result(id: id, result: result) }
        throw RPCError(.invalidRequest, "a message needs \"method\", \"result\" or \"error\"")
    }

    /// The message as one line of compact JSON, with its terminating newline.
    public func encodedLine() -> [UInt8] {
        var object: [String: JSONValue] = ["jsonrpc": .string("2.0")]
        switch self {
        case .request(let id, let method, let params):
            object["id"] = .int(id)
            object["method"] = .string(method)
            object["params"] = params
        case .notification(let method, let params):
            object["method"] = .string(method)
            object["params"] = params
        case .result(let id, let result):
            object["id"] = .int(id)
            object["result"] = result
        case .error(let id, let error):
            object["id"] = id.map { .int($0) } ?? .null
            var fields: [String: JSONValue] = ["code": .int(Int64(error.code)), "message": .string(error.message)]
            if let data = error.data { fields["data"] = data }
            object["error"] = .object(fields)
        }
        return JSONValue.object(object).jsonBytes() + [UInt8(ascii: "\n")]
    }
}

import Foundation
