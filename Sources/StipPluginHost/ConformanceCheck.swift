public import Foundation
public import Logging
import StipDomain
import StipPluginProtocol
import Subprocess
public import StipJSON
#if canImport(SystemPackage)
    import SystemPackage
#endif

/// Runs a plugin through the whole protocol and reports what a plugin developer must fix.
/// Used by `stipctl plugin check PATH/plugin.yaml`.
public enum ConformanceCheck {
    /// One checked behaviour.
    public struct Step: Sendable, Codable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    /// Runs every step against the plugin described by `manifestFile`.
    /// - Parameters:
    ///   - manifestFile: the plugin's `plugin.yaml`.
    ///   - config: a valid activity config, so the later steps run the plugin's own code rather than its refusal of `{}`.
    ///   - logger: where the host logs (usually silenced).
    public static func run(manifestFile: URL, config: JSONValue? = nil, logger: Logger) async -> [Step] {
        var steps: [Step] = []
        func record(_ name: String, _ passed: Bool, _ detail: String) {
            steps.append(Step(name: name, passed: passed, detail: detail))
        }
        let definition: PluginDefinition
        do {
            definition = try PluginDefinition.load(manifestFile)
            record("plugin.yaml", true, "\(definition.id) \(definition.version), protocol \(definition.protocolVersion)")
        } catch {
            record("plugin.yaml", false, error.description)
            return steps
        }
        record(
            "started by hand", await refusesWithoutCookie(definition),
            "without \(PluginProtocol.cookieName) it must print \"\(PluginProtocol.startedByHandMessage)\" to stderr and exit 1")

        let host = PluginHost(directories: [], logger: logger)
        host.install(definition)
        let id = definition.id
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await host.run() }
            defer { group.cancelAll() }

            let manifest: PluginManifest
            do {
                manifest = try await host.manifest(of: id)
                let chosen = await host.statuses().plugins.first { $0.id == id }?.protocolVersion ?? definition.protocolVersion
                record(
                    "handshake", true,
                    "protocol \(chosen); modes \(manifest.modes.joined(separator: ", ")); \(manifest.metrics.count) metric(s)"
                )
            } catch {
                record("handshake", false, "\(error)")
                await host.stopAll()
                return
            }
            // The hand-written schemas must be schemas (JSON Schema 2020-12), not just any object.
            let schemaProblems =
                JSONSchema(manifest.configSchema).schemaProblems().map { "config_schema\($0)" }
                + JSONSchema(manifest.contributionSchema).schemaProblems().map { "contribution_schema\($0)" }
            let schemaObjects = [manifest.configSchema, manifest.contributionSchema].allSatisfy {
                if case .object = $0 { true } else { false }
            }
            record(
                "manifest schemas", schemaObjects && schemaProblems.isEmpty,
                schemaProblems.isEmpty
                    ? (schemaObjects
                        ? "config_schema and contribution_schema are JSON Schema 2020-12"
                        : "config_schema and contribution_schema must be JSON Schema objects")
                    : schemaProblems.prefix(5).joined(separator: "; "))

            await expectValidation(
                host, id, PluginProtocol.Method.validateActivity,
                ["workspace": .string("conformance"), "activity_id": .string("check"), "config": .object([:])], code: .invalidConfig,
                record: record)
            await expectValidation(
                host, id, PluginProtocol.Method.validateActivity,
                ["workspace": .string("conformance"), "activity_id": .string("check"), "config": .string("not an object")],
                code: .invalidConfig, mustFail: true, record: record)
            var checkConfig: JSONValue = .object([:])
            if let config {
                do {
                    let result = try await host.call(
                        id, PluginProtocol.Method.validateActivity,
                        .object(["workspace": .string("conformance"), "activity_id": .string("check"), "config": config]),
                        timeout: .seconds(10))
                    checkConfig = result["config"] ?? config
                    record(
                        "validate_activity (given config)", result["config"] != nil,
                        "the given config is valid; later steps use its normalised form")
                    // What the plugin normalises to must be what its schema promises.
                    let mismatches = JSONSchema(manifest.configSchema).validate(checkConfig)
                    record(
                        "config matches its schema", mismatches.isEmpty,
                        mismatches.isEmpty
                            ? "the normalised config validates against the manifest's config_schema"
                            : mismatches.prefix(5).map(\.description).joined(separator: "; "))
                } catch {
                    record("validate_activity (given config)", false, "the config given with --config was refused: \(error)")
                }
            }
            await expectValidation(
                host, id, PluginProtocol.Method.validateContribution,
                [
                    "workspace": .string("conformance"), "activity_id": .string("check"), "config": checkConfig,
                    "submission": .object([:]), "channel": .string("online"),
                ], code: .invalidContribution, record: record)

