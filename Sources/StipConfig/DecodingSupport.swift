/// The coding key used for positions the decoder creates itself: sequence indices and `super`.
struct YAMLCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let superKey = YAMLCodingKey(stringValue: "super")
}

/// Converts a coding path to a document path; only the decoder's own index keys become indices, so a
/// dictionary key such as `"200"` stays a key.
func pathComponents(_ codingPath: [any CodingKey]) -> [YAMLNode.PathComponent] {
    codingPath.map { key in
        if let key = key as? YAMLCodingKey, let index = key.intValue { return .index(index) }
        return .key(key.stringValue)
    }
}

/// What the decoder knows about a failure beyond Swift's `DecodingError`, carried as its `underlyingError`.
///
/// Findings of a failed attempt (validation problems, accepted keys) travel with the error instead of being
/// recorded, so when a caller catches the error and tries something else, they disappear with it; when the
/// error reaches the top, they are reported together with it.
struct YAMLFailure: Error, CustomStringConvertible {
    var kind: YAMLProblem.Kind?
    var mark: YAMLMark?
    var message: String?
    var deferred: [YAMLProblem] = []
    /// What the failed attempts learnt about accepted keys, replayed if the error reaches the top.
    var deferredKeys: [KeyUsageRegistry.Change] = []
    /// The `underlyingError` this failure replaced, when it wraps an error thrown by the decoded type.
    var original: (any Error)?

    var description: String { message ?? original.map { "\($0)" } ?? "decoding failed" }
}

/// The parts of a `DecodingError` the decoder needs, whatever its case.
extension DecodingError {
    var context: Context {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            return context
        @unknown default:
            return Context(codingPath: [], debugDescription: "\(self)")
        }
    }

    /// The same error with another context (so the case and the type or key are kept).
    func replacingContext(_ context: Context) -> DecodingError {
        switch self {
        case .typeMismatch(let type, _): return .typeMismatch(type, context)
        case .valueNotFound(let type, _): return .valueNotFound(type, context)
        case .keyNotFound(let key, _): return .keyNotFound(key, context)
        case .dataCorrupted: return .dataCorrupted(context)
        @unknown default: return .dataCorrupted(context)
        }
    }
}

/// Errors thrown by the decoder's containers, with a message meant for people.
enum Failures {
    /// `expected …, found …`, at the offending node.
    static func mismatch(
        _ expected: String, _ node: YAMLNode, _ path: [any CodingKey], _ type: Any.Type, hint: String? = nil
    )
        -> DecodingError
    {
        var message = "expected \(expected), found \(node.kindDescription)"
        if let hint { message += "; \(hint)" }
        let context = DecodingError.Context(
            codingPath: path, debugDescription: message,
            underlyingError: YAMLFailure(kind: .typeMismatch, mark: node.mark, message: message)
        )
        return node.isNull ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }

    /// A value of the right shape that is not acceptable.
    static func invalid(_ message: String, _ node: YAMLNode, _ path: [any CodingKey]) -> DecodingError {
        .dataCorrupted(
            DecodingError.Context(
                codingPath: path, debugDescription: message,
                underlyingError: YAMLFailure(kind: .invalidValue, mark: node.mark, message: message)
            ))
    }

    /// A problem of a given kind at a mark, such as `.tooDeep`.
    static func problem(_ kind: YAMLProblem.Kind, _ message: String, _ mark: YAMLMark, _ path: [any CodingKey])
        -> DecodingError
    {
        .dataCorrupted(
            DecodingError.Context(
                codingPath: path, debugDescription: message,
                underlyingError: YAMLFailure(kind: kind, mark: mark, message: message)
            ))
    }
}
