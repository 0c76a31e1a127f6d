/// Decoding that does not stop at the first unreadable value, so that `apply` reports a plan's structure, its
/// rules and its activities' configs in one run instead of in rounds.
///
/// A value that cannot be read (a date that does not exist, a list where text belongs, a goal without a
/// metric) is recorded as a ``DecodingIssue`` and replaced by a stand-in; the rules say nothing about a
/// stand-in, and no plugin is asked about one.

/// A part of a plan that can take the place of an unreadable one of its kind, keeping its id when the id
/// itself was readable (so that activities pointing at an unreadable phase do not also report it unknown).
protocol PlanElement: Decodable {
    static func standIn(id: String) -> Self
}

/// One value read on its own: either the value or the error that stopped it.
///
/// Decoding `T` directly on this decoder (not through a nested container) means a failure stops only `T`:
/// what the decoder learnt about the mapping (its unknown keys) is kept and reported with the rest.
struct Attempt<T: Decodable>: Decodable {
    var value: T?
    var error: (any Error)?

    init(from decoder: any Decoder) throws {
        do {
            value = try T(from: decoder)
        } catch {
            self.error = error
        }
    }
}

/// The `id` of a mapping whose other fields could not be read.
private struct IdentifiedOnly: Decodable {
    var id: String
}

/// A list item read on its own; an unreadable item becomes a stand-in at the same index, so the pointers of the
/// items after it stay right.
struct Recovered<T: PlanElement>: Decodable {
    var value: T
    var issue: DecodingIssue?

    init(from decoder: any Decoder) throws {
        do {
            value = try T(from: decoder)
        } catch {
            let id = (try? IdentifiedOnly(from: decoder))?.id ?? ""
            value = T.standIn(id: id)
            issue = DecodingIssue(error, standingIn: DecodingIssue.pointer(decoder.codingPath))
        }
    }
}

extension DecodingIssue {
    /// The issue a decoding error describes, at the value it names.
    /// - Parameters:
    ///   - error: what stopped the value; a `DecodingError` carries its place in the document.
    ///   - standIn: the pointer of the value replaced by a stand-in (the value itself, or the list item it is in).
    init(_ error: any Error, standingIn standIn: String) {
        guard let decodingError = error as? DecodingError else {
            self.init(pointer: standIn, message: "\(error)", standIn: standIn)
            return
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            self.init(
                pointer: Self.pointer(context.codingPath + [key]),
                message: "the required key \"\(key.stringValue)\" is missing; add it to this mapping", standIn: standIn)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(pointer: Self.pointer(context.codingPath), message: context.debugDescription, standIn: standIn)
        @unknown default:
            self.init(pointer: standIn, message: "\(decodingError)", standIn: standIn)
        }
    }

    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { "/" + ($0.intValue.map(String.init) ?? $0.stringValue) }.joined()
    }
}

extension KeyedDecodingContainer {
    /// An optional value; an unreadable one is recorded and `nil` stands in for it.
    func recovering<T: Decodable>(_ type: T.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> T? {
        guard let attempt = try decodeIfPresent(Attempt<T>.self, forKey: key) else { return nil }
        if let error = attempt.error {
            issues.append(DecodingIssue(error, standingIn: DecodingIssue.pointer(codingPath + [key])))
        }
        return attempt.value
    }

    /// An optional list of plan elements, each read on its own; unreadable items are recorded and stand-ins
    /// take their places. A value that is not a list at all is recorded and read as `nil`.
    func recoveringList<T: PlanElement>(_ type: T.Type, forKey key: Key, issues: inout [DecodingIssue]) throws -> [T]? {
        guard let items = try recovering([Recovered<T>].self, forKey: key, issues: &issues) else { return nil }
        issues += items.compactMap(\.issue)
        return items.map(\.value)
    }
}
