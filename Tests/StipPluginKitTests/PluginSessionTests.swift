import StipJSON
@testable import StipPluginKit
import StipPluginProtocol
import Testing

/// Exports answer through the protocol's stdout, which the probe redirects while it lives: one test at a time.
@Suite("the SDK's protocol session, request by request", .serialized)
struct PluginSessionTests {
    typealias M = PluginProtocol.Method
    let config: JSONValue = .object(["question": .string("Wat moet er op het plein komen?")])

    func activity(_ extra: [String: JSONValue] = [:]) -> JSONValue {
        .object(["workspace": .string("utrecht"), "activity_id": .string("plein-vraag"), "config": config].merging(extra) { $1 })
    }

    /// A session that has shaken hands with protocol 1.2.
    func ready() async throws -> SessionProbe<Tally> {
        let probe = SessionProbe(Tally())
        _ = try #require(try await probe.initialize().result)
        return probe
    }

    // MARK: - Handshake

    @Test("offered 1.2, 1.1 and 1.0, the SDK picks 1.2 and announces batch validation and its export formats")
    func handshakeNewest() async throws {
        let probe = SessionProbe(Tally())
        let result = try #require(try await probe.initialize().result)
        #expect(result["protocol_version"] == .string("1.2"))
        let manifest = try (result["manifest"] ?? .null).decode(PluginManifest.self)
        #expect(manifest.id == "tally" && manifest.version == "0.3.0")
        #expect(manifest.capabilities.validateBatch, "the SDK answers validate_contributions for every plugin")
        #expect(manifest.capabilities.exportFormats.map(\.id) == ["answers-csv"])
    }

    @Test("offered only 1.1, the SDK picks 1.1 and leaves export_formats, a 1.2 capability, out of its manifest")
    func handshakeOneOne() async throws {
        let probe = SessionProbe(Tally())
        let result = try #require(try await probe.initialize(offering: ["1.1"]).result)
        #expect(result["protocol_version"] == .string("1.1"))
        let capabilities = try #require(result["manifest"]?["capabilities"])
        let exportFormats: [JSONValue] = capabilities["export_formats"]?.elements ?? []
        #expect(exportFormats.isEmpty, "\(capabilities)")
        #expect(capabilities["validate_batch"] == .bool(true))
    }

    @Test("offered only 1.0, the SDK does not announce batch validation")
    func handshakeOneZero() async throws {
        let probe = SessionProbe(Tally())
        let result = try #require(try await probe.initialize(offering: ["1.0"]).result)
        #expect(result["protocol_version"] == .string("1.0"))
        #expect(result["manifest"]?["capabilities"]?["validate_batch"] == .bool(false))
    }

    @Test("a host that offers no major the SDK speaks gets -32002 with the versions it does speak")
    func noSharedVersion() async throws {
        let probe = SessionProbe(Tally())
        let error = try #require(try await probe.initialize(offering: ["2.0", "3.1"]).error)
        #expect(error.knownCode == .unsupportedProtocol)
        #expect(error.data?["supported"] == .array(PluginProtocol.supportedVersions.map(JSONValue.string)))
        // No handshake happened: the session still waits for one.
        #expect(try await probe.send(M.ping).error?.knownCode == .notInitialized)
    }

    @Test("before initialize every request gets -32003, and initialize may come only once")
    func initializeFirstAndOnce() async throws {
        let probe = SessionProbe(Tally())
        for method in [M.ping, M.shutdown, M.validateActivity, M.exportBegin, M.evaluateBegin] {
            let error = try await probe.send(method, activity()).error
            #expect(error?.knownCode == .notInitialized, "\(method): \(String(describing: error))")
            #expect(error?.code == -32003)
        }
        #expect(try await probe.initialize().result != nil)
        #expect(try await probe.send(M.ping).result == .object([:]))
        #expect(try await probe.initialize().error?.knownCode == .invalidRequest)
    }

    // MARK: - Validation

