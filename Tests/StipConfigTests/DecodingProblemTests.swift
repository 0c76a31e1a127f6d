import StipConfig
import Testing

@Suite("Decoding problems")
struct DecodingProblemTests {
    @Test func unknownKeyIsReportedWithSuggestionAndAllowedKeys() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            admin:
              socket: /run/stip.sock
              sokcet_mode: "0660"
            workers: 2
            """)
        #expect(found.count == 1)
        let problem = found[0]
        #expect(problem.kind == .unknownKey)
        #expect(problem.mark == YAMLMark(line: 3, column: 3))
        #expect(problem.path == "admin.sokcet_mode")
        #expect(problem.message.contains("did you mean \"socket_mode\"?"))
        #expect(problem.message.contains("(allowed: socket, socket_mode, max_body_bytes)"))
    }

    @Test func twoUnknownKeysAndALaterTypeMismatchAreReportedTogether() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            admin:
              socket: /run/stip.sock
              colour: red
            wokers: 2
            workers: abc
            """)
        #expect(found.map(\.kind) == [.unknownKey, .unknownKey, .typeMismatch])
        #expect(
            found.map(\.mark) == [
                YAMLMark(line: 3, column: 3), YAMLMark(line: 4, column: 1), YAMLMark(line: 5, column: 10),
            ])
        #expect(found.map(\.path) == ["admin.colour", "wokers", "workers"])
        #expect(found[1].message.contains("did you mean \"workers\"?"))
        #expect(found[2].message == "expected a whole number, found \"abc\"")
    }

    @Test func unknownKeysWithoutCaseIterableListTheKeysTheTypeAskedFor() {
        let found = problems(decoding: SampleDaemonConfig.self, "admin: {socket: s}\nworkers: 1\nextra: true\n")
        #expect(found.count == 1)
        #expect(found[0].message.contains("(allowed: admin, workers, tags)"))
        #expect(found[0].mark == YAMLMark(line: 3, column: 1))
    }

    @Test func unknownKeysAtSeveralLevelsAreReportedWithAFailureInside() {
        let found = problems(decoding: SampleDaemonConfig.self, "admin:\n  sokcet: x\nworkers: 1\nextra: 1\n")
        // The missing key is reported at its mapping, which starts where the unknown key is.
        #expect(found.map(\.kind) == [.unknownKey, .missingKey, .unknownKey])
        #expect(found.map(\.path) == ["admin.sokcet", "admin.socket", "extra"])
        #expect(
            found.map(\.mark) == [
                YAMLMark(line: 2, column: 3), YAMLMark(line: 2, column: 3), YAMLMark(line: 4, column: 1),
            ])
        #expect(found[0].message.contains("did you mean \"socket\"?"))
        #expect(found[2].message == "unknown key \"extra\"; remove it or check its spelling")
    }

    @Test func mappingWhereListExpected() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            admin: {socket: s}
            workers: 1
            tags:
              first: a
            """)
        #expect(found.count == 1)
        #expect(found[0].kind == .typeMismatch)
        #expect(found[0].path == "tags")
        #expect(found[0].mark == YAMLMark(line: 4, column: 3))
        #expect(found[0].message == "expected a list, found a mapping")
    }

    @Test func wrongTypeInsideAList() {
        struct Plan: Decodable { var goals: [Goal] }
        struct Goal: Decodable { var id: String; var target: Double }
        let found = problems(
            decoding: Plan.self,
            """
            goals:
              - id: a
                target: 1
              - id: b
                target: 2.5
              - id: c
                target: lots
            """)
        #expect(found.count == 1)
        #expect(found[0].kind == .typeMismatch)
        #expect(found[0].path == "goals[2].target")
        #expect(found[0].mark == YAMLMark(line: 7, column: 13))
        #expect(found[0].message == "expected a number, found \"lots\"")
    }

    @Test func missingKeyPointsAtTheEnclosingMapping() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            workers: 1
            admin:
              socket_mode: "0660"
            """)
        #expect(found.count == 1)
        #expect(found[0].kind == .missingKey)
        #expect(found[0].path == "admin.socket")
        #expect(found[0].mark == YAMLMark(line: 3, column: 3))
        #expect(found[0].message.contains("\"socket\""))
        #expect(found[0].message.contains("add it"))
    }

    @Test func duplicateKeysAreAllReportedWithBothPositions() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            workers: 1
            admin:
              socket: a
              socket: b
            workers: 2
            """)
        #expect(found.map(\.kind) == [.duplicateKey, .duplicateKey])
        #expect(found[0].mark == YAMLMark(line: 4, column: 3))
        #expect(found[0].path == "admin.socket")
        #expect(found[0].message.contains("line 3, column 3"))
        #expect(found[1].mark == YAMLMark(line: 5, column: 1))
        #expect(found[1].path == "workers")
        #expect(found[1].message.contains("line 1, column 1"))
    }

    @Test func validationIssueIsPositionedAtItsNode() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            admin:
              socket: /run/stip.sock
              socket_mode: "0999"
            workers: 2
            """)
        #expect(found.count == 1)
        #expect(found[0].kind == .invalidValue)
        #expect(found[0].path == "admin.socket_mode")
        #expect(found[0].mark == YAMLMark(line: 3, column: 16))
        #expect(found[0].message.contains("not an octal file mode"))
    }

    @Test func nestedValidatableValuesAreValidatedRelativeToTheirPosition() {
        struct Session: Decodable, YAMLValidatable {
            var capacity: Int
            func validate() -> [YAMLValidationIssue] {
                capacity > 0 ? [] : [YAMLValidationIssue(path: ["capacity"], message: "capacity must be positive")]
            }
        }
        struct Activity: Decodable { var sessions: [Session] }
        let found = problems(
            decoding: Activity.self,
            """
            sessions:
              - capacity: 3
              - capacity: 0
            """)
        #expect(found.count == 1)
        #expect(found[0].path == "sessions[1].capacity")
        #expect(found[0].mark == YAMLMark(line: 3, column: 15))
    }

    @Test func syntaxErrorIsPositionedWhereLibyamlFoundIt() {
        let found = problems(
            decoding: SampleDaemonConfig.self,
            """
            admin:
              socket: a
             workers: 2
            """)
        #expect(found.count == 1)
        #expect(found[0].kind == .syntax)
        #expect(found[0].mark == YAMLMark(line: 3, column: 2))
        #expect(found[0].message.contains("indentation"))
    }

    @Test func unknownEnumCaseListsTheAllowedValues() {
        enum Mode: String, Decodable, CaseIterable { case fast, careful }
        struct Settings: Decodable { var mode: Mode }
        let found = problems(decoding: Settings.self, "mode: fsat\n")
        #expect(found.count == 1)
        #expect(found[0].kind == .invalidValue)
        #expect(found[0].path == "mode")
        #expect(found[0].mark == YAMLMark(line: 1, column: 7))
        #expect(found[0].message == "invalid value \"fsat\" — did you mean \"fast\"? (allowed: fast, careful)")
    }

    @Test func errorsThrownByTheDecodedTypeArePositioned() {
        struct Port: Decodable {
            init(from decoder: any Decoder) throws {
                let value = try decoder.singleValueContainer().decode(Int.self)
                guard value < 1000 else {
                    throw DecodingError.dataCorrupted(
                        .init(codingPath: decoder.codingPath, debugDescription: "ports below 1000 only"))
                }
            }
        }
        struct Listen: Decodable { var port: Port }
        let found = problems(decoding: Listen.self, "\n  port: 8080\n")
        #expect(found.count == 1)
        #expect(found[0].kind == .invalidValue)
        #expect(found[0].mark == YAMLMark(line: 2, column: 9))
        #expect(found[0].message == "ports below 1000 only")
    }

    @Test func descriptionNamesFileLineColumnAndPath() {
        let found = problems(decoding: SampleDaemonConfig.self, "admin:\n  socket: a\n  sokcet: b\nworkers: 1\n")
        let error = YAMLError(problems: found)
        #expect(error.description.hasPrefix("etc/stipd.yaml:3:3: admin.sokcet: unknown key \"sokcet\""))
    }

    @Test func emptyFileIsAnError() {
        for text in ["", "# only a comment\n", "---\n"] {
            let found = problems(decoding: SampleDaemonConfig.self, text)
            #expect(found.count == 1)
            #expect(found.first?.message.contains("the file is empty") == true)
        }
    }

    @Test func failedAttemptsLeaveNoProblemsBehind() throws {
        // Decoding `Strict` fails on the unknown key `b`; the fallback must not inherit that problem.
        struct Strict: Decodable { var a: Int }
        enum Either: Decodable {
            case strict(Strict)
            case loose([String: Int])
            init(from decoder: any Decoder) throws {
                if let value = try? Strict(from: decoder) {
                    self = .strict(value)
                } else if let value = try? decoder.singleValueContainer().decode(Strict.self) {
                    self = .strict(value)
                } else {
                    self = .loose(try decoder.singleValueContainer().decode([String: Int].self))
                }
            }
        }
        struct Wrapper: Decodable { var value: Either }
        let decoded = try YAMLDecoder().decode(Wrapper.self, from: "value:\n  b: 2\n")
        guard case .loose(let loose) = decoded.value else {
            Issue.record("expected the loose case")
            return
        }
        #expect(loose == ["b": 2])
    }
}
