public import StipDomain
import StipStorage

/// The population of a workspace's areas, from the CBS "Kerncijfers wijken en buurten": what representation
/// is measured against.
///
/// An export is read as it arrives, row by row, and written in chunks: a file of hundreds of megabytes takes
/// little memory, and residents' responses to the same workspace are never held up behind it.
public struct Population: Sendable {
    let store: any ParticipationStore
    /// Figures written per chunk.
    static let chunk = 2000

    init(store: any ParticipationStore) {
        self.store = store
    }

    /// Reads a CBS export as it arrives and replaces that year's figures; nothing changes unless all of it reads.
    /// - Parameter bytes: the file, in pieces as they come (a request body).
    /// - Throws: `invalid_population_file` when the file cannot be read or holds no usable row.
    public func importCSV<Bytes: AsyncSequence & Sendable>(
        _ workspace: ResolvedWorkspace, year: Int, bytes: Bytes, source: String, by actor: AuditActor
    ) async throws(DomainError) -> PopulationImportReport where Bytes.Element == [UInt8] {
        try workspace.requireLive()
        let slug = workspace.slug
        let importID = try await translatingFailures { try await store.beginPopulationImport(slug) }
        do throws(DomainError) {
            let read = try await readAndStage(
                bytes, slug: slug, importID: importID, year: year, municipality: workspace.workspace.cbsCode)
            guard read.stored > 0 else {
                throw DomainError(
                    .invalidPopulationFile, "no row had a usable region code; \(read.reader.skipped.count) rows were skipped",
                    fieldIssues: read.reader.skipped.map { FieldIssue(field: $0.region ?? "", message: $0.reason, row: $0.row) })
            }
            let replaced = try await translatingFailures {
                try await store.finishPopulationImport(
                    slug, importID: importID, year: year, source: source, rowsRead: read.reader.rowsRead, stored: read.stored, by: actor)
            }
            return PopulationImportReport(
                year: year, rowsRead: read.reader.rowsRead, stored: read.stored, replaced: replaced, skipped: read.reader.skipped,
                suppressed: read.reader.suppressed)
        } catch {
            try? await store.abandonPopulationImport(slug, importID: importID)
            throw error
        }
    }

    /// A whole export in one text (the demo's file, tests).
    public func importCSV(_ workspace: ResolvedWorkspace, year: Int, csv: String, source: String, by actor: AuditActor)
        async throws(DomainError) -> PopulationImportReport
    {
        try await importCSV(workspace, year: year, bytes: Chunks([Array(csv.utf8)]), source: source, by: actor)
    }

    /// Removes one year's figures, so that a year imported by mistake stops being the newest.
    /// - Returns: how many regions the year had.
    /// - Throws: `population_not_found` when the workspace has no figures for `year`.
    public func delete(_ workspace: ResolvedWorkspace, year: Int, by actor: AuditActor) async throws(DomainError) -> Int {
        try workspace.requireLive()
        return try await translatingFailures { try await store.deletePopulation(workspace.slug, year: year, by: actor) }
    }

    /// One year's figures; the newest when `year` is nil.
    public func table(_ workspace: ResolvedWorkspace, year: Int?) async throws(DomainError) -> PopulationTable {
        try await translatingFailures { try await store.population(workspace.slug, year: year) }
    }

    /// Parses as the bytes come and writes a chunk whenever one is full.
    private func readAndStage<Bytes: AsyncSequence>(
        _ bytes: Bytes, slug: WorkspaceSlug, importID: Int64, year: Int, municipality: CBSMunicipalityCode?
    )
        async throws(DomainError)
        -> (reader: CBSKerncijfersCSV.Reader, stored: Int) where Bytes.Element == [UInt8]
    {
        var head: [UInt8] = []
        var stream: CSVReader.Stream?
        var reader: CBSKerncijfersCSV.Reader?
        var batch: [PopulationFigures] = []
        var stored = 0
        func take(_ record: CSVReader.Record) throws {
            guard reader != nil else {
                reader = try CBSKerncijfersCSV.Reader(header: record, municipality: municipality, year: year)
                return
            }
            // Read in place: a copy taken out and written back would copy the reader's table of regions seen on
            // every row while the original still holds it (300 000 rows took minutes that way).
            if let figures = try reader!.read(record) { batch.append(figures) }
        }
        do {
            for try await piece in bytes {
                if stream == nil {
                    // The delimiter is guessed from the header line, so wait until it is whole (or long).
                    head += piece
                    guard head.contains(UInt8(ascii: "\n")) || head.count > 1 << 16 else { continue }
                    stream = CSVReader.guessingDelimiter(ofHeader: head).stream()
                    try stream!.feed(head, take)
                } else {
                    try stream!.feed(piece, take)
                }
                if batch.count >= Self.chunk {
                    try await store.stagePopulation(slug, importID: importID, year: year, batch)
                    stored += batch.count
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if stream == nil { stream = try CSVReader.guessingDelimiter(ofHeader: head).stream().withPending(head, take) }
            try stream!.finish(take)
            if !batch.isEmpty {
                try await store.stagePopulation(slug, importID: importID, year: year, batch)
                stored += batch.count
            }
        } catch let error as CBSKerncijfersCSV.FileError {
            throw DomainError(.invalidPopulationFile, error.description)
        } catch let error as CSVReader.SyntaxError {
            throw DomainError(.invalidPopulationFile, error.description)
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError(.internalError, "the population file could not be read or stored: \(error)")
        }
        guard let reader else { throw DomainError(.invalidPopulationFile, "the file is empty; export the table with its header row") }
        return (reader, stored)
    }
}

/// A fixed list of pieces as an async sequence.
struct Chunks: AsyncSequence, Sendable {
    let pieces: [[UInt8]]

    init(_ pieces: [[UInt8]]) {
        self.pieces = pieces
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var rest: ArraySlice<[UInt8]>
        mutating func next() async -> [UInt8]? { rest.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rest: pieces[...]) }
}

extension CSVReader.Stream {
    /// The stream after feeding `bytes` (a file too short to hold a whole header line).
    fileprivate func withPending(_ bytes: [UInt8], _ emit: (CSVReader.Record) throws -> Void) throws -> Self {
        var copy = self
        try copy.feed(bytes, emit)
        return copy
    }
}
