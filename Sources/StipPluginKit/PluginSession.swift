import Foundation
import StipPluginProtocol
import Synchronization
import StipJSON

/// The protocol state of one plugin process: initialised or not, shut down or not, requests
/// in flight (for `$/cancel`) and open evaluations.
///
/// Quick requests (the handshake, `ping`, `shutdown`, validation, the public form) are answered
/// inline by the stdin reader, in order, without a task or a thread hand-off: the methods of a
/// ``MethodPlugin`` are synchronous and take milliseconds (design 1 of the protocol's §4.4).
/// Imports and evaluations can take long, so they run as tasks that `$/cancel` can reach while
/// the reader goes on reading.
final class PluginSession<P: MethodPlugin>: Sendable {
    let plugin: P
    /// The plugin's manifest, built once: `manifest` is a computed property that may build its schemas from
    /// literals, which cost more than the validation a request asks for.
    let manifest: PluginManifest
    /// The manifest's `config_schema`, which every normalised config is checked against.
    private let configSchema: JSONSchema
    private let state = Mutex(State())
    /// Recently decoded configs, newest first (a few dozen activities at most are busy at once).
    private let decodedConfigs = Mutex<[(json: JSONValue, config: P.Config)]>([])
    /// Normalised configs already held against `config_schema`: checked (and a mismatch logged) once each, not
    /// at every `validate_activity` about the same activity.
    private let checkedConfigs = Mutex<Set<JSONValue>>([])

    private struct State {
        var initialized = false
        var isShutDown = false
        var running: [Int64: Task<Void, Never>] = [:]
        var evaluations: [String: Evaluation] = [:]
        var exports: [String: Export] = [:]
    }

    struct Export {
        var format: String
        var locale: String
        var subject: ExportRequest<P.Config, P.Contribution>.Activity
        var activities: [ExportRequest<P.Config, P.Contribution>.Activity]
        var items: [ExportItem<P.Contribution>] = []
    }

    /// An evaluation between `evaluate_begin` and `evaluate_end`: the plugin's tally of what was streamed so far.
    struct Evaluation {
        var tally: any EvaluationTally<P.Contribution>
    }

    init(plugin: P) {
        self.plugin = plugin
        manifest = plugin.manifest
        configSchema = JSONSchema(manifest.configSchema)
    }

    var isShutDown: Bool { state.withLock { $0.isShutDown } }

    func cancel(_ id: Int64) {
        state.withLock { $0.running[id] }?.cancel()
    }

    /// Methods that may run long enough to need `$/cancel` and must not hold up the reader.
    static func runsAsTask(_ method: String) -> Bool {
        typealias M = PluginProtocol.Method
        return method == M.importRows || method == M.evaluateBegin || method == M.evaluateBatch || method == M.evaluateEnd
            || method == M.exportBegin || method == M.exportBatch || method == M.exportEnd
    }

    /// Handles one request: quick ones are answered into `output` at once; long ones run as a
    /// task that writes its own answer.
    func handle(id: Int64, method: String, params: JSONValue, into output: inout [UInt8]) {
        // Whether the plugin is initialised and not shut down is decided here, in the order the
        // requests were read, also for the ones that then run as tasks.
        guard Self.runsAsTask(method), admissible() == nil else {
            Output.append(answer(id: id, method: method, params: params, cancelled: { false }), to: &output)
            return
        }
        state.withLock { state in
            // Registered under the lock, so the task's own removal below always comes after this.
            state.running[id] = Task {
                let message = self.answer(id: id, method: method, params: params, admitted: true, cancelled: { Task.isCancelled })
                Output.write(message)
                self.state.withLock { _ = $0.running.removeValue(forKey: id) }
            }
        }
    }

    /// Why a request other than `initialize` cannot be served now, if it cannot.
    private func admissible() -> RPCError? {
        let (initialized, isShutDown) = state.withLock { ($0.initialized, $0.isShutDown) }
        guard initialized else { return RPCError(.notInitialized, "send initialize first") }
        guard !isShutDown else { return RPCError(.shuttingDown, "the plugin is shutting down") }
        return nil
    }

    /// Waits for the requests still running as tasks (before `exit`). Each task removes itself
    /// from `running` before it ends, so this loop ends.
    func finishRunning() async {
        while let task = state.withLock({ $0.running.values.first }) {
            await task.value
        }
    }

    private func answer(id: Int64, method: String, params: JSONValue, admitted: Bool = false, cancelled: () -> Bool) -> RPCMessage {
        do {
            let result = try dispatch(method, params, admitted: admitted)
            if cancelled() { return .error(id: id, error: RPCError(.cancelled, "cancelled by the host")) }
            return .result(id: id, result: result)
        } catch let error as RPCError {
            return .error(id: id, error: error)
        } catch is CancellationError {
            return .error(id: id, error: RPCError(.cancelled, "cancelled by the host"))
        } catch {
            FileHandle.standardError.write(Data("internal error in \(method): \(error)\n".utf8))
            return .error(id: id, error: RPCError(.internalError, "\(error)"))
        }
    }

