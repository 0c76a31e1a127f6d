/// Which keys of each mapping the decoded types accept, gathered over the whole document.
///
/// Unknown keys are judged once, when decoding ends, against every container that read the mapping: a
/// type that reads one mapping with several key types (a `type` discriminator first, then the rest), or a
/// wrapper that hands the same mapping to an inner type, does not see its other keys reported as unknown.
///
/// Changes are journaled so that a failed attempt can be taken back: if a caller catches the error and tries
/// something else, what the attempt learnt disappears with it; if the error reaches the top, the changes
/// travel with it and are replayed there.
struct KeyUsageRegistry {
    /// Keys of one mapping and what the containers reading it know about them.
    struct Usage {
        var pairs: [(key: YAMLNode, value: YAMLNode)]
        var codingPath: [any CodingKey]
        /// Keys some container's `Key` type accepts (`Key(stringValue:)` is not `nil`).
        var accepted: Set<String> = []
        /// All key names, when a `Key` type is `CaseIterable`.
        var declared: [String] = []
        /// Key names the decoded types asked about (a successful decode asks about all of its keys).
        var queried: [String] = []
    }

    enum Change {
        case created(id: String, pairs: [(key: YAMLNode, value: YAMLNode)], codingPath: [any CodingKey])
        case accepted(id: String, name: String)
        case declared(id: String, name: String)
        case queried(id: String, name: String)
    }

    private var usages: [String: Usage] = [:]
    private var order: [String] = []
    private(set) var journal: [Change] = []

    /// Records that a container with key type `Key` reads the mapping at `codingPath`; returns its id.
    mutating func register<Key: CodingKey>(
        _ type: Key.Type, pairs: [(key: YAMLNode, value: YAMLNode)], codingPath: [any CodingKey]
    ) -> String {
        // Not the rendered path: a key containing "." must not collide with a nested key.
        let id = pathComponents(codingPath).map { component -> String in
            switch component {
            case .key(let key): return "k" + key
            case .index(let index): return "i\(index)"
            }
        }.joined(separator: "\u{1F}")
        if usages[id] == nil { record(.created(id: id, pairs: pairs, codingPath: codingPath)) }
        for pair in pairs {
            if let text = pair.key.scalarValue, Key(stringValue: text) != nil,
                usages[id]?.accepted.contains(text) == false
            {
                record(.accepted(id: id, name: text))
            }
        }
        if let iterable = type as? any CaseIterable.Type {
            for name in caseNames(iterable) where usages[id]?.declared.contains(name) == false {
                record(.declared(id: id, name: name))
            }
        }
        return id
    }

    /// Records that a decoded type asked about the key `name`.
    mutating func noteQueried(_ name: String, usage id: String) {
        guard usages[id]?.queried.contains(name) == false else { return }
        record(.queried(id: id, name: name))
    }

    private mutating func record(_ change: Change) {
        apply(change)
        journal.append(change)
    }

    /// Applies a change (idempotently, so replaying a failed attempt's changes is safe).
    mutating func apply(_ change: Change) {
        switch change {
        case .created(let id, let pairs, let codingPath):
            guard usages[id] == nil else { return }
            usages[id] = Usage(pairs: pairs, codingPath: codingPath)
            order.append(id)
        case .accepted(let id, let name):
            usages[id]?.accepted.insert(name)
        case .declared(let id, let name):
            if usages[id]?.declared.contains(name) == false { usages[id]?.declared.append(name) }
        case .queried(let id, let name):
            if usages[id]?.queried.contains(name) == false { usages[id]?.queried.append(name) }
        }
    }

    /// Takes back every change since `checkpoint` (a journal length) and returns them.
    mutating func rollBack(to checkpoint: Int) -> [Change] {
        let undone = Array(journal[checkpoint...])
        journal.removeSubrange(checkpoint...)
        for change in undone.reversed() {
            switch change {
            case .created(let id, _, _):
                // Changes are undone newest first, so this id is the last one created.
                usages[id] = nil
                if order.last == id { order.removeLast() }
            case .accepted(let id, let name):
                usages[id]?.accepted.remove(name)
            case .declared(let id, _):
                _ = usages[id]?.declared.popLast()
            case .queried(let id, _):
                _ = usages[id]?.queried.popLast()
            }
        }
        return undone
    }

    /// One problem per key that no container accepted, with a suggestion when a known key is close.
    ///
    /// `complete` says decoding succeeded, so the keys the types asked about are all the keys they have and
    /// can be listed as the allowed ones.
    func unknownKeyProblems(file: String?, complete: Bool) -> [YAMLProblem] {
        var problems: [YAMLProblem] = []
        for id in order {
            guard let usage = usages[id] else { continue }
            let known = usage.declared.isEmpty ? usage.queried : usage.declared
            let listed = usage.declared.isEmpty && !complete ? [] : known
            for pair in usage.pairs {
                let text = pair.key.scalarValue
                guard text == nil || !usage.accepted.contains(text!) else { continue }
                var message: String
                if let text {
                    message = "unknown key \"\(text)\""
                    let suggestion = closestName(to: text, among: known + usage.queried)
                    if let suggestion { message += " — did you mean \"\(suggestion)\"?" }
                    if !listed.isEmpty {
                        message += " (allowed: \(listed.joined(separator: ", ")))"
                    } else if suggestion == nil {
                        message += "; remove it or check its spelling"
                    }
                } else {
                    message = "a key must be plain text, not \(pair.key.kindDescription)"
                }
                problems.append(
                    YAMLProblem(
                        kind: .unknownKey, file: file, mark: pair.key.mark,
                        path: renderPath(pathComponents(usage.codingPath) + [.key(text ?? "?")]), message: message))
            }
        }
        return problems
    }
}
