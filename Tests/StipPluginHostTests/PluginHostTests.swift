import Foundation
import StipDomain
import StipJSON
import StipPluginHost
import StipPluginProtocol
import StipTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("the plugin host with real plugin processes", .timeLimit(.minutes(2)))
struct PluginHostTests {
    let question: JSONValue = .object(["question": .string("Wat wilt u op het Stationsplein?")])

    func validateActivity(_ config: JSONValue) -> JSONValue {
        .object(["workspace": .string("utrecht"), "activity_id": .string("ideeenbus"), "config": config])
    }

    @Test("a plugin starts on first use, answers validate_activity, and shows as ready with the protocol it chose")
    func startsAndAnswers() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeSuggestionBox(into: temp.url)
        try await RunningHost.with([manifest]) { host in
            #expect(host.pluginIDs == ["swift-suggestion-box"])
            #expect(await host.statuses().plugins.first?.state == .stopped, "a lazy plugin waits for its first call")

            let answer = try await host.call("swift-suggestion-box", PluginProtocol.Method.validateActivity, validateActivity(question))
            #expect(answer["config"]?["question"] == .string("Wat wilt u op het Stationsplein?"))
            #expect(answer["config"]?["max_length"] == .int(1000), "the plugin fills its defaults: \(answer)")

            let status = try #require(await host.statuses().plugins.first)
            #expect(status.state == .ready)
            #expect(status.protocolVersion == "1.3", "the SDK picks the newest version stipd offers")
            #expect((status.pid ?? 0) > 0)
            #expect(status.version == "1.0.0")
            #expect(status.displayName?["en"] == "Suggestion box")
            #expect(status.requests >= 1 && status.errors == 0)
            #expect(status.exportFormats.isEmpty)
            #expect(try await host.manifest(of: "swift-suggestion-box").capabilities.validateBatch)
        }
    }

    @Test("a config the plugin refuses comes back as its invalid_config error with field pointers")
    func refusedConfig() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeSuggestionBox(into: temp.url)
        try await RunningHost.with([manifest]) { host in
            await #expect {
                try await host.call(
                    "swift-suggestion-box", PluginProtocol.Method.validateActivity,
                    validateActivity(.object(["question": .string(" "), "max_length": .int(3)])))
            } throws: { error in
                guard case .rpc(let rpc) = error as? PluginCallError else { return false }
                return rpc.knownCode == .invalidConfig && Set(rpc.fieldErrors.map(\.pointer)) == ["/question", "/max_length"]
            }
            #expect(await host.statuses().plugins.first?.state == .ready, "a refusal is an answer, not a failure")
        }
    }

    @Test("several submissions are validated in one request and answered one by one, in order")
    func batchValidation() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeSuggestionBox(into: temp.url)
        try await RunningHost.with([manifest]) { host in
            let results = await host.validateContributions(
                "swift-suggestion-box", workspace: "utrecht", activityID: "ideeenbus", config: question, channel: "online",
                submissions: [
                    .object(["text": .string("  Meer bomen  ")]), .object(["text": .string("   ")]), .object(["text": .string("Bankjes")]),
                ])
            #expect(results.count == 3)
            #expect((try? results[0].get())?["contribution"]?["text"] == .string("Meer bomen"), "normalised: \(results)")
            #expect((try? results[2].get())?["contribution"]?["text"] == .string("Bankjes"))
            guard case .failure(.rpc(let refusal)) = results[1] else {
                Issue.record("the blank submission was not refused: \(results[1])")
                return
            }
            #expect(refusal.knownCode == .invalidContribution)
            #expect(refusal.fieldErrors.map(\.pointer) == ["/text"])
        }
    }

    @Test("calls through pinned(_:) reach one process, so an exchange of several messages holds together")
    func pinnedCallsShareAProcess() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeSuggestionBox(extra: "instances: 2\n" + TestPlugins.fastTimeouts, into: temp.url)
        try await RunningHost.with([manifest]) { host in
            let id = "swift-suggestion-box"
            func evaluation(_ name: String) -> JSONValue { .object(["evaluation_id": .string(name)]) }
            func begin(_ name: String) -> JSONValue {
                .object(["evaluation_id": .string(name), "config": question, "state": .null])
            }
            func batch(_ name: String, _ texts: [String]) -> JSONValue {
                .object([
                    "evaluation_id": .string(name),
                    "contributions": .array(
                        texts.enumerated().map {
                            .object(["id": .string("c-\($0.offset)"), "contribution": .object(["text": .string($0.element)])])
                        }),
                ])
            }

            for round in 0..<3 {
                let pinned = try host.pinned(id)
                _ = try await pinned.call(PluginProtocol.Method.evaluateBegin, begin("pinned-\(round)"))
                _ = try await pinned.call(PluginProtocol.Method.evaluateBatch, batch("pinned-\(round)", ["bomen", "bankjes"]))
                _ = try await pinned.call(PluginProtocol.Method.evaluateBatch, batch("pinned-\(round)", ["licht"]))
                let end = try await pinned.call(PluginProtocol.Method.evaluateEnd, evaluation("pinned-\(round)"))
                let count = end["metrics"]?.elements.first { $0["id"] == .string("suggestions.count") }?["value"]
                #expect(count == .double(3) || count == .int(3), "round \(round): \(end)")
            }

            let pool = try #require(await host.statuses().plugins.first)
            #expect(pool.instances == 2)
            #expect(Set(pool.pids).count == 2, "both processes ran: \(pool.pids)")

            // Unpinned calls take turns between the two processes: the end of an evaluation meets a process that never began it.
            _ = try await host.call(id, PluginProtocol.Method.evaluateBegin, begin("round-robin"))
            await #expect {
                try await host.call(id, PluginProtocol.Method.evaluateEnd, evaluation("round-robin"))
            } throws: { error in
                guard case .rpc(let rpc) = error as? PluginCallError else { return false }
                return rpc.knownCode == .unknownEvaluation
            }
        }
    }

    @Test("a plugin that crashes during a call fails that call as crashed, with its last stderr lines, and is restarted")
    func crashAndRestart() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeMisbehaving("crash-on-validate", extra: TestPlugins.patientTimeouts, into: temp.url)
        let id = "misbehave-crash-on-validate"
        try await RunningHost.with([manifest]) { host in
            _ = try await host.call(id, PluginProtocol.Method.ping, .object([:]))
            let first = try #require(await host.statuses().plugins.first)
            #expect(first.state == .ready && first.restarts == 0)

            await #expect {
                try await host.call(id, PluginProtocol.Method.validateActivity, validateActivity(.object([:])))
            } throws: { error in
                guard case .crashed(let plugin, let method, _, let stderrTail) = error as? PluginCallError else { return false }
                return plugin == id && method == PluginProtocol.Method.validateActivity
                    && stderrTail.contains { $0.contains("exiting with status 3") }
            }

            let restarted = try #require(await RunningHost.status(of: id, in: host) { $0.state == .ready && $0.restarts >= 1 })
            #expect(restarted.state == .ready, "restarted after the crash: \(restarted)")
            #expect(restarted.restarts == 1)
            #expect(restarted.pid != nil && restarted.pid != first.pid, "a new process: \(String(describing: restarted.pid))")
            #expect(
                restarted.lastError?.contains("exited(3)") == true, "the exit status is kept for the admin: \(restarted.lastError ?? "-")")
            #expect(try await host.call(id, PluginProtocol.Method.ping, .object([:])) == .object([:]), "the new process serves")
        }
    }

    @Test("a call that outlives its deadline times out without restarting the plugin")
    func timeout() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeMisbehaving("hang-on-validate", into: temp.url)
        let id = "misbehave-hang-on-validate"
        try await RunningHost.with([manifest]) { host in
            await #expect {
                try await host.call(id, PluginProtocol.Method.validateActivity, validateActivity(.object([:])), timeout: .milliseconds(300))
            } throws: { error in
                guard case .timeout(let plugin, let method, _) = error as? PluginCallError else { return false }
                return plugin == id && method == PluginProtocol.Method.validateActivity
            }
            let status = try #require(await host.statuses().plugins.first)
            #expect(status.state == .ready && status.restarts == 0, "\(status)")
            #expect(try await host.call(id, PluginProtocol.Method.ping, .object([:])) == .object([:]))
        }
    }

    @Test("a capability counts only with the protocol version that brought it: export_formats needs 1.2")
    func capabilityGating() async throws {
        let temp = try TemporaryDirectory("stip-host")
        // This plugin picks 1.1 but still announces an export format.
        let manifest = try TestPlugins.writeMisbehaving("early-exports", into: temp.url)
        let id = "misbehave-early-exports"
        try await RunningHost.with([manifest]) { host in
            let manifest = try await host.manifest(of: id)
            #expect(manifest.capabilities.exportFormats.isEmpty, "\(manifest.capabilities)")
            let status = try #require(await host.statuses().plugins.first)
            #expect(status.state == .ready)
            #expect(status.protocolVersion == "1.1")
            #expect(status.exportFormats.isEmpty, "an admin is not offered the export: \(status.exportFormats)")
        }
    }

    @Test("a plugin with no protocol in common is refused at once with both sides' versions, and not restarted")
    func noSharedProtocol() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifest = try TestPlugins.writeMisbehaving("protocol-2-only", into: temp.url)
        let id = "misbehave-protocol-2-only"
        try await RunningHost.with([manifest]) { host in
            await #expect {
                try await host.call(id, PluginProtocol.Method.ping, .object([:]))
            } throws: { error in
                guard case .unavailable(_, let reason) = error as? PluginCallError else { return false }
                return reason.contains("2.0") && reason.contains("1.0")
            }
            let status = try #require(await host.statuses().plugins.first)
            #expect(status.state == .failed)
            #expect(status.restarts == 0)
            #expect(status.lastError?.contains("no shared protocol version") == true, "\(status.lastError ?? "-")")
        }
    }

    @Test("a plugin that is not installed is unavailable, with a hint where to look")
    func unknownPlugin() async throws {
        try await RunningHost.with([]) { host in
            await #expect {
                try await host.call("no-such-method", PluginProtocol.Method.ping, .object([:]))
            } throws: { error in
                guard case .unavailable(let plugin, let reason) = error as? PluginCallError else { return false }
                return plugin == "no-such-method" && reason.contains("stipctl plugin list")
            }
            #expect(throws: PluginCallError.self) { try host.pinned("no-such-method") }
        }
    }

    @Test("stopping the host ends every plugin process: none is left behind")
    func stopLeavesNoProcess() async throws {
        let temp = try TemporaryDirectory("stip-host")
        let manifests = [
            try TestPlugins.writeSuggestionBox(into: temp.url),
            try TestPlugins.writeMisbehaving("well-behaved", extra: TestPlugins.patientTimeouts, into: temp.url),
        ]
        try await RunningHost.with(manifests) { host in
            for id in ["swift-suggestion-box", "misbehave-well-behaved"] {
                _ = try await host.call(id, PluginProtocol.Method.ping, .object([:]))
            }
            let pids = await host.statuses().plugins.compactMap(\.pid)
            #expect(pids.count == 2)
            await host.stopAll()
            let states = await host.statuses().plugins.map(\.state)
            #expect(states == [.stopped, .stopped])
            for pid in pids {
                #expect(kill(pid, 0) == -1 && errno == ESRCH, "process \(pid) is still there")
            }
        }
    }
}
