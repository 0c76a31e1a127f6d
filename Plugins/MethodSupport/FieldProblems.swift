public import StipPluginKit

/// Collects every problem found while reading a config or a contribution, so that the
/// consultant or resident gets all of them at once (protocol §9.2), each at its JSON Pointer.
///
/// A reference type, so that the readers of nested values can all report into one list.
/// It is meant for one validation on one task and is not `Sendable`.
public final class FieldProblems {
    public private(set) var errors: [FieldError] = []
    /// Imports ignore fields they do not use (spreadsheets carry dates, initials and notes);
    /// `validate_contribution` and `validate_activity` refuse them, because they are usually typos.
    public let ignoresUnknownKeys: Bool

    public init(ignoresUnknownKeys: Bool = false) {
        self.ignoresUnknownKeys = ignoresUnknownKeys
    }

    public var isEmpty: Bool { errors.isEmpty }

    /// Records one problem: `message` is short English that says what is wanted.
    /// One problem per field: the first one recorded at a pointer is kept, so that a cell that
    /// does not parse is not also reported as missing.
    /// `allowed` lists the values allowed when the value is not one of a fixed set.
    public func add(_ pointer: JSONPointer, _ message: String, allowed: [String]? = nil) {
        let text = pointer.description
        guard !errors.contains(where: { $0.pointer == text }) else { return }
        errors.append(FieldError(pointer: text, message: message, allowed: allowed))
    }

    /// Whether a problem was recorded at `pointer`.
    public func has(_ pointer: JSONPointer) -> Bool {
        errors.contains { $0.pointer == pointer.description }
    }

    /// The problems as the SDK's validation failure.
    public var failure: ValidationFailure { ValidationFailure(errors) }
}
