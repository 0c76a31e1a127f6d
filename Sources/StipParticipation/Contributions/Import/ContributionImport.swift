import Foundation
import Logging
import StipConfig
import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON
public import StipVocabulary

/// Imports contributions collected offline (a workshop's sheet, walk notes) from CSV or YAML through the
/// method plugin's `import`. All or nothing by default; with `skipInvalid` the valid rows are stored and the
/// others reported. Either way nothing of a failed import is half-written: the rows go in one transaction.
///
/// Nothing is dropped or misdated in silence: a column the method does not read refuses the file unless the
/// consultant names it to ignore, and every contribution is dated on the day it was made (a `date` column,
/// the date the consultant gives, or the method's own: the walk's day, the workshop session's) — never on
/// the day of the import.
public struct ContributionImport: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost
    let logger: Logger

    init(store: any ParticipationStore, plugins: PluginHost, logger: Logger) {
        self.store = store
        self.plugins = plugins
        self.logger = logger
    }

    /// A file format the host reads.
    public enum Format: String, Sendable, CaseIterable {
        case csv, yaml
    }

    /// How the consultant wants the file taken.
    public struct Options: Sendable {
        /// Store the valid rows and report the others, rather than refusing the file.
        public var skipInvalid: Bool
        /// Check everything, store nothing.
        public var dryRun: Bool
        /// Columns the consultant knows the method does not read, left out on purpose.
        public var ignoreColumns: [String]
        /// The day every row was made, unless a row has its own `date`.
        public var occurredOn: LocalDate?

        public init(skipInvalid: Bool = false, dryRun: Bool = false, ignoreColumns: [String] = [], occurredOn: LocalDate? = nil) {
            self.skipInvalid = skipInvalid
            self.dryRun = dryRun
            self.ignoreColumns = ignoreColumns
            self.occurredOn = occurredOn
        }
    }

    /// One refused row, or one problem shared by several rows (a column's value outside its allowed set).
    public struct RowError: Sendable, Codable, Equatable {
        public var row: Int
        /// The line in the file where the row starts.
        public var line: Int?
        public var column: String?
        public var pointer: String
        public var message: String
        /// Every row with this problem, when it is given once for a column.
        public var rows: [Int]?
        /// The values allowed in the column.
        public var allowed: [String]?
        /// The values found in `rows`, when the error is given once for a column.
        public var values: [String]? = nil
    }

    /// What an import did (or, in a dry run, would do).
    public struct Report: Sendable, Codable {
        public var activity: String
        public var trajectory: String
        public var format: String
        public var rows: Int
        public var imported: Int
        public var skipped: [RowError]
        public var contributions: [String]
        /// Nothing was stored: the file was only checked.
        public var dryRun: Bool
        /// How many contributions are dated on each day.
        public var occurredOn: [String: Int]
        /// The columns left out at the consultant's request.
        public var ignoredColumns: [String]
        /// What the consultant should check by hand (a method that does not say which columns it reads).
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case activity, trajectory, format, rows, imported, skipped, contributions, warnings
            case dryRun = "dry_run"
            case occurredOn = "occurred_on"
            case ignoredColumns = "ignored_columns"
        }
    }

    /// The file was refused as a whole, or some rows were refused and `skipInvalid` was off.
    public struct Rejected: Error, Sendable {
        public var message: String
        public var errors: [RowError]
    }

    /// A row the plugin turned into a contribution.
    struct Accepted {
        var row: Int
        var contribution: JSONValue
        var themes: [ThemeName]
        var needsResponse: Bool
        var occurredOn: LocalDate?
    }

    /// Imports `text` into an activity; `today` is the workspace's day, after which nothing can have happened.
    func run(
        _ slug: WorkspaceSlug, trajectory: String?, activity id: String, format: Format, text: String, file: String?, options: Options,
        today: LocalDate, by actor: AuditActor
    ) async throws -> Report {
        let activity = try await store.activity(slug, trajectory: trajectory, id: id)
        let manifest = try await plugins.manifest(of: activity.method)
        guard manifest.capabilities.importFormats.contains(format.rawValue) else {
            let formats = manifest.capabilities.importFormats
            throw Rejected(
                message:
                    "method \(activity.method) imports \(formats.isEmpty ? "no files" : formats.joined(separator: " and ")), not \(format.rawValue)",
                errors: [])
        }
        var sheet = try ImportSheet(text, format: format, file: file)
        try sheet.leaveOut(options.ignoreColumns)
        let batchSize = max(1, manifest.capabilities.maxBatchSize ?? 500)
        var accepted: [Accepted] = []
        var errors: [RowError] = sheet.unreadable
        var columns = ColumnReport()
        var start = 0
        while start < sheet.rows.count {
            let batch = Array(sheet.rows[start..<min(sheet.rows.count, start + batchSize)])
            let result = try await plugins.call(
                activity.method, PluginProtocol.Method.importRows,
                .object([
                    "config": activity.config, "format": .string(format.rawValue), "rows": .array(batch.map(\.value)),
                    "first_row": .int(Int64(batch[0].number)),
                ]))
            columns.add(result["columns"])
            let lines = Dictionary(uniqueKeysWithValues: batch.map { ($0.number, $0.line) })
            for item in result["contributions"]?.elements ?? [] {
                guard let row = item["row"]?.intValue, let contribution = item["contribution"] else { continue }
                accepted.append(
                    Accepted(
                        row: Int(row), contribution: contribution, themes: ThemeNames.found(in: item),
                        needsResponse: item["needs_response"] != .bool(false),
                        occurredOn: item["occurred_on"]?.stringValue.flatMap(LocalDate.init)))
            }
            for item in result["errors"]?.elements ?? [] {
                let row = Int(item["row"]?.intValue ?? 0)
                errors.append(
                    RowError(
                        row: row, line: lines[row], column: item["column"]?.stringValue, pointer: item["pointer"]?.stringValue ?? "",
                        message: item["message"]?.stringValue ?? "refused", rows: nil,
                        allowed: item["allowed"]?.elements.compactMap(\.stringValue)))
            }
            start += batchSize
        }
        // The day each accepted row was made: its own date, the consultant's, the method's — or it is refused.
        var dated: [(Accepted, LocalDate)] = []
        for item in accepted {
            let row = sheet.row(item.row)
            if let problem = row?.dateProblem(today: today) {
                errors.append(problem)
                continue
            }
            guard let day = row?.date ?? options.occurredOn ?? item.occurredOn else {
                errors.append(ImportSheet.undated(row: item.row, line: row?.line, method: activity.method))
                continue
            }
            if day > today {
                errors.append(ImportSheet.future(day, today: today, row: item.row, line: row?.line, column: nil))
                continue
            }
            dated.append((item, day))
        }
        for row in sheet.rows where !accepted.contains(where: { $0.row == row.number }) {
            if let problem = row.dateProblem(today: today) { errors.append(problem) }
        }
        var warnings: [String] = []
        // Columns (CSV) or fields (YAML) the method does not read refuse the whole file: their data would be lost.
        var columnErrors: [RowError] = []
        if let known = columns.known {
            columnErrors = columns.unknown.map { ColumnReport.unknownColumn($0, known: known, method: activity.method, format: format) }
        } else {
            warnings.append(
                "method \(activity.method) does not say which columns it reads (protocol 1.3): check that every column of the file arrived")
        }
        errors = RowError.grouped(errors, rows: sheet)
        let refusedFile = !columnErrors.isEmpty
        if !errors.isEmpty || refusedFile, !options.skipInvalid || refusedFile {
            let rowsRefused = Set(errors.flatMap { $0.rows ?? [$0.row] }).count
            errors = columnErrors + errors
            var parts: [String] = []
            if refusedFile {
                parts.append("the file has \(format == .csv ? "columns" : "fields") method \(activity.method) does not read")
            }
            if rowsRefused > 0 { parts.append("\(rowsRefused) of \(sheet.count) rows were refused") }
            throw Rejected(
                message: parts.joined(separator: " and ") + " and nothing was imported; correct them"
                    + (refusedFile ? ", or leave a column out with --ignore-column NAME" : "")
                    + (rowsRefused > 0 && !refusedFile ? ", or import with --skip-invalid to store the other rows" : ""),
                errors: errors)
        }
        var byDay: [String: Int] = [:]
        for (_, day) in dated { byDay[day.description, default: 0] += 1 }
        let report = Report(
            activity: activity.id, trajectory: activity.trajectory, format: format.rawValue, rows: sheet.count, imported: dated.count,
            skipped: errors, contributions: [], dryRun: options.dryRun, occurredOn: byDay, ignoredColumns: sheet.ignored,
            warnings: warnings)
        if options.dryRun { return report }
        let stored = try await store.addContributions(
            slug,
            dated.sorted { $0.0.row < $1.0.row }.map { item, day in
                NewContribution(
                    trajectory: activity.trajectory, activity: activity.id, participant: nil, channel: .offline,
                    payload: item.contribution, themes: item.themes.map(\.tag), themeNames: item.themes, state: .accepted, occurredOn: day,
                    needsResponse: item.needsResponse)
            }, onePerParticipant: false, by: actor)
        logger.info("imported \(stored.count) contributions into \(slug)/\(activity.trajectory)/\(activity.id), \(errors.count) row errors")
        var done = report
        done.imported = stored.count
        done.contributions = stored.map(\.id)
        return done
    }
}
