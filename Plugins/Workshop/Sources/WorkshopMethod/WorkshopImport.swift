import MethodSupport
import StipPluginKit

/// Reading the facilitator's sheet: CSV records or YAML mappings, one contribution each.
///
/// CSV columns (header names, any order, letter case ignored; the host refuses a file with other columns):
/// `type` (attendance, idea or rating) chooses which of the others are read:
/// - attendance: `session`, `count`, `age_bands.0-15`, `age_bands.15-25`, `age_bands.25-45`,
///   `age_bands.45-65`, `age_bands.65+`;
/// - idea: `session`, `text`, `theme`, `dots`;
/// - rating: `session`, `score`, `remark`.
///
/// YAML: each item is a contribution as `validate_contribution` takes it; unknown keys are ignored.
enum WorkshopImport {
    /// Every column a sheet may have, whatever its rows' types.
    static let columns =
        ["type", "session", "count"] + AgeBand.allCases.map { "age_bands.\($0.rawValue)" } + ["text", "theme", "dots", "score", "remark"]

    static func contribution(
        from row: JSONValue, format: ImportFormat, config: WorkshopConfig
    ) -> Result<WorkshopContribution, ValidationFailure> {
        let problems = FieldProblems(ignoresUnknownKeys: true)
        let submission: JSONValue
        switch format {
        case .yaml:
            submission = row
        case .csv:
            guard let json = csvSubmission(row, config: config, problems: problems) else { return .failure(problems.failure) }
            submission = json
        }
        let contribution = WorkshopContribution.read(submission, against: config, problems: problems)
        guard let contribution, problems.isEmpty else { return .failure(problems.failure) }
        return .success(contribution)
    }

    static func csvSubmission(_ row: JSONValue, config: WorkshopConfig, problems: FieldProblems) -> JSONValue? {
        guard var csv = CSVRow(row, problems: problems) else { return nil }
        csv.text("type")
        if let session = csv.cell("session") {
            // Digits are the session's number, unless a session has exactly that id.
            let isID = config.sessions.contains { $0.id == session }
            csv.set("session", !isID ? CSVCell.int(session).map { .int(Int64($0)) } ?? .string(session) : .string(session))
        }
        switch csv.cell("type").flatMap({ WorkshopContribution.Kind(rawValue: $0.lowercased()) }) {
        case .attendance:
            csv.int("count")
            for band in AgeBand.allCases { csv.int("age_bands.\(band.rawValue)") }
        case .idea:
            csv.text("text")
            csv.text("theme")
            csv.int("dots")
        case .rating:
            csv.int("score")
            csv.text("remark")
        case nil:
            break  // the reader reports the type
        }
        return csv.json
    }
}