            if manifest.capabilities.validateBatch {
                await checkBatchValidation(host, id, config: checkConfig, record: record)
            }

            do {
                _ = try await host.call(id, "stip/no_such_method", .object([:]), timeout: .seconds(5))
                record("unknown method", false, "an unknown method must be answered with -32601")
            } catch PluginCallError.rpc(let error) {
                record("unknown method", error.code == RPCError.Code.methodNotFound.rawValue, "answered \(error)")
            } catch {
                record("unknown method", false, "\(error)")
            }

            try? await host.writeRaw(id, Array("{this is not json\n".utf8))
            let alive = (try? await host.call(id, PluginProtocol.Method.ping, .object([:]), timeout: .seconds(5))) != nil
            record(
                "malformed line", alive, alive ? "survived a malformed line and still answers" : "stopped answering after a malformed line")

            let concurrent = await withTaskGroup(of: Bool.self) { pings in
                for _ in 0..<16 {
                    pings.addTask { (try? await host.call(id, PluginProtocol.Method.ping, .object([:]), timeout: .seconds(10))) != nil }
                }
                var all = true
                for await ok in pings { all = all && ok }
                return all
            }
            record("concurrent requests", concurrent, "16 requests in flight at once, each answered under its own id")

            _ = try? await host.call(
                id, PluginProtocol.Method.validateActivity,
                .object(["workspace": .string("conformance"), "activity_id": .string("check"), "config": .object([:])]),
                timeout: .milliseconds(1))
            let afterCancel = (try? await host.call(id, PluginProtocol.Method.ping, .object([:]), timeout: .seconds(5))) != nil
            record("$/cancel", afterCancel, afterCancel ? "still answers after a cancelled request" : "stopped answering after $/cancel")

            if manifest.capabilities.publicForm {
                for locale in ["nl", "en"] {
                    do {
                        let result = try await host.call(
                            id, PluginProtocol.Method.publicForm, .object(["config": checkConfig, "locale": .string(locale)]),
                            timeout: .seconds(5))
                        let ok = result["form"]?["fields"].map { if case .array = $0 { true } else { false } } ?? false
                        record("public_form (\(locale))", ok, ok ? "returns form.fields" : "the result must hold form.fields (a list)")
                    } catch PluginCallError.rpc(let error) where error.knownCode == .invalidConfig {
                        record("public_form (\(locale))", true, "refuses an empty config with invalid_config")
                    } catch {
                        record("public_form (\(locale))", false, "\(error)")
                    }
                }
            }
            for format in manifest.capabilities.importFormats {
                do {
                    let result = try await host.call(
                        id, PluginProtocol.Method.importRows,
                        .object(["config": checkConfig, "format": .string(format), "rows": .array([]), "first_row": .int(2)]),
                        timeout: .seconds(5))
                    let ok = result["contributions"] != nil
                    record("import (\(format))", ok, ok ? "answers an empty import" : "the result must hold contributions and errors")
                } catch PluginCallError.rpc(let error) where error.knownCode == .invalidConfig {
                    record("import (\(format))", true, "refuses an empty config with invalid_config")
                } catch {
                    record("import (\(format))", false, "\(error)")
                }
            }

            do {
                let evaluation = JSONValue.string("conformance-1")
                _ = try await host.call(
                    id, PluginProtocol.Method.evaluateBegin,
                    .object([
                        "evaluation_id": evaluation, "config": checkConfig, "state": .null,
                        "period": .object(["from": .null, "to": .string("2027-01-01T00:00:00Z")]),
                    ]), timeout: .seconds(10))
                _ = try await host.call(
                    id, PluginProtocol.Method.evaluateBatch, .object(["evaluation_id": evaluation, "contributions": .array([])]),
                    timeout: .seconds(10))
                let end = try await host.call(
                    id, PluginProtocol.Method.evaluateEnd, .object(["evaluation_id": evaluation]), timeout: .seconds(10))
                let ok = end["metrics"] != nil && end["findings"] != nil
                record(
                    "evaluate", ok,
                    ok ? "evaluate_begin, evaluate_batch, evaluate_end answered" : "evaluate_end must return metrics and findings")
            } catch PluginCallError.rpc(let error) where error.knownCode == .invalidConfig {
                record("evaluate", true, "refuses an empty config with invalid_config")
            } catch {
                record("evaluate", false, "\(error)")
            }

