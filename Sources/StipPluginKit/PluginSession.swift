import Foundation
import StipDomain
import StipPluginProtocol

/// The protocol state of one plugin process: initialised or not, shut down or not, requests
/// in flight (for `$/cancel`) and open evaluations.
actor PluginSession<P: MethodPlugin> {
    let plugin: P
    private var initialized = false
    private(set) var isShutDown = false
    private var running: [Int64: Task<Void, Never>] = [:]
    private var evaluations: [String: Evaluation] = [:]

    struct Evaluation {
        var config: P.Config
        var state: JSONValue?
        var items: [EvaluationItem<P.Contribution>] = []
    }

    init(plugin: P) {
        self.plugin = plugin
    }

    func cancel(_ id: Int64) {
        running[id]?.cancel()
    }

    func handle(id: Int64, method: String, params: JSONValue) async {
        // Cheap requests are answered inline; only work that can take a while runs as its own
        // task, so that `$/cancel` can reach it.
        if method == PluginProtocol.Method.ping || method == PluginProtocol.Method.initialize || method == PluginProtocol.Method.shutdown {
            await answer(id: id, method: method, params: params)
            return
        }
        let task = Task { await self.answer(id: id, method: method, params: params) }
        running[id] = task
        await task.value
        running[id] = nil
    }

    private func answer(id: Int64, method: String, params: JSONValue) async {
        do {
            let result = try await dispatch(method, params)
            if Task.isCancelled {
                Output.write(.error(id: id, error: RPCError(.cancelled, "cancelled by the host")))
            } else {
                Output.write(.result(id: id, result: result))
            }
        } catch let error as RPCError {
            Output.write(.error(id: id, error: error))
        } catch is CancellationError {
            Output.write(.error(id: id, error: RPCError(.cancelled, "cancelled by the host")))
        } catch {
            FileHandle.standardError.write(Data("internal error in \(method): \(error)\n".utf8))
            Output.write(.error(id: id, error: RPCError(.internalError, "\(error)")))
        }
    }

    private func dispatch(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        typealias M = PluginProtocol.Method
        if method == M.initialize {
            guard !initialized else { throw RPCError(.invalidRequest, "initialize was already called") }
            let offered = params["protocol_versions"]?.elements.compactMap(\.stringValue) ?? []
            guard let chosen = PluginProtocol.negotiate(offered: offered) else {
                throw RPCError(
                    .unsupportedProtocol,
                    "this plugin speaks protocol \(PluginProtocol.supportedVersions.joined(separator: ", ")); the host offered \(offered.joined(separator: ", "))",
                    data: ["supported": .array(PluginProtocol.supportedVersions.map { .string($0) })])
            }
            initialized = true
            return .object(["protocol_version": .string(chosen), "manifest": try JSONValue(encoding: plugin.manifest)])
        }
        guard initialized else { throw RPCError(.notInitialized, "send initialize first") }
        guard !isShutDown else { throw RPCError(.shuttingDown, "the plugin is shutting down") }
        switch method {
        case M.ping:
            return .object([:])
        case M.shutdown:
            isShutDown = true
            return .object([:])
        case M.validateActivity:
            let config = try decodeConfig(params)
            do {
                return .object(["config": try JSONValue(encoding: plugin.validate(config: config))])
            } catch let failure as ValidationFailure {
                throw RPCError(
                    .invalidConfig, "the activity config is not valid", data: ["errors": try JSONValue(encoding: failure.errors)])
            }
        case M.validateContribution:
            let config = try decodeConfig(params)
            let submission: P.Contribution
            do {
                submission = try (params["submission"] ?? .null).decode(P.Contribution.self)
            } catch {
                throw RPCError(
                    .invalidContribution, "the submission is not valid", data: ["errors": try JSONValue(encoding: [Self.fieldError(error)])]
                )
            }
            do {
                let normalised = try plugin.validate(contribution: submission, config: config)
                return .object([
                    "contribution": try JSONValue(encoding: normalised),
                    "themes": .array(plugin.themes(of: normalised).map(JSONValue.string)),
                ])
            } catch let failure as ValidationFailure {
                throw RPCError(
                    .invalidContribution, "the submission is not valid", data: ["errors": try JSONValue(encoding: failure.errors)])
            }
        case M.publicForm:
            let config = try decodeConfig(params)
            return .object(["form": try plugin.publicForm(config: config, locale: params["locale"]?.stringValue ?? "nl")])
        case M.importRows:
            let config = try decodeConfig(params)
            let outcome = try plugin.importRows(
                params["rows"]?.elements ?? [], format: params["format"]?.stringValue ?? "",
                firstRow: Int(params["first_row"]?.intValue ?? 1), config: config)
            return .object([
                "contributions": .array(
                    try outcome.contributions.map {
                        .object([
                            "row": .int(Int64($0.row)), "contribution": try JSONValue(encoding: $0.contribution),
                            "themes": .array(plugin.themes(of: $0.contribution).map(JSONValue.string)),
                        ])
                    }),
                "errors": .array(
                    outcome.errors.map {
                        .object(["row": .int(Int64($0.row)), "pointer": .string($0.pointer), "message": .string($0.message)])
                    }),
            ])
        case M.evaluateBegin:
            let id = try evaluationID(params)
            evaluations[id] = Evaluation(config: try decodeConfig(params), state: params["state"].flatMap { $0 == .null ? nil : $0 })
            return .object([:])
        case M.evaluateBatch:
            let id = try evaluationID(params)
            guard var evaluation = evaluations[id] else { throw RPCError(.unknownEvaluation, "no evaluation \(id) was begun") }
            for item in params["contributions"]?.elements ?? [] {
                guard let contribution = try? (item["contribution"] ?? .null).decode(P.Contribution.self) else { continue }
                evaluation.items.append(
                    EvaluationItem(
                        id: item["id"]?.stringValue ?? "", contribution: contribution, createdAt: item["created_at"]?.stringValue,
                        channel: item["channel"]?.stringValue, participant: item["participant"],
                        themes: item["themes"]?.elements.compactMap(\.stringValue) ?? [], responded: item["responded"] == .bool(true)))
            }
            evaluations[id] = evaluation
            return .object([:])
        case M.evaluateEnd:
            let id = try evaluationID(params)
            guard let evaluation = evaluations.removeValue(forKey: id) else {
                throw RPCError(.unknownEvaluation, "no evaluation \(id) was begun")
            }
            let outcome = try plugin.evaluate(evaluation.items, config: evaluation.config, state: evaluation.state)
            return .object(["metrics": .array(outcome.metrics), "findings": .array(outcome.findings), "state": outcome.state ?? .null])
        default:
            throw RPCError(.methodNotFound, "unknown method \(method)")
        }
    }

    private func evaluationID(_ params: JSONValue) throws -> String {
        guard let id = params["evaluation_id"]?.stringValue else { throw RPCError(.invalidParams, "evaluation_id is required") }
        return id
    }

    private func decodeConfig(_ params: JSONValue) throws -> P.Config {
        guard let config = params["config"], case .object = config else {
            throw RPCError(.invalidParams, "config must be a JSON object")
        }
        do {
            return try config.decode(P.Config.self)
        } catch {
            throw RPCError(
                .invalidConfig, "the activity config is not valid", data: ["errors": try JSONValue(encoding: [Self.fieldError(error)])])
        }
    }

    /// A Codable failure as a field error with a JSON Pointer.
    static func fieldError(_ error: any Error) -> FieldError {
        func pointer(_ path: [any CodingKey]) -> String {
            path.map {
                "/"
                    + ($0.intValue.map(String.init)
                        ?? $0.stringValue.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1"))
            }.joined()
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
