/// Joins words the way the messages of the plugins do: "a", "a and b", "a, b and c".
public func englishList(_ words: [String], conjunction: String = "and") -> String {
    switch words.count {
    case 0: ""
    case 1: words[0]
    default: words.dropLast().joined(separator: ", ") + " \(conjunction) " + words.last!
    }
}

/// Joins words in Dutch: "a", "a en b", "a, b en c".
public func dutchList(_ words: [String]) -> String {
    englishList(words, conjunction: "en")
}