    /// - Parameter admitted: the state was already checked when the request was read.
    private func dispatch(_ method: String, _ params: JSONValue, admitted: Bool) throws -> JSONValue {
        typealias M = PluginProtocol.Method
        if method == M.initialize {
            guard !state.withLock({ $0.initialized }) else { throw RPCError(.invalidRequest, "initialize was already called") }
            let offered = params["protocol_versions"]?.elements.compactMap(\.stringValue) ?? []
            guard let chosen = PluginProtocol.negotiate(offered: offered) else {
                throw RPCError(
                    .unsupportedProtocol,
                    "this plugin speaks protocol \(PluginProtocol.supportedVersions.joined(separator: ", ")); the host offered \(offered.joined(separator: ", "))",
                    data: ["supported": .array(PluginProtocol.supportedVersions.map { .string($0) })])
            }
            var announced = manifest
            // The SDK answers `validate_contributions` for every plugin, from the plugin's own single validation.
            announced.capabilities.validateBatch = PluginProtocol.version(chosen, includes: 1, 1)
            // Exports came with 1.2: a host that chose 1.1 never asks for them.
            if !PluginProtocol.version(chosen, includes: 1, 2) { announced.capabilities.exportFormats = [] }
            let manifest = try JSONValue(encoding: announced)
            state.withLock { $0.initialized = true }
            return .object(["protocol_version": .string(chosen), "manifest": manifest])
        }
        if !admitted, let refusal = admissible() { throw refusal }
        switch method {
        case M.ping:
            return .object([:])
        case M.shutdown:
            state.withLock { $0.isShutDown = true }
            return .object([:])
        case M.validateActivity:
            let config = try decodeConfig(params)
            do {
                let valid = try plugin.validate(config: config, context: ActivityContext(params: params))
                let normalised = try JSONValue(encoding: valid)
                // The types and the hand-written schema must agree; say so in the log when they do not.
                if checkedConfigs.withLock({ $0.count < 256 ? $0.insert(normalised).inserted : !$0.contains(normalised) }) {
                    for problem in configSchema.validate(normalised).prefix(5) {
                        FileHandle.standardError.write(
                            Data("plugin \(manifest.id): the normalised config does not match config_schema at \(problem)\n".utf8))
                    }
                }
                let schedule = plugin.schedule(of: valid)
                guard !schedule.isEmpty else { return .object(["config": normalised]) }
                return .object(["config": normalised, "schedule": try JSONValue(encoding: schedule)])
            } catch let failure as ValidationFailure {
                throw RPCError(
                    .invalidConfig, "the activity config is not valid", data: ["errors": try JSONValue(encoding: failure.errors)])
            }
        case M.validateContribution:
            return try validateContribution(params["submission"] ?? .null, config: try decodeConfig(params))
        case M.validateContributions:
            let config = try decodeConfig(params)
            guard case .array(let submissions)? = params["submissions"] else {
                throw RPCError(.invalidParams, "submissions must be an array of submissions")
            }
            // One answer per submission, in order: what `validate_contribution` would have answered, as
            // `{"result": …}` or `{"error": …}`.
            return .object([
                "results": .array(
                    submissions.map { submission in
                        do {
                            return .object(["result": try validateContribution(submission, config: config)])
                        } catch let error as RPCError {
                            return .object(["error": error.errorObject])
                        } catch {
                            return .object(["error": RPCError(.internalError, "\(error)").errorObject])
                        }
                    })
            ])
        case M.publicForm:
            // A capability not offered is refused before the params are read (protocol §9.1, the order of errors).
            guard manifest.capabilities.publicForm else { throw RPCError(.unsupported, "this method has no public form") }
            let config = try decodeConfig(params)
            return .object(["form": try plugin.publicForm(config: config, locale: params["locale"]?.stringValue ?? "nl")])
        case M.importRows:
            let format = params["format"]?.stringValue ?? ""
            guard manifest.capabilities.importFormats.contains(format) else {
                throw RPCError(.unsupported, "this method imports no \(format.isEmpty ? "format without a name" : format)")
            }
            let config = try decodeConfig(params)
            let outcome = try plugin.importRows(
                params["rows"]?.elements ?? [], format: format,
                firstRow: Int(params["first_row"]?.intValue ?? 1), config: config)
            var result: [String: JSONValue] = [
                "contributions": .array(
                    try outcome.contributions.map {
                        var item: [String: JSONValue] = [
                            "row": .int(Int64($0.row)), "contribution": try JSONValue(encoding: $0.contribution),
                            "themes": .array(plugin.themes(of: $0.contribution).map(JSONValue.string)),
                            "needs_response": .bool(plugin.needsResponse($0.contribution)),
                        ]
                        if let day = plugin.occurredOn($0.contribution, config: config) { item["occurred_on"] = .string(day.description) }
                        if let labels = Self.themeLabels(plugin.themeLabels(of: $0.contribution)) { item["theme_labels"] = labels }
                        return .object(item)
                    }),
                "errors": .array(
                    outcome.errors.map {
                        var error: [String: JSONValue] = [
                            "row": .int(Int64($0.row)), "pointer": .string($0.pointer), "message": .string($0.message),
                        ]
                        if let allowed = outcome.allowed[$0.row]?[$0.pointer] { error["allowed"] = .array(allowed.map(JSONValue.string)) }
                        return .object(error)
                    }),
            ]
            if let known = plugin.importColumns(config: config) {
                result["columns"] = ImportColumns(known: known, rows: params["rows"]?.elements ?? [], format: format).json
            }
            return .object(result)
        case M.evaluateBegin:
            let id = try evaluationID(params)
            let state = params["state"].flatMap { $0 == .null ? nil : $0 }
            let evaluation = Evaluation(tally: try plugin.tally(config: try decodeConfig(params), state: state))
            self.state.withLock { $0.evaluations[id] = evaluation }
            return .object([:])
        case M.evaluateBatch:
            let id = try evaluationID(params)
            // The host sends the parts of one evaluation one at a time, so taking it out and putting it back cannot
            // lose another batch. Taken *out* (not copied): a tally that gathers items would otherwise share them
            // with the one left in the table, and every append would copy all items so far (n² for n items).
            guard var evaluation = state.withLock({ $0.evaluations.removeValue(forKey: id) }) else {
                throw RPCError(.unknownEvaluation, "no evaluation \(id) was begun")
            }
            for item in params["contributions"]?.elements ?? [] {
                guard let contribution = try? (item["contribution"] ?? .null).decode(P.Contribution.self) else { continue }
                var evaluationItem = EvaluationItem(
                    id: item["id"]?.stringValue ?? "", contribution: contribution, createdAt: item["created_at"]?.stringValue,
                    channel: item["channel"]?.stringValue, participant: item["participant"],
                    themes: item["themes"]?.elements.compactMap(\.stringValue) ?? [], responded: item["responded"] == .bool(true))
                evaluationItem.occurredOn = item["occurred_on"]?.stringValue.flatMap(LocalDate.init)
                try evaluation.tally.add(evaluationItem)
            }
            let updated = evaluation
            state.withLock { $0.evaluations[id] = updated }
            return .object([:])
        case M.evaluateEnd:
            let id = try evaluationID(params)
            guard let evaluation = state.withLock({ $0.evaluations.removeValue(forKey: id) }) else {
                throw RPCError(.unknownEvaluation, "no evaluation \(id) was begun")
            }
            let outcome = try evaluation.tally.outcome()
            return .object(["metrics": .array(outcome.metrics), "findings": .array(outcome.findings), "state": outcome.state ?? .null])
        case M.exportBegin:
            let format = params["format"]?.stringValue ?? ""
            guard manifest.capabilities.exportFormats.contains(where: { $0.id == format }) else {
                throw RPCError(.unsupported, "this method exports no \(format)")
            }
            let id = try exportID(params)
            let subject = try exportActivity(params["subject"] ?? .null)
            let activities = try (params["activities"]?.elements ?? []).map(exportActivity)
            let export = Export(
                format: format, locale: params["locale"]?.stringValue ?? "nl", subject: subject,
                activities: activities.isEmpty ? [subject] : activities)
            state.withLock { $0.exports[id] = export }
            return .object([:])
        case M.exportBatch:
            let id = try exportID(params)
            // As for evaluations: the host sends the parts of one export one at a time.
            guard var export = state.withLock({ $0.exports.removeValue(forKey: id) }) else {
                throw RPCError(.unknownExport, "no export \(id) was begun")
            }
            for item in params["contributions"]?.elements ?? [] {
                guard let contribution = try? (item["contribution"] ?? .null).decode(P.Contribution.self) else { continue }
                export.items.append(
                    ExportItem(
                        id: item["id"]?.stringValue ?? "", activityID: item["activity_id"]?.stringValue ?? export.subject.id,
                        contribution: contribution, createdAt: item["created_at"]?.stringValue, channel: item["channel"]?.stringValue,
                        themes: item["themes"]?.elements.compactMap(\.stringValue) ?? [], responded: item["responded"] == .bool(true)))
                export.items[export.items.count - 1].occurredOn = item["occurred_on"]?.stringValue.flatMap(LocalDate.init)
            }
            let updated = export
            state.withLock { $0.exports[id] = updated }
            return .object([:])
        case M.exportEnd:
            let id = try exportID(params)
            guard let export = state.withLock({ $0.exports.removeValue(forKey: id) }) else {
                throw RPCError(.unknownExport, "no export \(id) was begun")
            }
            let text = try plugin.export(
                ExportRequest(
                    format: export.format, locale: export.locale, subject: export.subject, activities: export.activities,
                    contributions: export.items))
            return .object(["text": .string(text)])
        default:
            throw RPCError(.methodNotFound, "unknown method \(method)")
        }
    }

