import Foundation
import StipConfig
import Testing

@Suite("Loading documents")
struct LoaderTests {
    struct Session: Decodable, Equatable {
        var name: String
        var capacity: Int
        var region: String
    }

    struct Sessions: Decodable { var sessions: [Session] }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let yaml = """
            defaults: &defaults
              capacity: 10
              region: eu
            sessions:
              - <<: *defaults
                name: a
              - name: b
                <<: *defaults
                capacity: 20
              - <<: [*defaults, {region: us}]
                name: c
              - *first
            """
        // `*first` is undefined: loading must say so at its position.
        let undefined = loadProblems(yaml)
        #expect(undefined.first?.kind == .syntax)
        #expect(undefined.first?.mark == YAMLMark(line: 12, column: 5))

        struct Plan: Decodable {
            var defaults: [String: String]
            var sessions: [Session]
        }
        let fixed = yaml.replacingOccurrences(
            of: "  - *first", with: "  - &first {name: d, capacity: 1, region: x}\n  - *first")
        let plan = try YAMLDecoder().decode(Plan.self, from: fixed)
        #expect(
            plan.sessions == [
                Session(name: "a", capacity: 10, region: "eu"),
                Session(name: "b", capacity: 20, region: "eu"),
                Session(name: "c", capacity: 10, region: "eu"),
                Session(name: "d", capacity: 1, region: "x"),
                Session(name: "d", capacity: 1, region: "x"),
            ])
    }

    @Test func mergedKeysKeepTheirOwnPositions() throws {
        let documents = try YAMLLoader.load("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n")
        let merged = try #require(documents.first?.node(at: ["use", "x"]))
        #expect(merged.mark == YAMLMark(line: 1, column: 14))
        #expect(merged.scalarValue == "1")
    }

    @Test func billionLaughsIsRefusedWithoutExpanding() {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]\n"
        }
        let found = problems(decoding: [String: [String]].self, yaml)
        #expect(found.count == 1)
        #expect(found.first?.kind == .tooLarge)
        #expect(found.first?.message.contains("1000000 nodes") == true)
    }

    @Test func deepNestingIsRefused() {
        let block = (0..<1000).map { String(repeating: "  ", count: $0) + "a:\n" }.joined()
        let found = problems(decoding: SampleJSONValue.self, block)
        #expect(found.count == 1)
        #expect(found.first?.kind == .tooDeep)
        #expect(found.first?.mark == YAMLMark(line: 65, column: 129))

        let flow = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(loadProblems(flow).first?.kind == .tooDeep)
    }

    @Test func oversizedInputIsRefused() {
        let found = loadProblems("a: 1234567890\n", limits: YAMLLimits(maxDocumentBytes: 8))
        #expect(found.first?.kind == .tooLarge)
    }

    @Test func multiDocumentStream() throws {
        struct Step: Decodable, Equatable { var id: String }
        let yaml = """
            id: first
            ---
            id: second
            ---
            ---
            # only a comment
            ---
            id: third
            """
        let steps = try YAMLDecoder().decodeAll(Step.self, from: yaml, file: "steps.yaml")
        #expect(steps.map(\.id) == ["first", "second", "third"])
        #expect(try YAMLLoader.load(yaml).count == 5)
        #expect(try YAMLDecoder().decodeAll(Step.self, from: "").isEmpty)
    }

    @Test func multiDocumentProblemsAreCollectedFromEveryDocument() {
        struct Step: Decodable { var id: String }
        do {
            _ = try YAMLDecoder().decodeAll(Step.self, from: "id: a\n---\nid: [b]\n---\nidd: c\n", file: "steps.yaml")
            Issue.record("expected a failure")
        } catch {
            #expect(error.problems.map(\.kind) == [.typeMismatch, .unknownKey, .missingKey])
            #expect(error.problems.map(\.mark?.line) == [3, 5, 5])
        }
    }

    @Test func jsonPointerFindsLineAndColumn() throws {
        let yaml = """
            activities:
              - id: intro
              - id: talks
              - id: workshop
                config:
                  sessions:
                    - capacity: 0
                  "a/b~c": 1
            """
        let root = try #require(try YAMLLoader.load(yaml).first)
        let capacity = try #require(root.node(atJSONPointer: "/activities/2/config/sessions/0/capacity"))
        #expect(capacity.mark == YAMLMark(line: 7, column: 21))
        #expect(root.node(atJSONPointer: "/activities/2/config/a~1b~0c")?.scalarValue == "1")
        #expect(root.node(atJSONPointer: "/activities/9") == nil)
        #expect(root.node(atJSONPointer: "") != nil)
        #expect(root.node(atJSONPointer: "activities") == nil)
        // A missing property is positioned at the nearest node that exists: here its mapping.
        #expect(
            root.nearestMark(atJSONPointer: "/activities/2/config/sessions/0/title") == YAMLMark(line: 7, column: 11))
        #expect(root.node(at: ["activities", 1, "id"])?.scalarValue == "talks")
    }

    @Test("an unquoted comparison (`target: >= 150`) is not libyaml's block-scalar complaint but says to quote it")
    func unquotedComparison() {
        let yaml = "goals:\n  - id: reach\n    target: >= 150   # at least\n"
        let problems = loadProblems(yaml)
        #expect(problems.count == 1)
        #expect(problems.first?.mark == YAMLMark(line: 3, column: 13))
        #expect(
            problems.first?.message
                == ">= 150 is read as the start of folded text, because a plain value cannot start with > in YAML; quote it: `\">= 150\"`")
        #expect(problems.first?.description.hasPrefix("bomb.yaml:3:13: ") == true)
        #expect(loadProblems("target: > 0.5\n").first?.message.contains("quote it: `\"> 0.5\"`") == true)
        // A folded text that is meant as one still loads.
        #expect((try? YAMLLoader.load("why: >\n  Het plein\n")) != nil)
    }
}
