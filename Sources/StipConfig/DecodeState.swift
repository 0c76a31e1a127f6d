/// State shared by every decoder and container of one document: the problems found so far.
///
/// Not thread-safe and never shared across threads: decoding is synchronous and one state serves one call.
final class DecodeState {
    let file: String?
    let root: YAMLNode
    let limits: YAMLLimits
    let userInfo: [CodingUserInfoKey: any Sendable]
    /// Validation problems of values decoded so far (those of failed attempts are taken back).
    var problems: [YAMLProblem] = []
    /// The keys each mapping's readers accept, judged when decoding ends.
    var keys = KeyUsageRegistry()

    init(file: String?, root: YAMLNode, limits: YAMLLimits, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.file = file
        self.root = root
        self.limits = limits
        self.userInfo = userInfo
    }

    /// Decodes the root and reports everything found: all recorded problems, the unknown keys, and the
    /// error that stopped decoding, if any.
    func decodeRoot<T: Decodable>(_ type: T.Type) -> Result<T, YAMLError> {
        let (value, found) = decodeRootReporting(type)
        guard let value, found.isEmpty else { return .failure(YAMLError(problems: found)) }
        return .success(value)
    }

    /// Decodes the root and returns the value (`nil` when decoding stopped) together with everything found.
    func decodeRootReporting<T: Decodable>(_ type: T.Type) -> (value: T?, problems: [YAMLProblem]) {
        do {
            let value = try decode(type, node: root, path: [])
            return (value, problems + keys.unknownKeyProblems(file: file, complete: true))
        } catch {
            let failure = (error as? DecodingError)?.context.underlyingError as? YAMLFailure
            for change in failure?.deferredKeys ?? [] { keys.apply(change) }
            return (nil, problems + keys.unknownKeyProblems(file: file, complete: false) + report(error))
        }
    }

    /// Decodes one value. Every nested value goes through here, which makes it the place where a failed
    /// attempt's findings are taken back and where validation runs.
    func decode<T: Decodable>(_ type: T.Type, node: YAMLNode, path: [any CodingKey]) throws -> T {
        if let value = try Unbox.special(type, node, path) { return value }
        guard path.count <= limits.maxDepth else {
            throw Failures.problem(
                .tooDeep, "the document nests more than \(limits.maxDepth) levels deep; flatten this structure",
                node.mark, path)
        }
        let decoder = NodeDecoder(node: node, codingPath: path, state: self)
        let checkpoint = (problems: problems.count, keys: keys.journal.count)
        let value: T
        do {
            value = try T(from: decoder)
        } catch {
            // Whoever catches this error may try another type: nothing found inside may stay recorded.
            let found = Array(problems[checkpoint.problems...])
            problems.removeSubrange(checkpoint.problems...)
            let learnt = keys.rollBack(to: checkpoint.keys)
            throw attach(found, learnt, to: describeEnumError(error, type, node, path), path: path)
        }
        if let validatable = value as? any YAMLValidatable {
            for issue in validatable.validate() {
                problems.append(
                    YAMLProblem(
                        kind: .invalidValue, file: file, mark: node.nearestNode(at: issue.path).mark,
                        path: renderPath(pathComponents(path) + issue.path), message: issue.message
                    ))
            }
        }
        return value
    }

    /// Adds a failed attempt's findings to its error, as a `DecodingError` whatever was thrown, so callers see
    /// the usual type.
    private func attach(
        _ found: [YAMLProblem], _ learnt: [KeyUsageRegistry.Change], to error: any Error, path: [any CodingKey]
    ) -> any Error {
        guard let decodingError = error as? DecodingError else {
            let failure = YAMLFailure(
                kind: .invalidValue, message: "\(error)", deferred: found, deferredKeys: learnt, original: error)
            return DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: path, debugDescription: "\(error)", underlyingError: failure))
        }
        guard !found.isEmpty || !learnt.isEmpty else { return decodingError }
        let context = decodingError.context
        var failure = context.underlyingError as? YAMLFailure ?? YAMLFailure(original: context.underlyingError)
        // What this attempt learnt before the inner failure comes first, so replaying keeps the order.
        failure.deferred = found + failure.deferred
        failure.deferredKeys = learnt + failure.deferredKeys
        return decodingError.replacingContext(
            DecodingError.Context(
                codingPath: context.codingPath, debugDescription: context.debugDescription, underlyingError: failure))
    }

    /// Rewrites the error a `String`-backed enum throws for an unknown case (`Cannot initialize Mode from
    /// invalid String value fsat`) into one that lists the allowed values and suggests the closest.
    private func describeEnumError<T>(_ error: any Error, _ type: T.Type, _ node: YAMLNode, _ path: [any CodingKey])
        -> any Error
    {
        guard case .dataCorrupted(let context) = error as? DecodingError, context.codingPath.count == path.count,
            context.underlyingError == nil, context.debugDescription.hasPrefix("Cannot initialize"),
            let text = node.scalarValue,
            let iterable = type as? any CaseIterable.Type
        else { return error }
        let allowed = caseNames(iterable)
        var message = "invalid value \"\(text)\""
        if let suggestion = closestName(to: text, among: allowed) { message += " — did you mean \"\(suggestion)\"?" }
        message += " (allowed: \(allowed.joined(separator: ", ")))"
        return Failures.invalid(message, node, path)
    }

    /// Turns the error that stopped decoding into problems: its own plus those that travelled with it.
    private func report(_ error: any Error) -> [YAMLProblem] {
        guard let decodingError = error as? DecodingError else {
            return [YAMLProblem(kind: .invalidValue, file: file, mark: root.mark, message: "\(error)")]
        }
        let context = decodingError.context
        let failure = context.underlyingError as? YAMLFailure
        var path = pathComponents(context.codingPath)
        let kind: YAMLProblem.Kind
        var message = failure?.message ?? context.debugDescription
        switch decodingError {
        case .keyNotFound(let key, _):
            kind = .missingKey
            if failure?.message == nil {
                message = "the required key \"\(key.stringValue)\" is missing; add it to this mapping"
            }
            path.append(.key(key.stringValue))
        case .dataCorrupted:
            kind = .invalidValue
        default:
            kind = .typeMismatch
        }
        // Errors thrown by the decoded types themselves carry no mark: find the node from the coding path.
        let mark = failure?.mark ?? root.nearestNode(at: pathComponents(context.codingPath)).mark
        let problem = YAMLProblem(
            kind: failure?.kind ?? kind, file: file, mark: mark, path: renderPath(path), message: message)
        return (failure?.deferred ?? []) + [problem]
    }
}

/// The names of an enum's cases: raw values when it has them.
func caseNames<C: CaseIterable>(_ type: C.Type) -> [String] {
    C.allCases.map { value in
        if let key = value as? any CodingKey { return key.stringValue }
        if let raw = value as? any RawRepresentable { return "\(raw.rawValue)" }
        return "\(value)"
    }
}
