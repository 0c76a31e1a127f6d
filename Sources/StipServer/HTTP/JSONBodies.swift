import Foundation
import Hummingbird
import NIOCore
import StipDomain

/// Reading and writing JSON bodies with the admin API's limits and error messages.
enum JSONBodies {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// A `200`-style JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var data = try encoder.encode(value)
        data.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Collects the body up to `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIProblem.bodyTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw APIProblem.bodyTooLarge(limit: limit)
        }
    }

    /// Says where a JSON parse failed as line and column, from the parser's character offset.
    static func locate(_ error: any Error, in data: Data) -> String {
        let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        let text = String(decoding: data, as: UTF8.self)
        var offset = text.count
        var what = "the JSON ends too early"
        if let range = message.range(of: #"character (\d+)"#, options: .regularExpression),
            let number = Int(message[range].dropFirst("character ".count))
        {
            offset = min(number, text.count)
            what = "unexpected input"
        }
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return "\(what) at line \(line), column \(column)"
    }

    /// A sentence for a decoding failure that names the field path and, for malformed JSON, the position.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "malformed JSON: \(underlying ?? context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(friendly(context.debugDescription))"
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return "missing field \"\(at)\""
        case .typeMismatch(let expected, let context):
            return "\(path(context.codingPath)): expected \(describe(expected))"
        case .valueNotFound(let expected, let context):
            return "\(path(context.codingPath)): expected \(describe(expected)), found null"
        @unknown default:
            return "\(error)"
        }
    }

    /// The enums of the admin API, for "not one of …" messages instead of Swift's wording.
    static let allowedValues: [String: [String]] = [
        "AgeBand": AgeBand.allCases.map(\.rawValue), "ParticipantRole": ParticipantRole.allCases.map(\.rawValue),
        "ResponseStatus": ResponseStatus.allCases.map(\.rawValue), "ReportBackChannel": ReportBackChannel.allCases.map(\.rawValue),
        "ContributionChannel": ContributionChannel.allCases.map(\.rawValue),
        "ContributionState": ContributionState.allCases.map(\.rawValue),
        "TrajectoryStatus": TrajectoryStatus.allCases.map(\.rawValue),
    ]

    /// "Cannot initialize AgeBand from invalid String value 12-18" → "\"12-18\" is not one of 0-15, 15-25, …".
    static func friendly(_ description: String) -> String {
        guard description.hasPrefix("Cannot initialize "),
            let typeEnd = description.range(of: " from invalid "),
            let valueStart = description.range(of: " value ")
        else { return description }
        let type = String(description[description.index(description.startIndex, offsetBy: "Cannot initialize ".count)..<typeEnd.lowerBound])
        let value = String(description[valueStart.upperBound...])
        guard let allowed = allowedValues[type] else { return "\"\(value)\" is not an allowed value" }
        return "\"\(value)\" is not one of \(allowed.joined(separator: ", "))"
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is UInt32.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: "a value of type \(type)"
        }
    }
}
