public import StipPluginKit

/// What `validate_contribution` answers when the activity's config itself is not valid.
/// (`validate(contribution:config:)` can only throw field errors about the submission.)
public func invalidConfigFailure<Model>(_ config: Parsed<Model>) -> ValidationFailure {
    let first = config.problems.first.map { " (\($0.pointer.isEmpty ? "" : $0.pointer + ": ")\($0.message))" } ?? ""
    return ValidationFailure("", "cannot be checked, because the activity config is not valid\(first); validate the activity first")
}