    @Test("validate_activity answers the normalised config, or the plugin's field errors with pointers")
    func validateActivity() async throws {
        let probe = try await ready()
        #expect(try await probe.send(M.validateActivity, activity()).result?["config"] == config)

        let blank = try #require(try await probe.send(M.validateActivity, activity(["config": .object(["question": .string("  ")])])).error)
        #expect(blank.knownCode == .invalidConfig)
        #expect(blank.fieldErrors == [FieldError(pointer: "/question", message: "must not be blank")])

        let missing = try #require(try await probe.send(M.validateActivity, activity(["config": .object([:])])).error)
        #expect(missing.knownCode == .invalidConfig)
        #expect(missing.fieldErrors.map(\.pointer) == ["/question"], "a key the Config type requires is named: \(missing)")

        let wrongType = try #require(try await probe.send(M.validateActivity, activity(["config": .string("vraag")])).error)
        #expect(wrongType.knownCode == .invalidParams)
    }

    @Test("validate_contributions answers one entry per submission, in order, each a result or an error")
    func validateContributions() async throws {
        let probe = try await ready()
        let submissions: [JSONValue] = [
            .object(["text": .string("  meer bomen ")]), .object(["text": .string("   ")]), .object(["tekst": .string("fout veld")]),
            .object(["text": .string("bankjes")]),
        ]
        let result = try #require(try await probe.send(M.validateContributions, activity(["submissions": .array(submissions)])).result)
        let entries = result["results"]?.elements ?? []
        #expect(entries.count == 4, "\(result)")
        guard entries.count == 4 else { return }
        #expect(entries[0]["result"]?["contribution"] == .object(["text": .string("meer bomen")]))
        #expect(entries[3]["result"]?["contribution"] == .object(["text": .string("bankjes")]))
        for index in [1, 2] {
            let error = RPCError(errorObject: entries[index]["error"] ?? .null)
            #expect(error.knownCode == .invalidContribution, "entry \(index): \(entries[index])")
            #expect(error.fieldErrors.map(\.pointer) == ["/text"], "entry \(index): \(entries[index])")
            #expect(entries[index]["result"] == nil)
        }
        #expect(
            try await probe.send(M.validateContributions, activity(["submissions": .string("geen lijst")])).error?.knownCode
                == .invalidParams)
    }

    // MARK: - Exports

    @Test("export_begin, export_batch and export_end stream contributions in and give the plugin's CSV back")
    func export() async throws {
        let probe = try await ready()
        let subject: JSONValue = .object(["activity_id": .string("plein-vraag"), "config": config])
        let begin = try await probe.send(
            M.exportBegin,
            .object([
                "export_id": .string("x-1"), "format": .string("answers-csv"), "locale": .string("nl"), "subject": subject,
                "activities": .array([subject]),
            ]))
        #expect(begin.result == .object([:]), "\(begin)")
        func item(_ id: String, _ text: String) -> JSONValue {
            .object([
                "id": .string(id), "activity_id": .string("plein-vraag"), "created_at": .string("2027-03-02T10:00:00Z"),
                "channel": .string("online"), "contribution": .object(["text": .string(text)]), "themes": .array([]),
                "responded": .bool(false),
            ])
        }
        let batches = [[item("c-1", "meer groen, minder steen")], [item("c-2", "een \"echt\" plein"), item("c-3", "fietsen")]]
        for batch in batches {
            #expect(
                try await probe.send(M.exportBatch, .object(["export_id": .string("x-1"), "contributions": .array(batch)])).result != nil)
        }
        let end = try await probe.send(M.exportEnd, .object(["export_id": .string("x-1")]))
        let rows = [
            "id,activiteit,antwoord", "c-1,plein-vraag,\"meer groen, minder steen\"", "c-2,plein-vraag,\"een \"\"echt\"\" plein\"",
            "c-3,plein-vraag,fietsen",
        ]
        #expect(end.result?["text"]?.stringValue == rows.map { $0 + "\r\n" }.joined(), "\(end)")

        // The export is over: its id is forgotten.
        #expect(try await probe.send(M.exportEnd, .object(["export_id": .string("x-1")])).error?.knownCode == .unknownExport)
    }

    @Test("the end of an export that was never begun gets -32013, a format not offered -32004")
    func exportRefusals() async throws {
        let probe = try await ready()
        let unknown = try #require(try await probe.send(M.exportEnd, .object(["export_id": .string("never-begun")])).error)
        #expect(unknown.knownCode == .unknownExport)
        #expect(unknown.code == -32013)
        #expect(try await probe.send(M.exportBatch, .object(["export_id": .string("never-begun")])).error?.code == -32013)

        let subject: JSONValue = .object(["activity_id": .string("plein-vraag"), "config": config])
        let format = try await probe.send(
            M.exportBegin, .object(["export_id": .string("x-2"), "format": .string("geojson"), "subject": subject]))
        #expect(format.error?.knownCode == .unsupported, "\(format)")
        #expect(try await probe.send(M.exportEnd, .object(["export_id": .string("x-2")])).error?.knownCode == .unknownExport)
        #expect(try await probe.send(M.exportEnd, .object([:])).error?.knownCode == .invalidParams)
    }

    // MARK: - The rest

    @Test("an evaluation counts what its batches brought")
    func evaluation() async throws {
        let probe = try await ready()
        #expect(try await probe.send(M.evaluateBegin, .object(["evaluation_id": .string("e-1"), "config": config])).result != nil)
        let contributions: JSONValue = .array(
            ["a", "b", "c"].map { .object(["id": .string($0), "contribution": .object(["text": .string($0)])]) })
        _ = try await probe.send(M.evaluateBatch, .object(["evaluation_id": .string("e-1"), "contributions": contributions]))
        let end = try #require(try await probe.send(M.evaluateEnd, .object(["evaluation_id": .string("e-1")])).result)
        #expect(end["metrics"]?.elements.first?["value"]?.doubleValue == 3, "\(end)")
        #expect(try await probe.send(M.evaluateEnd, .object(["evaluation_id": .string("e-1")])).error?.knownCode == .unknownEvaluation)
    }

    @Test("a plugin's own tally counts as batches arrive, goes on from the state the host passes back, and returns it")
    func incrementalEvaluation() async throws {
        let probe = SessionProbe(RunningTally())
        _ = try #require(try await probe.initialize().result)
        let begin = try await probe.send(
            M.evaluateBegin, .object(["evaluation_id": .string("e-2"), "config": config, "state": .object(["n": .int(2)])]))
        #expect(begin.result != nil, "\(begin)")
        let contributions: JSONValue = .array(
            ["c", "d", "e"].map { .object(["id": .string($0), "contribution": .object(["text": .string($0)])]) })
        _ = try await probe.send(M.evaluateBatch, .object(["evaluation_id": .string("e-2"), "contributions": contributions]))
        let end = try #require(try await probe.send(M.evaluateEnd, .object(["evaluation_id": .string("e-2")])).result)
        #expect(end["metrics"]?.elements.first?["value"] == .int(5), "\(end)")
        #expect(end["state"] == .object(["n": .int(5)]), "\(end)")

        // A state the tally cannot read is refused at evaluate_begin, not counted from zero in silence.
        let foreign = try await probe.send(
            M.evaluateBegin, .object(["evaluation_id": .string("e-3"), "config": config, "state": .string("garbage")]))
        #expect(foreign.error != nil, "\(foreign)")
    }

    @Test("an unknown method gets -32601, and a method without the capability -32004")
    func unknownMethod() async throws {
        let probe = try await ready()
        let error = try #require(try await probe.send("stip/no_such_method").error)
        #expect(error.knownCode == .methodNotFound)
        #expect(error.code == -32601)
        #expect(try await probe.send(M.publicForm, activity(["locale": .string("nl")])).error?.knownCode == .unsupported)
    }

    @Test("after shutdown, requests get -32005 and the session says it was shut down")
    func shutdown() async throws {
        let probe = try await ready()
        #expect(!probe.session.isShutDown)
        #expect(try await probe.send(M.shutdown).result == .object([:]))
        #expect(probe.session.isShutDown)
        #expect(try await probe.send(M.validateActivity, activity()).error?.knownCode == .shuttingDown)
        #expect(try await probe.send(M.exportEnd, .object(["export_id": .string("x")])).error?.knownCode == .shuttingDown)
    }
}
