import Foundation
import Hummingbird
import StipDomain
import StipParticipation
import StipStorage

// MARK: - Population reference data (CBS Kerncijfers wijken en buurten)

extension AdminAPI {
    func registerPopulationRoutes(_ r: RouteRegistrar) {
        r.add(.put, "/v1/workspaces/{slug}/population/{year}") { request, context in
            let slug = try Self.slug(context)
            guard let text = context.parameters.get("year"), let year = Int(text), (1990...2100).contains(year) else {
                throw APIProblem(
                    .badRequest, code: "invalid_identifier", title: "Invalid year", detail: "the year is four digits, e.g. 2024")
            }
            let csv = try await Self.text(request, limit: self.settings.maxBodyBytes * 64)
            let result: CBSKerncijfersCSV.Result
            do {
                result = try CBSKerncijfersCSV.read(csv)
            } catch let error as CBSKerncijfersCSV.FileError {
                throw APIProblem(
                    .unprocessableContent, code: "invalid_population_file", title: "Not a CBS export Stip can read",
                    detail: error.description)
            }
            guard !result.figures.isEmpty else {
                throw APIProblem(
                    .unprocessableContent, code: "invalid_population_file", title: "Not a CBS export Stip can read",
                    detail: "no row had a usable region code; \(result.skipped.count) rows were skipped",
                    errors: result.skipped.map { FieldIssue(field: $0.region ?? "", message: $0.reason, row: $0.row) })
            }
            let source = request.uri.queryParameters.get("source") ?? "upload"
            let report = try await self.services().store.replacePopulation(
                slug, year: year, source: source, result, by: Self.caller(context))
            return try JSONBodies.response(report)
        }
        r.add(.get, "/v1/workspaces/{slug}/population") { request, context in
            let slug = try Self.slug(context)
            var year: Int?
            if let text = request.uri.queryParameters.get("year") {
                guard let value = Int(text) else { throw APIProblem.invalidQuery("year=\(text) is not a year") }
                year = value
            }
            return try JSONBodies.response(try await self.services().store.population(slug, year: year))
        }
    }
}