    private func exportID(_ params: JSONValue) throws -> String {
        guard let id = params["export_id"]?.stringValue else { throw RPCError(.invalidParams, "export_id is required") }
        return id
    }

    /// `{"activity_id": …, "config": {…}}` with the config decoded.
    private func exportActivity(_ value: JSONValue) throws -> ExportRequest<P.Config, P.Contribution>.Activity {
        guard let id = value["activity_id"]?.stringValue else { throw RPCError(.invalidParams, "an activity needs activity_id and config") }
        return .init(id: id, config: try decodeConfig(value))
    }

    /// `validate_contribution`'s result for one submission.
    /// - Throws: `invalid_contribution` with field errors.
    private func validateContribution(_ raw: JSONValue, config: P.Config) throws -> JSONValue {
        let submission: P.Contribution
        do {
            submission = try raw.decode(P.Contribution.self)
        } catch {
            throw RPCError(
                .invalidContribution, "the submission is not valid", data: ["errors": try JSONValue(encoding: [Self.fieldError(error)])])
        }
        do {
            let normalised = try plugin.validate(contribution: submission, config: config)
            var result: [String: JSONValue] = [
                "contribution": try JSONValue(encoding: normalised),
                "themes": .array(plugin.themes(of: normalised).map(JSONValue.string)),
                "needs_response": .bool(plugin.needsResponse(normalised)),
            ]
            if let day = plugin.occurredOn(normalised, config: config) { result["occurred_on"] = .string(day.description) }
            if let labels = Self.themeLabels(plugin.themeLabels(of: normalised)) { result["theme_labels"] = labels }
            return .object(result)
        } catch let failure as ValidationFailure {
            throw RPCError(.invalidContribution, "the submission is not valid", data: ["errors": try JSONValue(encoding: failure.errors)])
        }
    }

