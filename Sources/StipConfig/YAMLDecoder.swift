/// Decodes YAML into `Decodable` values, reporting problems with file, line, column and key path.
///
/// One run reports as much as it can: every unknown key, duplicate key and validation issue, plus the
/// first hard error (a type mismatch or a missing key) that stopped decoding. Scalars are resolved by the
/// requested type (`0660` is the string "0660" or the number 660), and quoted scalars are always strings.
///
/// ```swift
/// let config = try YAMLDecoder().decode(DaemonConfig.self, from: text, file: "etc/stipd.yaml")
/// ```
public struct YAMLDecoder: Sendable {
    /// Bounds on depth, alias expansion and input size.
    public var limits: YAMLLimits
    /// Passed to the decoded types through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// Creates a decoder with the given limits.
    public init(limits: YAMLLimits = .init()) {
        self.limits = limits
    }

    /// Decodes the single document in `text`.
    ///
    /// An empty text (or one with only comments) is an error, and so is a stream of several documents.
    /// - Parameter file: The file name to show in problems, as the user should see it.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, file: String? = nil) throws(YAMLError) -> T {
        let loaded = try YAMLLoader.loadCollectingProblems(text, file: file, limits: limits)
        let documents = loaded.documents.filter { !$0.isEmptyDocument }
        guard let document = documents.first else {
            throw YAMLError(
                problems: loaded.problems + [
                    YAMLProblem(
                        kind: .invalidValue, file: file, message: "the file is empty; it must contain a YAML document")
                ])
        }
        guard documents.count == 1 else {
            throw YAMLError(
                problems: loaded.problems + [
                    YAMLProblem(
                        kind: .syntax, file: file, mark: documents[1].mark,
                        message: "a second document starts here, but only one is expected; remove the extra \"---\" "
                            + "and what follows")
                ])
        }
        return try decodeDocument(type, document, file: file, earlierProblems: loaded.problems)
    }

    /// Decodes every non-empty document of a stream separated by `---`, in order.
    ///
    /// Problems from all documents are collected and thrown together. An empty stream gives an empty array.
    public func decodeAll<T: Decodable>(_ type: T.Type, from text: String, file: String? = nil) throws(YAMLError)
        -> [T]
    {
        let loaded = try YAMLLoader.loadCollectingProblems(text, file: file, limits: limits)
        var values: [T] = []
        var problems = loaded.problems
        for document in loaded.documents where !document.isEmptyDocument {
            switch state(document, file: file).decodeRoot(type) {
            case .success(let value): values.append(value)
            case .failure(let error): problems += error.problems
            }
        }
        guard problems.isEmpty else { throw YAMLError(problems: problems) }
        return values
    }

    /// Decodes an already loaded node, for example one document from ``YAMLLoader/load(_:file:limits:)``.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode, file: String? = nil) throws(YAMLError) -> T {
        try decodeDocument(type, node, file: file, earlierProblems: [])
    }

    /// Decodes an already loaded node and returns the value together with every problem found on the way
    /// (unknown keys, validation issues), rather than throwing them: a caller that checks more of the value
    /// (the rules of a plan) reports its own findings and these in one go.
    /// - Returns: `value` is `nil` when a hard error stopped decoding; `problems` is sorted by position.
    public func decodeReporting<T: Decodable>(_ type: T.Type, from node: YAMLNode, file: String? = nil) -> (
        value: T?, problems: [YAMLProblem]
    ) {
        let (value, problems) = state(node, file: file).decodeRootReporting(type)
        return (value, YAMLError(problems: problems).problems)
    }

    private func decodeDocument<T: Decodable>(
        _ type: T.Type, _ node: YAMLNode, file: String?, earlierProblems: [YAMLProblem]
    ) throws(YAMLError) -> T {
        switch state(node, file: file).decodeRoot(type) {
        case .success(let value):
            guard earlierProblems.isEmpty else { throw YAMLError(problems: earlierProblems) }
            return value
        case .failure(let error):
            throw YAMLError(problems: earlierProblems + error.problems)
        }
    }

    private func state(_ node: YAMLNode, file: String?) -> DecodeState {
        DecodeState(file: file, root: node, limits: limits, userInfo: userInfo)
    }
}

extension YAMLNode {
    /// A document with no content at all (`---` alone), as opposed to an explicit `~`.
    public var isEmptyDocument: Bool {
        if case .scalar("", .plain, nil, _) = self { return true }
        return false
    }
}
