public import Hummingbird
import NIOCore
import StipDomain
import StipJSON
import StipVocabulary

/// Reading and writing JSON bodies: limits, strict objects (unknown fields refused), and error messages that
/// name the field and, for malformed text, the line and column.
public enum JSONBodies {
    /// A JSON response with sorted keys and a final newline.
    public static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var bytes = try JSONValue(encoding: value).jsonBytes()
        bytes.append(UInt8(ascii: "\n"))
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Collects the body up to `limit` bytes.
    /// - Throws: ``APIProblem/bodyTooLarge(limit:)``.
    public static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIProblem.bodyTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIProblem.bodyTooLarge(limit: limit)
        } catch {
            // A broken chunked encoding or a connection that went away: the client's fault, not the size.
            throw APIProblem.invalidBody("the body could not be read (\(error)); send it again")
        }
    }

    /// Decodes a JSON object body, refusing fields the endpoint does not know (typos would otherwise be
    /// ignored silently) and `null` wherever the endpoint does not give it a meaning.
    /// - Parameters:
    ///   - allowed: the member names the endpoint takes.
    ///   - nullable: the members that may be `null` or hold `null`s (a value to clear, a merge patch). Anywhere
    ///     else `null` is refused: leaving a field out and setting it to `null` are different requests, and
    ///     taking `null` as "absent" would ignore a client that meant to clear something.
    ///   - nested: for members that hold an object, the member names that object takes.
    ///   - limit: the largest body accepted.
    /// - Throws: ``APIProblem`` `unsupported_media_type`, `body_too_large` or `invalid_body`.
    public static func decodeObject<T: Decodable>(
        _ type: T.Type, allowed: Set<String>, nullable: Set<String> = [], nested: [String: Set<String>] = [:], _ request: Request,
        limit: Int
    ) async throws -> T {
        if let contentType = request.headers[.contentType], !RequestMediaType.field(contentType, is: "application/json") {
            throw APIProblem.unsupportedMediaType(expected: "application/json")
        }
        let buffer = try await collect(request, limit: limit)
        guard buffer.readableBytes > 0 else { throw APIProblem.invalidBody("the request needs a JSON object body") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: buffer.readableBytesView)
        } catch {
            throw APIProblem.invalidBody("malformed JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw APIProblem.invalidBody("the body must be a JSON object, not \(value == .null ? "null" : value.kindDescription)")
        }
        try refuseUnknown(members, allowed: allowed, in: "")
        for (name, names) in nested {
            if case .object(let inner)? = members[name] { try refuseUnknown(inner, allowed: names, in: name + ".") }
        }
        if let pointer = firstNull(in: value, at: .root, skipping: nullable) {
            throw APIProblem.invalidBody(
                "\(pointer) must not be null; leave the field out to keep what it is, or give a value")
        }
        do {
            return try value.decode(T.self)
        } catch let error as DecodingError {
            throw APIProblem.invalidBody(error.explanation(allowedValues: allowedValues))
        }
    }

    /// Refuses members not in `allowed`, named with `prefix` (`consent.`) so the client finds them.
    static func refuseUnknown(_ members: [String: JSONValue], allowed: Set<String>, in prefix: String) throws {
        let unknown = Set(members.keys).subtracting(allowed).sorted()
        guard !unknown.isEmpty else { return }
        throw APIProblem.invalidBody(
            "unknown field\(unknown.count == 1 ? "" : "s") \(unknown.map { "\"\(prefix)\($0)\"" }.joined(separator: ", ")); "
                + "allowed: \(allowed.sorted().map { prefix + $0 }.joined(separator: ", "))")
    }

    /// Where the first `null` stands in `value` (members in name order), outside the top-level members named
    /// in `skipping`.
    static func firstNull(in value: JSONValue, at pointer: JSONPointer, skipping: Set<String>) -> JSONPointer? {
        switch value {
        case .null:
            return pointer
        case .object(let members):
            for name in members.keys.sorted() where !(pointer == .root && skipping.contains(name)) {
                if let found = firstNull(in: members[name]!, at: pointer.appending(name), skipping: skipping) { return found }
            }
            return nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = firstNull(in: element, at: pointer.appending(index), skipping: skipping) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    /// The enums of the APIs, for "not one of …" messages instead of Swift's wording.
    static let allowedValues: [String: [String]] = [
        "AgeBand": AgeBand.allCases.map(\.rawValue), "ParticipantRole": ParticipantRole.allCases.map(\.rawValue),
        "ResponseStatus": ResponseStatus.allCases.map(\.rawValue), "ReportBackChannel": ReportBackChannel.allCases.map(\.rawValue),
        "ContributionChannel": ContributionChannel.allCases.map(\.rawValue),
        "ContributionState": ContributionState.allCases.map(\.rawValue),
        "TrajectoryStatus": TrajectoryStatus.allCases.map(\.rawValue),
    ]
}
