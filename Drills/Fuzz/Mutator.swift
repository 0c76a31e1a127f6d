/// Makes inputs from seed documents: byte flips, inserted tokens of the format, deleted and repeated ranges,
/// splices of two seeds, truncation, and the shapes that break parsers (deep nesting, long runs, odd numbers).
/// Seeded, so a crash is reproduced by running the same reader with the same seed and count.
struct Mutator {
    private var state: UInt64
    let seeds: [[UInt8]]
    /// Fragments of the format (`: `, `- `, `{`, `"`, `&a`, `*a`, `%`, `=`…) that reach deeper than random bytes.
    let tokens: [[UInt8]]

    init(seed: UInt64, seeds: [[UInt8]], tokens: [String]) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
        self.seeds = seeds
        self.tokens = tokens.map { Array($0.utf8) }
    }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// One input: a seed with one to eight mutations; every 50th is a seed as it is.
    mutating func input(_ index: Int) -> [UInt8] {
        var bytes = seeds[below(seeds.count)]
        if index % 50 == 0 { return bytes }
        for _ in 0...below(8) { mutate(&bytes) }
        return bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        let at = below(bytes.count + 1)
        switch below(12) {
        case 0 where !bytes.isEmpty:
            bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
        case 1:
            bytes.insert(contentsOf: tokens[below(tokens.count)], at: at)
        case 2 where !bytes.isEmpty:
            let end = min(bytes.count, at + below(64) + 1)
            bytes.removeSubrange(min(at, bytes.count)..<end)
        case 3 where !bytes.isEmpty:
            let start = min(at, bytes.count - 1)
            let end = min(bytes.count, start + below(128) + 1)
            bytes.insert(contentsOf: Array(bytes[start..<end]), at: end)
        case 4:
            let other = seeds[below(seeds.count)]
            let from = below(other.count + 1)
            bytes = Array(bytes[..<at]) + Array(other[from...])
        case 5:
            bytes = Array(bytes[..<at])
        case 6:
            let depth = 1 + below(3000)
            let open = tokens.first(where: { $0 == Array("[".utf8) }) ?? Array("[".utf8)
            bytes.insert(contentsOf: Array(repeating: open, count: depth).joined(), at: at)
        case 7:
            bytes.insert(contentsOf: Array(repeating: UInt8(ascii: "a") &+ UInt8(below(26)), count: 1 + below(70_000)), at: at)
        case 8:
            let numbers = ["-1", "0", "1e309", "-0", "9223372036854775808", "NaN", "0x1F", "1.5", "99999999999999999999", "2026-02-30"]
            bytes.insert(contentsOf: Array(numbers[below(numbers.count)].utf8), at: at)
        case 9:
            let odd: [[UInt8]] = [[0], [0xFF], [0xC3], [0xE2, 0x80, 0xAE], [0xEF, 0xBB, 0xBF], [0x0D], [0x09], [0xF0, 0x9F, 0x98]]
            bytes.insert(contentsOf: odd[below(odd.count)], at: at)
        case 10 where bytes.count > 1:
            let a = below(bytes.count)
            let b = below(bytes.count)
            bytes.swapAt(a, b)
        default:
            bytes.insert(contentsOf: tokens[below(tokens.count)] + tokens[below(tokens.count)], at: at)
        }
    }
}
