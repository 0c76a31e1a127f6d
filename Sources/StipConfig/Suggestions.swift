/// Picks the allowed name closest to a misspelled one, for "did you mean" hints.
///
/// Uses the optimal-string-alignment distance (a swap of two neighbours costs 1, so `sokcet` is one step
/// from `socket`), ignores case, and only suggests when the distance is at most 2 and small compared
/// with the names themselves — `x` should not suggest `id`.
public func closestName(to name: String, among candidates: [String]) -> String? {
    var best: (name: String, distance: Int)?
    let lowered = Array(name.lowercased())
    for candidate in candidates where candidate != name {
        let distance = editDistance(lowered, Array(candidate.lowercased()))
        guard distance <= 2, distance <= max(lowered.count, candidate.count) / 2 else { continue }
        if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    return best?.name
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousRow = [Int](repeating: 0, count: b.count + 1)
    var row = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previousRow[j - 2] + 1)
            }
        }
        (previousRow, row, current) = (row, current, previousRow)
    }
    return row[b.count]
}
