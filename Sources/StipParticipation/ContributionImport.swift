import Foundation
import Logging
import StipConfig
import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON

/// Imports contributions collected offline (a workshop's sheet, walk notes) from CSV or YAML through the
/// method plugin's `import`. All or nothing by default; with `skipInvalid` the valid rows are stored and the
/// others reported. Either way nothing of a failed import is half-written: the rows go in one transaction.
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

    /// One refused row.
    public struct RowError: Sendable, Codable, Equatable {
        public var row: Int
        /// The line in the file where the row starts.
        public var line: Int?
        public var column: String?
        public var pointer: String
        public var message: String
    }

    /// What an import did.
    public struct Report: Sendable, Codable {
        public var activity: String
        public var trajectory: String
        public var format: String
        public var rows: Int
        public var imported: Int
        public var skipped: [RowError]
        public var contributions: [String]
    }

    /// The file was refused as a whole, or some rows were refused and `skipInvalid` was off.
    public struct Rejected: Error, Sendable {
        public var message: String
        public var errors: [RowError]
    }

    /// Imports `text` into an activity.
    func run(
        _ slug: WorkspaceSlug, trajectory: String?, activity id: String, format: Format, text: String, file: String?, skipInvalid: Bool,
        by actor: AuditActor
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
        let (rows, unreadable) = try Self.rows(text, format: format, file: file)
        let batchSize = max(1, manifest.capabilities.maxBatchSize ?? 500)
        var accepted: [(row: Int, contribution: JSONValue, themes: [String], needsResponse: Bool)] = []
        var errors: [RowError] = unreadable
        var start = 0
        while start < rows.count, !rows.isEmpty {
            let batch = Array(rows[start..<min(rows.count, start + batchSize)])
            let result = try await plugins.call(
                activity.method, PluginProtocol.Method.importRows,
                .object([
                    "config": activity.config, "format": .string(format.rawValue), "rows": .array(batch.map(\.value)),
                    "first_row": .int(Int64(batch[0].number)),
                ]))
            let lines = Dictionary(uniqueKeysWithValues: batch.map { ($0.number, $0.line) })
            for item in result["contributions"]?.elements ?? [] {
                guard let row = item["row"]?.intValue, let contribution = item["contribution"] else { continue }
                accepted.append(
                    (
                        Int(row), contribution, item["themes"]?.elements.compactMap(\.stringValue) ?? [],
                        item["needs_response"] != .bool(false)
                    ))
            }
            for item in result["errors"]?.elements ?? [] {
                let row = Int(item["row"]?.intValue ?? 0)
                errors.append(
                    RowError(
                        row: row, line: lines[row], column: item["column"]?.stringValue, pointer: item["pointer"]?.stringValue ?? "",
                        message: item["message"]?.stringValue ?? "refused"))
            }
            start += batchSize
        }
        errors.sort { ($0.row, $0.pointer) < ($1.row, $1.pointer) }
        if !errors.isEmpty && !skipInvalid {
            throw Rejected(
                message: "\(Set(errors.map(\.row)).count) of \(rows.count + unreadable.count) rows were refused and nothing was imported; "
                    + "correct them, or import with --skip-invalid to store the other rows", errors: errors)
        }
        let stored = try await store.addContributions(
            slug,
            accepted.sorted { $0.row < $1.row }.map {
                NewContribution(
                    trajectory: activity.trajectory, activity: activity.id, participant: nil, channel: .offline, payload: $0.contribution,
                    themes: $0.themes, state: .accepted, needsResponse: $0.needsResponse)
            }, onePerParticipant: false, by: actor)
        logger.info("imported \(stored.count) contributions into \(slug)/\(activity.trajectory)/\(activity.id), \(errors.count) row errors")
        return Report(
            activity: activity.id, trajectory: activity.trajectory, format: format.rawValue, rows: rows.count + unreadable.count,
            imported: stored.count,
            skipped: errors, contributions: stored.map(\.id))
    }

    /// One row for the plugin: its number (CSV: the header is row 1; YAML: 1-based position) and line.
    struct Row {
        var number: Int
        var line: Int
        var value: JSONValue
    }

    /// The rows for the plugin, and rows the host could not read (a YAML item that is not a mapping).
    static func rows(_ text: String, format: Format, file: String?) throws(Rejected) -> ([Row], [RowError]) {
        switch format {
        case .csv:
            let records: [CSVReader.Record]
            do {
                records = try CSVReader.guessingDelimiter(of: text).records(text)
            } catch {
                throw Rejected(message: error.description, errors: [])
            }
            guard let header = records.first else {
                throw Rejected(message: "the file is empty; it needs a header row and data rows", errors: [])
            }
            let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let rows = records.dropFirst().enumerated().map { offset, record in
                var object: [String: JSONValue] = [:]
                for (index, name) in names.enumerated() where !name.isEmpty {
                    object[name] = .string(index < record.fields.count ? record.fields[index] : "")
                }
                return Row(number: offset + 2, line: record.line, value: .object(object))
            }
            return (rows, [])
        case .yaml:
            let documents: [YAMLNode]
            do {
                documents = try YAMLLoader.load(text, file: file).filter { !$0.isEmptyDocument }
            } catch {
                throw Rejected(message: error.description, errors: [])
            }
            guard documents.count == 1, case .sequence(let items, _) = documents[0] else {
                throw Rejected(message: "a YAML import is one list of rows (each a mapping of field: value)", errors: [])
            }
            var rows: [Row] = []
            var errors: [RowError] = []
            for (offset, item) in items.enumerated() {
                guard case .mapping = item, let value = try? YAMLDecoder().decode(JSONValue.self, from: item, file: file) else {
                    errors.append(
                        RowError(
                            row: offset + 1, line: item.mark.line, column: nil, pointer: "",
                            message: "a row must be a mapping of field: value"))
                    continue
                }
                rows.append(Row(number: offset + 1, line: item.mark.line, value: value))
            }
            return (rows, errors)
        }
    }
}