    /// `theme_labels` as sent: `{"safety": {"nl": "Veiligheid", "en": "Safety"}}`, or nothing when there are none.
    private static func themeLabels(_ labels: [String: PluginManifest.LocalizedText]) -> JSONValue? {
        labels.isEmpty ? nil : .object(labels.mapValues { .object(["nl": .string($0.nl), "en": .string($0.en)]) })
    }

    private func evaluationID(_ params: JSONValue) throws -> String {
        guard let id = params["evaluation_id"]?.stringValue else { throw RPCError(.invalidParams, "evaluation_id is required") }
        return id
    }

    private func decodeConfig(_ params: JSONValue) throws -> P.Config {
        guard let config = params["config"], case .object = config else {
            throw RPCError(.invalidParams, "config must be a JSON object")
        }
        // An activity's config arrives with every request about it; decoding it once per distinct config
        // keeps a busy poll from reading the same questions thousands of times.
        if let cached = decodedConfigs.withLock({ $0.first { $0.json == config }?.config }) { return cached }
        do {
            let decoded = try config.decode(P.Config.self)
            decodedConfigs.withLock { entries in
                entries.insert((config, decoded), at: 0)
                if entries.count > 32 { entries.removeLast() }
            }
            return decoded
        } catch {
            throw RPCError(
                .invalidConfig, "the activity config is not valid", data: ["errors": try JSONValue(encoding: [Self.fieldError(error)])])
        }
    }

    /// A Codable failure as a field error with a JSON Pointer.
    static func fieldError(_ error: any Error) -> FieldError {
        func pointer(_ path: [any CodingKey]) -> String {
            JSONPointer(tokens: path.map { $0.intValue.map(String.init) ?? $0.stringValue }).description
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return FieldError(pointer: pointer(context.codingPath + [key]), message: "is required")
        case DecodingError.typeMismatch(let type, let context):
            return FieldError(pointer: pointer(context.codingPath), message: "has the wrong type (expected \(type))")
        case DecodingError.valueNotFound(let type, let context):
            return FieldError(pointer: pointer(context.codingPath), message: "must not be null (expected \(type))")
        case DecodingError.dataCorrupted(let context):
            return FieldError(pointer: pointer(context.codingPath), message: context.debugDescription)
        default:
            return FieldError(pointer: "", message: "\(error)")
        }
    }
}
