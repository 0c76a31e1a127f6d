public import StipPluginKit

/// The import formats the three methods read (protocol §8.5).
public enum ImportFormat: String, Sendable, CaseIterable {
    /// One record per row; every cell is text. Columns are named after field paths with dots.
    case csv
    /// A sequence of mappings in the shape of the contribution, with their YAML types.
    case yaml

    /// The format of an `import` request, or `unsupported` (-32004).
    public static func of(_ name: String) throws -> ImportFormat {
        guard let format = ImportFormat(rawValue: name) else {
            throw RPCError(.unsupported, "this method imports csv and yaml, not \"\(name)\"")
        }
        return format
    }
}

/// Converts every row with `convert` and collects contributions and errors by row number, so that
/// each row appears exactly once (protocol §8.5).
public func importEachRow<Contribution>(
    _ rows: [JSONValue], firstRow: Int, _ convert: (JSONValue) -> Result<Contribution, ValidationFailure>
) -> ImportOutcome<Contribution> {
    var outcome = ImportOutcome<Contribution>(contributions: [], errors: [])
    for (offset, row) in rows.enumerated() {
        let number = firstRow + offset
        switch convert(row) {
        case .success(let contribution):
            outcome.contributions.append((number, contribution))
        case .failure(let failure):
            let errors = failure.errors.isEmpty ? [FieldError(pointer: "", message: "could not be imported")] : failure.errors
            for error in errors {
                outcome.errors.append((number, error.pointer, error.message))
                if let allowed = error.allowed { outcome.allowed[number, default: [:]][error.pointer] = allowed }
            }
        }
    }
    return outcome
}
