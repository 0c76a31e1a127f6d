import Foundation
import Logging
import StipDomain
@testable import StipPluginHost
import StipPluginProtocol
import Testing
import StipJSON

/// `validate_contributions` (protocol 1.1) against the real test plugins: the Swift one speaks 1.1 through the
/// SDK, the Python one only 1.0. Each submission must get its own answer, in order, either way.
@Suite("validating many submissions at once")
struct BatchValidationTests {
    static let config: JSONValue = .object(["question": .string("Wat mist u in de wijk?"), "max_length": .int(10)])
    static let submissions: [JSONValue] = [
        .object(["text": .string("  bankjes ")]),
        .object(["text": .string("veel te lang voor tien tekens")]),
        .object([:]),
        .object(["text": .string("groen")]),
    ]

    @Test("a 1.1 plugin is sent the batch, a 1.0 plugin one request each; every submission gets its own answer in order")
    func batchAndFallback() async throws {
        let directory = URL(filePath: NSTemporaryDirectory()).appending(path: "stip-batch-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Patient deadlines: this test is about answers and their order, not speed, and runs among many others.
        let patient = "timeouts:\n  initialize_ms: 30000\n  request_ms: 30000\n"
        try PluginFixtures.install(
            id: "python-echo", executable: PluginFixtures.testPlugins.appending(path: "python-echo/plugin.py"), extra: patient,
            into: directory)
        try PluginFixtures.install(
            id: "swift-suggestion-box", executable: Binaries.directory.appending(path: "swift-suggestion-box"), extra: patient,
            into: directory)
        let host = PluginHost(directories: [directory], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await host.run() }
            defer { group.cancelAll() }
            try await waitForPlugins(host, ["python-echo", "swift-suggestion-box"])

            let batching = try await host.manifest(of: "swift-suggestion-box").capabilities.validateBatch
            let fallback = try await host.manifest(of: "python-echo").capabilities.validateBatch
            #expect(batching, "the SDK announces validate_batch once 1.1 is chosen")
            #expect(!fallback, "a 1.0 plugin never gets validate_contributions")
            let versions = Dictionary(uniqueKeysWithValues: await host.statuses().plugins.map { ($0.id, $0.protocolVersion) })
            #expect(versions["swift-suggestion-box"] == "1.3")
            #expect(versions["python-echo"] == "1.0")

            for id in ["swift-suggestion-box", "python-echo"] {
                let results = await host.validateContributions(
                    id, workspace: "test", activityID: "kickoff", config: Self.config, channel: "online", submissions: Self.submissions)
                try #require(results.count == 4, "\(id): one answer per submission")
                #expect(contribution(results[0]) == "bankjes", "\(id): trimmed")
                #expect(refusal(results[1]) == "/text", "\(id): too long")
                #expect(refusal(results[2]) == "/text", "\(id): missing")
                #expect(contribution(results[3]) == "groen", "\(id)")
            }
            await host.stopAll()
        }
    }

    @Test("a batch answer with the wrong number of entries fails every submission in it, so none is stored as valid")
    func brokenAnswer() {
        let short: Result<JSONValue, PluginCallError> = .success(.object(["results": .array([.object(["result": .object([:])])])]))
        let results = PluginHost.split(short, count: 3)
        #expect(results.count == 3)
        #expect(results.allSatisfy { if case .failure = $0 { true } else { false } })

        let mixed: Result<JSONValue, PluginCallError> = .success(
            .object([
                "results": .array([
                    .object(["result": .object(["contribution": .object(["text": .string("a")])])]),
                    .object(["error": RPCError(.invalidContribution, "no").errorObject]),
                    .object([:]),
                ])
            ]))
        let split = PluginHost.split(mixed, count: 3)
        #expect(contribution(split[0]) == "a")
        guard case .failure(.rpc(let refused)) = split[1], case .failure(.rpc(let broken)) = split[2] else {
            Issue.record("expected two errors: \(split)")
            return
        }
        #expect(refused.knownCode == .invalidContribution)
        #expect(broken.knownCode == .internalError, "an entry with neither result nor error is the plugin's fault")
    }

    private func contribution(_ result: Result<JSONValue, PluginCallError>) -> String? {
        guard case .success(let answer) = result else { return nil }
        return answer["contribution"]?["text"]?.stringValue
    }

    /// The pointer of an `invalid_contribution` refusal.
    private func refusal(_ result: Result<JSONValue, PluginCallError>) -> String? {
        guard case .failure(.rpc(let error)) = result, error.knownCode == .invalidContribution else { return nil }
        return error.fieldErrors.first?.pointer
    }

    private func waitForPlugins(_ host: PluginHost, _ ids: Set<String>) async throws {
        for _ in 0..<200 where !ids.isSubset(of: host.pluginIDs) {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(ids.isSubset(of: host.pluginIDs), "the plugins were found: \(host.pluginIDs)")
    }
}
