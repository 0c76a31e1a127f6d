import Foundation
import Hummingbird
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - Population reference data (CBS Kerncijfers wijken en buurten)

extension AdminAPI {
    func registerPopulationRoutes(_ r: WorkspaceRoutes) {
        let population = participation.population
        r.add(.put, "/population/{year}") { request, context in
            let year = try Self.populationYear(context)
            let limit = self.settings.maxImportBytes
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                throw APIProblem.bodyTooLarge(limit: limit)
            }
            // Read as it arrives, never held whole: a national export is tens of megabytes.
            let report = try await population.importCSV(
                context.workspace, year: year, bytes: LimitedBody(body: request.body, limit: limit),
                source: request.uri.queryParameters.get("source") ?? "upload", by: context.caller)
            return try JSONBodies.response(report)
        }
        r.add(.delete, "/population/{year}") { _, context in
            let year = try Self.populationYear(context)
            let removed = try await population.delete(context.workspace, year: year, by: context.caller)
            return try JSONBodies.response(PopulationDeletedBody(year: year, regionsRemoved: removed))
        }
        r.add(.get, "/population") { request, context in
            var year: Int?
            if let text = request.uri.queryParameters.get("year") {
                guard let value = Int(text) else { throw APIProblem.invalidQuery("year=\(text) is not a year") }
                year = value
            }
            return try JSONBodies.response(try await population.table(context.workspace, year: year))
        }
    }
}

extension AdminAPI {
    /// The `{year}` of a population route: four digits.
    static func populationYear(_ context: WorkspaceRequestContext) throws -> Int {
        guard let text = context.parameters.get("year"), let year = Int(text), (1990...2100).contains(year) else {
            throw APIProblem(.badRequest, code: "invalid_identifier", title: "Invalid year", detail: "the year is four digits, e.g. 2024")
        }
        return year
    }
}

/// What `DELETE /population/{year}` removed.
struct PopulationDeletedBody: Encodable {
    var year: Int
    var regionsRemoved: Int

    enum CodingKeys: String, CodingKey {
        case year
        case regionsRemoved = "regions_removed"
    }
}

/// A request body as byte arrays, refused past `limit` bytes (a chunked body states no length up front).
struct LimitedBody: AsyncSequence, Sendable {
    let body: RequestBody
    let limit: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var read = 0

        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await base.next() else { return nil }
            read += buffer.readableBytes
            guard read <= limit else {
                throw DomainError(.invalidPopulationFile, "the file is larger than \(limit) bytes, the most an import takes")
            }
            return Array(buffer.readableBytesView)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator(), limit: limit) }
}
