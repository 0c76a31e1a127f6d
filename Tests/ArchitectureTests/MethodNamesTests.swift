import Foundation
import StipTestSupport
import Testing

/// The host knows no participation method by name: what is method-specific reaches it through the protocol
/// (manifests, capabilities, exports). Only the demo seed names the three methods it enables.
@Suite("the core knows no method by name")
struct MethodNamesTests {
    static let methodIDs = ["workshop", "poll", "neighbourhood-walk"]
    static let allowed: Set<String> = ["Sources/StipDaemon/DemoSeed.swift"]

    /// Places in `text` that name a method id: as a string literal, or the one id that is no English word anywhere.
    static func mentions(in text: String) -> [String] {
        var found: [String] = []
        for id in methodIDs where text.contains("\"\(id)\"") { found.append("\"\(id)\"") }
        if text.contains("neighbourhood-walk") && !found.contains("\"neighbourhood-walk\"") { found.append("neighbourhood-walk") }
        return found
    }

    @Test("no method id in Sources/ outside the demo seed")
    func noMethodIDs() throws {
        let root = OpenAPIOperations.repositoryRoot
        let sources = root.appending(path: "Sources")
        var named: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" || file.pathExtension == "mustache" else { continue }
            let relative = String(file.path.dropFirst(root.path.count + 1))
            guard !Self.allowed.contains(relative) else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            for mention in Self.mentions(in: text) { named.append("\(relative) names \(mention)") }
        }
        #expect(named.isEmpty, "\(named.joined(separator: "\n"))")
    }

    @Test("the check finds a method named in code")
    func detectsAMention() {
        #expect(Self.mentions(in: #"guard found.method == "neighbourhood-walk" else {"#) == ["\"neighbourhood-walk\""])
        #expect(Self.mentions(in: #"case "poll": t("Online peiling", "Online poll")"#) == ["\"poll\""])
        #expect(Self.mentions(in: "/// e.g. neighbourhood-walk") == ["neighbourhood-walk"])
        #expect(Self.mentions(in: "/// a busy poll computes one for every cookie").isEmpty)
    }
}
