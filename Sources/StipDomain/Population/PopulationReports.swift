public import Foundation
import StipJSON
import StipVocabulary

/// The result of storing one year of population figures.
public struct PopulationImportReport: Sendable, Codable {
    public var year: Int
    public var rowsRead: Int
    public var stored: Int
    public var replaced: Int
    public var skipped: [CBSKerncijfersCSV.RowNote]
    public var suppressed: [CBSKerncijfersCSV.RowNote]

    public init(
        year: Int, rowsRead: Int, stored: Int, replaced: Int, skipped: [CBSKerncijfersCSV.RowNote], suppressed: [CBSKerncijfersCSV.RowNote]
    ) {
        self.year = year
        self.rowsRead = rowsRead
        self.stored = stored
        self.replaced = replaced
        self.skipped = skipped
        self.suppressed = suppressed
    }

    enum CodingKeys: String, CodingKey {
        case year
        case rowsRead = "rows_read"
        case stored, replaced, skipped, suppressed
    }
}

/// One year of population figures.
public struct PopulationTable: Sendable, Codable {
    public var year: Int
    public var importedAt: Date
    public var source: String
    public var regions: [PopulationFigures]

    /// Memberwise initialiser.
    public init(year: Int, importedAt: Date, source: String, regions: [PopulationFigures]) {
        self.year = year
        self.importedAt = importedAt
        self.source = source
        self.regions = regions
    }

    enum CodingKeys: String, CodingKey {
        case year
        case importedAt = "imported_at"
        case source, regions
    }
}
