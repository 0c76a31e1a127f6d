public import StipJSON

/// A JSON-RPC error: the standard codes plus Stip's named application codes.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codes of the protocol (docs/plugin-protocol.md, "Error codes").
    public enum Code: Int, Sendable, CaseIterable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case cancelled = -32800
        case unsupportedProtocol = -32002
        case notInitialized = -32003
        case unsupported = -32004
        case shuttingDown = -32005
        case invalidConfig = -32010
        case invalidContribution = -32011
        case unknownEvaluation = -32012
        case unknownExport = -32013

        /// The name carried in `data.code`.
        public var name: String {
            switch self {
            case .parseError: "parse_error"
            case .invalidRequest: "invalid_request"
            case .methodNotFound: "method_not_found"
            case .invalidParams: "invalid_params"
            case .internalError: "internal_error"
            case .cancelled: "cancelled"
            case .unsupportedProtocol: "unsupported_protocol"
            case .notInitialized: "not_initialized"
            case .unsupported: "unsupported"
            case .shuttingDown: "shutting_down"
            case .invalidConfig: "invalid_config"
            case .invalidContribution: "invalid_contribution"
            case .unknownEvaluation: "unknown_evaluation"
            case .unknownExport: "unknown_export"
            }
        }
    }

    public var code: Int
    public var message: String
    public var data: JSONValue?

    /// Creates an error with a raw code.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// Creates an error with a known code; `data.code` carries its name.
    public init(_ code: Code, _ message: String, data: [String: JSONValue] = [:]) {
        var fields = data
        fields["code"] = .string(code.name)
        self.init(code: code.rawValue, message: message, data: .object(fields))
    }

    /// Reads a JSON-RPC error object (`{"code", "message", "data"}`), as in a response's `error` member or
    /// an entry of `validate_contributions`' results.
    public init(errorObject: JSONValue) {
        self.init(
            code: Int(errorObject["code"]?.intValue ?? Int64(Code.internalError.rawValue)),
            message: errorObject["message"]?.stringValue ?? "error without a message", data: errorObject["data"])
    }

    /// The JSON-RPC error object: `code`, `message` and, when there is one, `data`.
    public var errorObject: JSONValue {
        var fields: [String: JSONValue] = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { fields["data"] = data }
        return .object(fields)
    }

    /// The known code, if it is one.
    public var knownCode: Code? { Code(rawValue: code) }

    /// Field errors (`data.errors`) of invalid_config / invalid_contribution.
    public var fieldErrors: [FieldError] {
        guard case .object(let fields) = data ?? .null, case .array(let items) = fields["errors"] ?? .null else { return [] }
        return items.compactMap { item in
            guard case .object(let error) = item else { return nil }
            var localized: [String: String]?
            if case .object(let texts)? = error["localized"] { localized = texts.compactMapValues(\.stringValue) }
            return FieldError(
                pointer: error["pointer"]?.stringValue ?? "", message: error["message"]?.stringValue ?? "", localized: localized)
        }
    }

    public var description: String { "\(knownCode?.name ?? "error \(code)"): \(message)" }
}

/// One problem with one field, located by an RFC 6901 JSON Pointer.
public struct FieldError: Sendable, Equatable, Codable {
    public var pointer: String
    /// In English, for logs and consultants.
    public var message: String
    /// The message for residents by language (`nl`, `en`), when the plugin gives one.
    public var localized: [String: String]?
    /// For a value outside a fixed set: the values allowed (protocol 1.3), so that an import's errors about one
    /// column can be given once, with the allowed values, instead of once per row.
    public var allowed: [String]?

    public init(pointer: String, message: String, localized: [String: String]? = nil, allowed: [String]? = nil) {
        self.pointer = pointer
        self.message = message
        self.localized = localized
        self.allowed = allowed
    }
}
