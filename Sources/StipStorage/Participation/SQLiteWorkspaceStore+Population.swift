import Foundation
import GRDB
public import StipDomain
import StipVocabulary

/// Population figures per year. An import is written in chunks under an id of its own, each chunk a short
/// transaction, and becomes the year's figures in one small step at the end; the figures it replaces are then
/// removed in chunks too. Readers see the old figures or the new, never a mix, and a resident's response to
/// the same workspace never waits behind more than one chunk.
extension SQLiteWorkspaceStore {
    /// Rows per transaction while an import is written or old figures removed.
    static let populationChunk = 2000

    public func beginPopulationImport(_ slug: WorkspaceSlug) async throws -> Int64 {
        let at = timestamp()
        let id = try await write(slug) { db -> Int64 in
            let highest =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT MAX(id) FROM (SELECT MAX(import_id) AS id FROM population UNION ALL SELECT MAX(import_id) FROM population_import
                        UNION ALL SELECT MAX(import_id) FROM population_staging)
                        """) ?? 0
            // Ids of imports made before this scheme are their years; new ones stay clear of those.
            let id = max(highest, 10_000) + 1
            try db.execute(sql: "INSERT INTO population_staging (import_id, started_at) VALUES (?, ?)", arguments: [id, at])
            return id
        }
        try await removeAbandonedPopulation(slug, startedBefore: at.addingTimeInterval(-86_400))
        return id
    }

    public func stagePopulation(_ slug: WorkspaceSlug, importID: Int64, year: Int, _ figures: [PopulationFigures]) async throws {
        for chunk in stride(from: 0, to: figures.count, by: Self.populationChunk) {
            try await write(slug) { db in
                for figures in figures[chunk..<min(chunk + Self.populationChunk, figures.count)] {
                    let band = { (band: AgeBand) -> Int? in figures.ageBands[band.rawValue] ?? nil }
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO population (import_id, year, region, kind, name, inhabitants, age_0_15, age_15_25, age_25_45,
                              age_45_65, age_65_plus, households)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """
                    ).execute(arguments: [
                        importID, year, figures.region, figures.kind.rawValue, figures.name, figures.inhabitants, band(.under15),
                        band(.from15To25), band(.from25To45), band(.from45To65), band(.over65), figures.households,
                    ])
                }
            }
        }
    }

    public func finishPopulationImport(
        _ slug: WorkspaceSlug, importID: Int64, year: Int, source: String, rowsRead: Int, stored: Int, by actor: AuditActor
    ) async throws -> Int {
        let at = timestamp()
        let (previous, replaced) = try await write(slug) { db -> (Int64?, Int) in
            let previous = try Int64.fetchOne(db, sql: "SELECT import_id FROM population_import WHERE year = ?", arguments: [year])
            let replaced =
                try previous.map { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM population WHERE import_id = ?", arguments: [$0]) ?? 0 }
                ?? 0
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO population_import (year, imported_at, source, rows_read, rows_stored, import_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [year, at, source, rowsRead, stored, importID])
            try db.execute(sql: "DELETE FROM population_staging WHERE import_id = ?", arguments: [importID])
            try AuditLog.record(
                db, at: at, actor: actor, action: .populationImport, workspace: slug,
                detail: ["year": String(year), "regions": String(stored), "source": source])
            return (previous, replaced)
        }
        if let previous { try await removePopulation(slug, importID: previous) }
        return replaced
    }

    public func deletePopulation(_ slug: WorkspaceSlug, year: Int, by actor: AuditActor) async throws -> Int {
        let at = timestamp()
        let (importID, regions) = try await write(slug) { db -> (Int64, Int) in
            guard let importID = try Int64.fetchOne(db, sql: "SELECT import_id FROM population_import WHERE year = ?", arguments: [year])
            else {
                let years = try Int.fetchAll(db, sql: "SELECT year FROM population_import ORDER BY year")
                throw StorageError(
                    .populationNotFound,
                    "workspace \(slug) has no population figures for \(year); "
                        + (years.isEmpty ? "it has none at all" : "it has \(years.map(String.init).joined(separator: ", "))"))
            }
            let regions = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM population WHERE import_id = ?", arguments: [importID]) ?? 0
            // The year disappears in this one step; its rows follow in chunks, like the figures an import replaces.
            try db.execute(sql: "DELETE FROM population_import WHERE year = ?", arguments: [year])
            try AuditLog.record(
                db, at: at, actor: actor, action: .populationDelete, workspace: slug,
                detail: ["year": String(year), "regions": String(regions)])
            return (importID, regions)
        }
        try await removePopulation(slug, importID: importID)
        return regions
    }

    public func abandonPopulationImport(_ slug: WorkspaceSlug, importID: Int64) async throws {
        try await removePopulation(slug, importID: importID)
        try await write(slug) { db in try db.execute(sql: "DELETE FROM population_staging WHERE import_id = ?", arguments: [importID]) }
    }

    /// Removes one import's rows, a chunk per transaction.
    private func removePopulation(_ slug: WorkspaceSlug, importID: Int64) async throws {
        while true {
            let removed = try await write(slug) { db -> Int in
                try db.execute(
                    sql: "DELETE FROM population WHERE rowid IN (SELECT rowid FROM population WHERE import_id = ? LIMIT ?)",
                    arguments: [importID, Self.populationChunk])
                return db.changesCount
            }
            if removed < Self.populationChunk { return }
        }
    }

    /// Rows of imports that neither became current nor are still being written (a crash mid-import).
    private func removeAbandonedPopulation(_ slug: WorkspaceSlug, startedBefore cutoff: Date) async throws {
        let abandoned = try await read(slug) { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT import_id FROM population
                    WHERE import_id NOT IN (SELECT import_id FROM population_import)
                      AND import_id NOT IN (SELECT import_id FROM population_staging WHERE started_at >= ?)
                    """, arguments: [cutoff])
        }
        for id in abandoned { try await abandonPopulationImport(slug, importID: id) }
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
            let importID: Int64 = info["import_id"]
            let regions = try Row.fetchAll(db, sql: "SELECT * FROM population WHERE import_id = ? ORDER BY region", arguments: [importID])
                .map { row in
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
