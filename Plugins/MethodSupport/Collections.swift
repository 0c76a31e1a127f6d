import Foundation
public import StipPluginKit

/// The items when every one of them was read, nil when any is missing: a list with one bad
/// item is not half-accepted.
public func allPresent<T>(_ items: [T?]) -> [T]? {
    let present = items.compactMap { $0 }
    return present.count == items.count ? present : nil
}

/// Nil for an empty list, so that an optional `programme: []` normalises to no programme.
public func nonEmpty<T>(_ items: [T]) -> [T]? {
    items.isEmpty ? nil : items
}

/// The first position of each value that occurs more than once after it: for "duplicate id" messages.
/// Returns `(index of the repeat, index of the first occurrence)` pairs.
public func repeats<T: Hashable>(_ values: [T?]) -> [(index: Int, first: Int)] {
    var seen: [T: Int] = [:]
    var found: [(Int, Int)] = []
    for (index, value) in values.enumerated() {
        guard let value else { continue }
        if let first = seen[value] { found.append((index, first)) } else { seen[value] = index }
    }
    return found
}

/// The `key` member of each item as text, as written (whole numbers too), whether or not the
/// item is otherwise valid: duplicate ids are reported even for items with other problems.
public func rawMembers(_ key: String, of items: [(value: JSONValue, pointer: JSONPointer)]) -> [String?] {
    items.map { item in
        switch item.value[key] {
        case .string(let text)?: text.trimmingCharacters(in: .whitespaces)
        case .int(let number)?: String(number)
        default: nil
        }
    }
}
