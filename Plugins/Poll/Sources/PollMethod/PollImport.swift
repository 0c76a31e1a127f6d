import MethodSupport
import StipPluginKit

/// Paper responses, typed in: CSV records or YAML mappings, one response each.
///
/// CSV columns (letter case ignored; other columns are ignored): one per question, named by the
/// question's id; `multiple_choice` and `ranking` cells list option ids separated by `;` or `,`
/// (rankings most preferred first), `scale` cells hold a whole number. Profile columns are
/// `profile.age_band`, `profile.area` and `profile.role`. An empty cell is an unanswered question.
///
/// YAML: each item is a response as `validate_contribution` takes it (`answers`, `profile`).
enum PollImport {
    static func contribution(from row: JSONValue, format: ImportFormat, config: PollConfig) -> Result<PollContribution, ValidationFailure> {
        let problems = FieldProblems(ignoresUnknownKeys: true)
        let submission: JSONValue
        switch format {
        case .yaml:
            submission = row
        case .csv:
            guard var csv = CSVRow(row, problems: problems) else { return .failure(problems.failure) }
            csv.set("answers", .object([:]))
            for question in config.questions {
                let field = "answers.\(question.id)"
                switch question.type {
                case .singleChoice, .text: csv.text(question.id, field: field)
                case .multipleChoice, .ranking: csv.list(question.id, field: field)
                case .scale: csv.int(question.id, field: field)
                }
            }
            for profile in config.profileQuestions { csv.text("profile.\(profile.rawValue)") }
            submission = csv.json
        }
        let contribution = PollContribution.read(submission, against: config, problems: problems)
        guard let contribution, problems.isEmpty else { return .failure(problems.failure) }
        return .success(contribution)
    }
}
