import Foundation
import Hummingbird
import NIOCore
import StipDomain
import StipJSON
import StipVocabulary

/// Reading and writing JSON bodies with the admin API's limits and error messages.
enum JSONBodies {
    /// A `200`-style JSON response.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var bytes = try JSONValue(encoding: value).jsonBytes()
        bytes.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
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

    /// The enums of the admin API, for "not one of …" messages instead of Swift's wording.
    static let allowedValues: [String: [String]] = [
        "AgeBand": AgeBand.allCases.map(\.rawValue), "ParticipantRole": ParticipantRole.allCases.map(\.rawValue),
        "ResponseStatus": ResponseStatus.allCases.map(\.rawValue), "ReportBackChannel": ReportBackChannel.allCases.map(\.rawValue),
        "ContributionChannel": ContributionChannel.allCases.map(\.rawValue),
        "ContributionState": ContributionState.allCases.map(\.rawValue),
        "TrajectoryStatus": TrajectoryStatus.allCases.map(\.rawValue),
    ]

    /// A sentence for a decoding failure that names the field path.
    static func describe(_ error: DecodingError) -> String {
        error.explanation(allowedValues: allowedValues)
    }
}
