import MethodSupport
import StipPluginKit

/// Observations from the walk's notes: CSV records or YAML mappings, one observation each.
///
/// CSV columns (letter case ignored; the host refuses a file with other columns): `sequence`, `location.lat`,
/// `location.lon`, `location.address`, `category`, `kind`, `description`, `urgency`, `photo`,
/// `crow_score`, `follow_up.owner`, `follow_up.deadline`, `follow_up.status`, `follow_up.remarks`,
/// `follow_up.resolved_on`. Coordinates may use a decimal comma. A follow-up is read when any of its
/// columns is filled. The export's own reference columns (`walk`, `walk_date`, `contribution`) are accepted
/// so that an exported sheet imports back as it is; they name where a row came from and are not stored.
///
/// YAML: each item is an observation as `validate_contribution` takes it.
enum WalkImport {
    /// The columns an observation is read from.
    static let columns = [
        "sequence", "location.lat", "location.lon", "location.address", "category", "kind", "description", "urgency", "photo",
        "crow_score", "follow_up.owner", "follow_up.deadline", "follow_up.status", "follow_up.remarks", "follow_up.resolved_on",
    ]
    /// Columns ``WalkExport`` adds: where a row came from.
    static let exportReferences = ["walk", "walk_date", "contribution"]

    static func observation(from row: JSONValue, format: ImportFormat, config: WalkConfig) -> Result<Observation, ValidationFailure> {
        let problems = FieldProblems(ignoresUnknownKeys: true)
        let submission: JSONValue
        switch format {
        case .yaml:
            submission = row
        case .csv:
            guard var csv = CSVRow(row, problems: problems) else { return .failure(problems.failure) }
            csv.int("sequence")
            csv.number("location.lat")
            csv.number("location.lon")
            for column in columns.dropFirst(3) {
                csv.text(column)
            }
            submission = csv.json
        }
        let observation = Observation.read(submission, against: config, problems: problems)
        guard let observation, problems.isEmpty else { return .failure(problems.failure) }
        return .success(observation)
    }
}
