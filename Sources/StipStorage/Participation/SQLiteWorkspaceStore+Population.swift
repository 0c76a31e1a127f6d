import Foundation
import GRDB
public import StipDomain
import StipVocabulary

extension SQLiteWorkspaceStore {
    public func replacePopulation(
        _ slug: WorkspaceSlug, year: Int, source: String, _ result: CBSKerncijfersCSV.Result, by actor: AuditActor
    ) async throws -> PopulationImportReport {
        let at = timestamp()
        let replaced = try await write(slug) { db -> Int in
            // One year at a time, in one transaction: a re-import replaces that year and nothing else.
            try db.execute(sql: "DELETE FROM population WHERE year = ?", arguments: [year])
            let replaced = db.changesCount
            for figures in result.figures {
                let band = { (band: AgeBand) -> Int? in figures.ageBands[band.rawValue] ?? nil }
                try db.execute(
                    sql: """
                        INSERT INTO population (year, region, kind, name, inhabitants, age_0_15, age_15_25, age_25_45, age_45_65, age_65_plus, households)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (year, region) DO UPDATE SET inhabitants = excluded.inhabitants
                        """,
                    arguments: [
                        year, figures.region, figures.kind.rawValue, figures.name, figures.inhabitants, band(.under15), band(.from15To25),
                        band(.from25To45), band(.from45To65), band(.over65), figures.households,
                    ])
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO population_import (year, imported_at, source, rows_read, rows_stored) VALUES (?, ?, ?, ?, ?)",
                arguments: [year, at, source, result.rowsRead, result.figures.count])
            try AuditLog.record(
                db, at: at, actor: actor, action: "population.import", workspace: slug,
                detail: ["year": String(year), "regions": String(result.figures.count), "source": source])
            return replaced
        }
        return PopulationImportReport(
            year: year, rowsRead: result.rowsRead, stored: result.figures.count, replaced: replaced, skipped: result.skipped,
            suppressed: result.suppressed)
    }

    public func population(_ slug: WorkspaceSlug, year: Int?) async throws -> PopulationTable {
        try await read(slug) { db in
            let chosen: Int?
            if let year { chosen = year } else { chosen = try Int.fetchOne(db, sql: "SELECT MAX(year) FROM population_import") }
            guard let chosen, let info = try Row.fetchOne(db, sql: "SELECT * FROM population_import WHERE year = ?", arguments: [chosen])
            else {
                throw StorageError(
                    .populationNotFound,
                    "workspace \(slug) has no population figures\(year.map { " for \($0)" } ?? ""); import them with `stipctl population import \(slug) FILE.csv`"
                )
            }
            let regions = try Row.fetchAll(db, sql: "SELECT * FROM population WHERE year = ? ORDER BY region", arguments: [chosen]).map {
                row in
                PopulationFigures(
                    region: row["region"], kind: RegionCode.Kind(rawValue: row["kind"]) ?? .neighbourhood, name: row["name"],
                    inhabitants: row["inhabitants"],
                    ageBands: [
                        AgeBand.under15.rawValue: row["age_0_15"], AgeBand.from15To25.rawValue: row["age_15_25"],
                        AgeBand.from25To45.rawValue: row["age_25_45"], AgeBand.from45To65.rawValue: row["age_45_65"],
                        AgeBand.over65.rawValue: row["age_65_plus"],
                    ], households: row["households"])
            }
            return PopulationTable(year: chosen, importedAt: info["imported_at"], source: info["source"], regions: regions)
        }
    }
}
