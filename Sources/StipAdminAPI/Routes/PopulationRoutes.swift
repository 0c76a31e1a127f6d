import Foundation
import Hummingbird
import StipHTTP
import StipParticipation

// MARK: - Population reference data (CBS Kerncijfers wijken en buurten)

extension AdminAPI {
    func registerPopulationRoutes(_ r: WorkspaceRoutes) {
        let population = participation.population
        r.add(.put, "/population/{year}") { request, context in
            guard let text = context.parameters.get("year"), let year = Int(text), (1990...2100).contains(year) else {
                throw APIProblem(
                    .badRequest, code: "invalid_identifier", title: "Invalid year", detail: "the year is four digits, e.g. 2024")
            }
            let csv = try await RequestReading.text(request, limit: self.settings.maxBodyBytes * 64)
            let report = try await population.importCSV(
                context.workspace, year: year, csv: csv, source: request.uri.queryParameters.get("source") ?? "upload", by: context.caller)
            return try JSONBodies.response(report)
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
