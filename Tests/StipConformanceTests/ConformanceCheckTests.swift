import Foundation
import StipConformance
import StipJSON
import StipTestSupport
import Testing

/// The steps of one run, by name.
struct Report {
    let steps: [ConformanceStep]

    init(_ steps: [ConformanceStep]) {
        self.steps = steps
    }

    var names: [String] { steps.map(\.name) }
    var failed: [String] { steps.filter(\.failed).map(\.name) }
    var notProbed: [String] { steps.filter { $0.outcome == .notProbed }.map(\.name) }
    var items: Set<Int> { Set(steps.map(\.item)) }
    subscript(_ name: String) -> ConformanceStep? { steps.first { $0.name == name } }

    /// One block per step, for failure messages.
    var transcript: String {
        steps.map { "\($0.outcome) §15.\($0.item) \($0.name)\n  sent \($0.sent)\n  got  \($0.received)\n  \($0.detail)" }
            .joined(separator: "\n")
    }
}

@Suite("stipctl plugin check: the conformance check against real plugins", .timeLimit(.minutes(2)))
struct ConformanceCheckTests {
    @Test("a plugin that keeps to the protocol passes every probe, from plugin.yaml to a clean exit")
    func wellBehavedPasses() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("well-behaved", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed.isEmpty && report.notProbed.isEmpty, "\(report.transcript)")
        // Without public forms, imports and exports, items 15 and 16 do not apply; every other item was probed.
        #expect(report.items == Set(1...14), "\(report.transcript)")
        #expect(report["handshake"]?.received.hasPrefix("protocol 1.0") == true, "\(report.transcript)")
        #expect(report["exit"]?.received == "exited(0)")
        #expect(report["public_form without the capability"]?.outcome == .passed, "\(report.transcript)")
        for step in report.steps {
            #expect(!step.sent.isEmpty && !step.received.isEmpty, "every probe says what it sent and what came back: \(step)")
        }
    }

    @Test("the plugin.yaml in the repository passes as it is, with its relative executable")
    func repositoryManifestPasses() async {
        let manifest = TestPlugins.directory.appending(path: "misbehaving/well-behaved/plugin.yaml")
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed.isEmpty, "\(report.transcript)")
        #expect(report["plugin.yaml"]?.received == "misbehave-well-behaved 1.0.0, protocol 1.0")
    }

    @Test("a plugin built with the SDK and given a valid config passes every item, none left unprobed")
    func sdkPluginPasses() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeSuggestionBox(extra: TestPlugins.fastTimeouts, into: temp.url)
        let report = Report(
            await ConformanceCheck.run(manifestFile: manifest, config: .object(["question": .string("Wat wilt u op het plein?")])))
        #expect(report.failed.isEmpty && report.notProbed.isEmpty, "\(report.transcript)")
        #expect(report.items == Set(1...15), "every item but exports (it offers none): \(report.transcript)")
        #expect(report["handshake"]?.received.hasPrefix("protocol 1.3") == true, "\(report.transcript)")
        for name in [
            "validate_activity (config given with --activity-config)", "normalised config matches config_schema", "validate_contributions",
            "public_form (nl)", "public_form (en)", "import (csv)", "evaluate", "evaluation ended",
        ] {
            #expect(report[name]?.outcome == .passed, "probe \(name) missing or not passed:\n\(report.transcript)")
        }
    }

    @Test("without a config the probes that need one say 'not probed', never 'passed'")
    func refusedConfigIsNotProbed() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        // The suggestion box's config needs a question; an example built from its schema is used when it validates.
        let manifest = try TestPlugins.writeSuggestionBox(extra: TestPlugins.fastTimeouts, into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed.isEmpty, "\(report.transcript)")
        let generated = report.steps.first { $0.name.hasPrefix("validate_activity (config built from config_schema)") }
        if generated?.received.hasPrefix("result") == true {
            #expect(report.notProbed.isEmpty, "a config built from the schema was accepted, so everything ran:\n\(report.transcript)")
        } else {
            #expect(report.notProbed.contains("evaluate"), "\(report.transcript)")
            #expect(report["evaluate"]?.detail.contains("--activity-config") == true, "\(report.transcript)")
        }
    }

    @Test("a plugin that speaks no protocol version stipd offers fails the handshake, and the walk stops there")
    func protocolTwoOnlyFailsHandshake() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("protocol-2-only", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["handshake"], "\(report.transcript)")
        #expect(report.names == ["plugin.yaml", "started by hand", "request before initialize", "initialize with only 999.0", "handshake"])
        #expect(report["exit"] == nil, "its exit after a failed handshake is not judged")
        #expect(report["handshake"]?.received.contains("-32002") == true, "the plugin's refusal is shown: \(report.transcript)")
    }

    @Test("a plugin that does not exit after shutdown + exit fails the exit probe and is killed")
    func ignoreShutdownFailsExit() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("ignore-shutdown", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["exit"], "\(report.transcript)")
        #expect(report["shutdown"]?.outcome == .passed, "it does answer shutdown")
        #expect(report["exit"]?.received.contains("killed") == true, "\(report.transcript)")
    }

    @Test("a plugin that crashes on validate_activity fails that probe; the probes after it say the process had gone")
    func crashOnValidateFails() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("crash-on-validate", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report["handshake"]?.outcome == .passed)
        #expect(report.failed == ["validate_activity {}"], "\(report.transcript)")
        #expect(report["validate_activity {}"]?.received.contains("closed its stdout") == true, "\(report.transcript)")
        #expect(report.notProbed.contains("evaluate") && report.notProbed.contains("exit"), "\(report.transcript)")
        #expect(report["evaluate"]?.received.contains("before this probe") == true, "\(report.transcript)")
    }

    @Test("a plugin that exits during the handshake fails it")
    func exitDuringHandshakeFails() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("exit-during-handshake", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["initialize with only 999.0", "handshake"], "\(report.transcript)")
    }

    @Test("a plugin.yaml that cannot be used is the first failed probe, and nothing is started")
    func brokenManifest() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeManifest(id: "no-binary", executable: temp.file("not-built-yet"), into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.names == ["plugin.yaml"])
        #expect(report["plugin.yaml"]?.outcome == .failed)
        #expect(report["plugin.yaml"]?.received.contains("does not exist or is not executable") == true, "\(report.transcript)")
    }

    @Test("a plugin run without the cookie must say what it is and exit 1")
    func startedByHand() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        // A shell script that speaks no protocol at all and ignores the cookie.
        let script = try temp.write("#!/bin/sh\nexit 0\n", to: "silent.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let manifest = try TestPlugins.writeManifest(
            id: "silent", executable: script, extra: "timeouts:\n  initialize_ms: 500\n  shutdown_grace_ms: 500\n", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report["started by hand"]?.outcome == .failed, "\(report.transcript)")
        #expect(report["started by hand"]?.received.hasPrefix("exited(0)") == true, "\(report.transcript)")
        #expect(report["handshake"]?.outcome == .failed, "\(report.transcript)")
    }

    @Test("a plugin that, started by hand, waits forever is killed and fails")
    func startedByHandHangs() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let script = try temp.write("#!/bin/sh\nexec sleep 60\n", to: "waits.sh")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let manifest = try TestPlugins.writeManifest(
            id: "waits", executable: script, extra: "timeouts:\n  initialize_ms: 500\n  shutdown_grace_ms: 500\n", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report["started by hand"]?.received.contains("killed") == true, "\(report.transcript)")
    }
}

@Suite("the conformance check reads validate_activity's schedule")
struct ScheduleConformanceTests {
    @Test("a schedule whose start is not a date fails §15.9, saying what is wrong")
    func badSchedule() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("bad-schedule", extra: TestPlugins.patientTimeouts, into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        let failed = report.steps.filter(\.failed)
        #expect(failed.map(\.item) == [9], "\(report.transcript)")
        #expect(failed.first?.detail.contains("next tuesday") == true, "\(report.transcript)")
    }
}
