import Foundation
import StipConformance
import StipJSON
import StipTestSupport
import Testing

/// The steps of one run, by name.
struct Report {
    let steps: [ConformanceCheck.Step]

    init(_ steps: [ConformanceCheck.Step]) {
        self.steps = steps
    }

    var names: [String] { steps.map(\.name) }
    var failed: [String] { steps.filter { !$0.passed }.map(\.name) }
    subscript(_ name: String) -> ConformanceCheck.Step? { steps.first { $0.name == name } }

    /// One line per step, for failure messages.
    var transcript: String {
        steps.map { "\($0.passed ? "ok  " : "FAIL") \($0.name): \($0.detail)" }.joined(separator: "\n")
    }
}

@Suite("stipctl plugin check: the conformance check against real plugins", .timeLimit(.minutes(2)))
struct ConformanceCheckTests {
    @Test("a plugin that keeps to the protocol passes every step, from plugin.yaml to a clean exit")
    func wellBehavedPasses() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("well-behaved", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed.isEmpty, "\(report.transcript)")
        for name in [
            "plugin.yaml", "started by hand", "handshake", "manifest schemas", "validate_activity", "validate_activity (bad input)",
            "validate_contribution", "unknown method", "malformed line", "concurrent requests", "$/cancel", "evaluate",
            "shutdown answered", "shutdown",
        ] {
            #expect(report.names.contains(name), "no step \(name):\n\(report.transcript)")
        }
        #expect(report["handshake"]?.detail.hasPrefix("protocol 1.0") == true, "\(report.transcript)")
        #expect(report["shutdown"]?.detail == "exited with status 0 after shutdown + exit")
    }

    @Test("the plugin.yaml in the repository passes as it is, with its relative executable")
    func repositoryManifestPasses() async {
        let manifest = TestPlugins.directory.appending(path: "misbehaving/well-behaved/plugin.yaml")
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed.isEmpty, "\(report.transcript)")
        #expect(report["plugin.yaml"]?.detail == "misbehave-well-behaved 1.0.0, protocol 1.0")
    }

    @Test("a plugin built with the SDK and given a valid config passes the steps of its capabilities too")
    func sdkPluginPasses() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeSuggestionBox(into: temp.url)
        let report = Report(
            await ConformanceCheck.run(manifestFile: manifest, config: .object(["question": .string("Wat wilt u op het plein?")])))
        #expect(report.failed.isEmpty, "\(report.transcript)")
        #expect(report["handshake"]?.detail.hasPrefix("protocol 1.2") == true, "\(report.transcript)")
        for name in [
            "validate_activity (given config)", "config matches its schema", "validate_contributions", "public_form (nl)",
            "public_form (en)",
            "import (csv)", "evaluate", "shutdown",
        ] {
            #expect(report[name]?.passed == true, "step \(name) missing or failed:\n\(report.transcript)")
        }
    }

    @Test("a plugin that speaks no protocol version stipd offers fails the handshake, and the walk stops there")
    func protocolTwoOnlyFailsHandshake() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("protocol-2-only", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["handshake"], "\(report.transcript)")
        #expect(report.names == ["plugin.yaml", "started by hand", "handshake"])
        #expect(report["handshake"]?.detail.contains("-32002") == true, "the plugin's refusal is shown: \(report.transcript)")
    }

    @Test("a plugin that does not exit after shutdown + exit fails the shutdown step and is killed")
    func ignoreShutdownFailsShutdown() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("ignore-shutdown", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["shutdown"], "\(report.transcript)")
        #expect(report["shutdown answered"]?.passed == true, "it does answer shutdown")
        #expect(report["shutdown"]?.detail.contains("did not exit and was killed") == true, "\(report.transcript)")
    }

    @Test("a plugin that crashes on validate_activity fails that step with the process gone, and every step after it")
    func crashOnValidateFails() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("crash-on-validate", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report["handshake"]?.passed == true)
        let validate = try #require(report["validate_activity"], "\(report.transcript)")
        #expect(!validate.passed)
        #expect(validate.detail.contains("the process closed its stdout"), "\(validate.detail)")
        #expect(report.failed.contains("shutdown"), "an exit status of 3 is no clean exit: \(report.transcript)")
    }

    @Test("a plugin that exits during the handshake fails it")
    func exitDuringHandshakeFails() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeMisbehaving("exit-during-handshake", into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.failed == ["handshake"], "\(report.transcript)")
    }

    @Test("a plugin.yaml that cannot be used is the first failed step, and nothing is started")
    func brokenManifest() async throws {
        let temp = try TemporaryDirectory("stip-conformance")
        let manifest = try TestPlugins.writeManifest(id: "no-binary", executable: temp.file("not-built-yet"), into: temp.url)
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        #expect(report.names == ["plugin.yaml"])
        #expect(report["plugin.yaml"]?.passed == false)
        #expect(report["plugin.yaml"]?.detail.contains("does not exist or is not executable") == true, "\(report.transcript)")
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
        #expect(report["started by hand"]?.passed == false, "\(report.transcript)")
        #expect(report["handshake"]?.passed == false, "\(report.transcript)")
    }
}