            let clock = ContinuousClock()
            let started = clock.now
            await host.stopAll()
            let took = clock.now - started
            let status = await host.statuses().plugins.first
            let clean = status?.state == .stopped && took < definition.timeouts.shutdownGrace
            record(
                "shutdown", clean,
                clean
                    ? "exited after shutdown + exit in \(took.formatted(.units(allowed: [.seconds, .milliseconds])))"
                    : "did not exit after shutdown + exit within the grace period (took \(took))")
        }
        return steps
    }

    private static func expectValidation(
        _ host: PluginHost, _ id: String, _ method: String, _ params: [String: JSONValue], code: RPCError.Code, mustFail: Bool = false,
        record: (String, Bool, String) -> Void
    ) async {
        let name = "\(method)\(mustFail ? " (bad input)" : "")"
        do {
            _ = try await host.call(id, method, .object(params), timeout: .seconds(10))
            record(name, !mustFail, mustFail ? "accepted input that is not an object" : "answered with a result")
        } catch PluginCallError.rpc(let error) {
            // An empty config may itself be invalid, so invalid_config is a fair answer to any of these.
            let known = error.knownCode == code || error.knownCode == .invalidParams || error.knownCode == .invalidConfig
            let pointered = error.fieldErrors.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") }
            record(
                name, known && pointered,
                known
                    ? "refused with \(error.knownCode!.name)\(error.fieldErrors.isEmpty ? "" : " (\(error.fieldErrors.count) field error(s))")"
                    : "answered \(error); expected \(code.name) with data.errors")
        } catch {
            record(name, false, "\(error)")
        }
    }

    /// `validate_contributions` (capability `validate_batch`): one entry per submission, in order, each a
    /// result or an error object; or the whole request refused because the config cannot be read.
    private static func checkBatchValidation(
        _ host: PluginHost, _ id: String, config: JSONValue, record: (String, Bool, String) -> Void
    ) async {
        let name = PluginProtocol.Method.validateContributions
        let params: JSONValue = .object([
            "workspace": .string("conformance"), "activity_id": .string("check"), "config": config,
            "submissions": .array([.object([:]), .object([:]), .object([:])]), "channel": .string("online"),
        ])
        do {
            let result = try await host.call(id, name, params, timeout: .seconds(10))
            guard case .array(let entries)? = result["results"], entries.count == 3 else {
                record(name, false, "answered without a results array of one entry per submission (3 sent)")
                return
            }
            let wellFormed = entries.allSatisfy { entry in
                guard case .object(let members) = entry, members.count == 1 else { return false }
                if members["result"] != nil { return true }
                return members["error"]?["code"]?.intValue != nil
            }
            record(
                name, wellFormed,
                wellFormed
                    ? "answered 3 entries for 3 submissions, each a result or an error"
                    : "each entry of results must be {\"result\": …} or {\"error\": {\"code\", \"message\"}}")
        } catch PluginCallError.rpc(let error) where error.knownCode == .invalidConfig || error.knownCode == .invalidParams {
            record(name, true, "refused with \(error.knownCode!.name) as a whole (the config cannot be read)")
        } catch {
            record(name, false, "\(error)")
        }
    }

    private static func refusesWithoutCookie(_ definition: PluginDefinition) async -> Bool {
        do {
            let result = try await Subprocess.run(
                .path(FilePath(definition.executable.path)), arguments: Arguments(definition.arguments),
                environment: .custom(["PATH=/usr/local/bin:/usr/bin:/bin"].map { Array($0.utf8) + [0] }),
                workingDirectory: FilePath(definition.directory.path),
                input: .none, output: .discarded, error: .string(limit: 1 << 16))
            guard case .exited(let code) = result.terminationStatus else { return false }
            return code == 1 && result.standardError.contains(PluginProtocol.startedByHandMessage)
        } catch {
            return false
        }
    }
}
