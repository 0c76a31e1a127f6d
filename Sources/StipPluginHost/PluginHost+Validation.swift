import StipDomain
import StipPluginProtocol
public import StipJSON

extension PluginHost {
    /// Validates several submissions to one activity.
    ///
    /// A plugin that offers `validate_contributions` (protocol 1.1, capability `validate_batch`) gets one
    /// request per `max_batch_size` submissions: one message each way instead of one per submission, and the
    /// config is sent and read once. Any other plugin gets one `validate_contribution` per submission, all in
    /// flight at once.
    ///
    /// - Returns: per submission, in order, what `validate_contribution` answered: its result, or the error.
    ///   When the plugin cannot be reached, every submission carries that error.
    public func validateContributions(
        _ pluginID: String, workspace: String, activityID: String, config: JSONValue, channel: String, submissions: [JSONValue]
    ) async -> [Result<JSONValue, PluginCallError>] {
        let common: [String: JSONValue] = [
            "workspace": .string(workspace), "activity_id": .string(activityID), "config": config, "channel": .string(channel),
        ]
        if submissions.isEmpty { return [] }
        if submissions.count == 1 {
            var params = common
            params["submission"] = submissions[0]
            return [await result(pluginID, PluginProtocol.Method.validateContribution, .object(params))]
        }
        let capabilities = (try? await manifest(of: pluginID))?.capabilities
        guard let capabilities, capabilities.validateBatch else {
            return await withTaskGroup(of: (Int, Result<JSONValue, PluginCallError>).self) { group in
                for (index, submission) in submissions.enumerated() {
                    var params = common
                    params["submission"] = submission
                    group.addTask { (index, await self.result(pluginID, PluginProtocol.Method.validateContribution, .object(params))) }
                }
                return Self.ordered(await group.reduce(into: []) { $0.append($1) })
            }
        }
        let size = max(1, capabilities.maxBatchSize ?? 500)
        if submissions.count <= size {
            var params = common
            params["submissions"] = .array(submissions)
            return Self.split(
                await result(pluginID, PluginProtocol.Method.validateContributions, .object(params)), count: submissions.count)
        }
        let chunks = stride(from: 0, to: submissions.count, by: size).map { Array(submissions[$0..<min($0 + size, submissions.count)]) }
        return await withTaskGroup(of: (Int, [Result<JSONValue, PluginCallError>]).self) { group in
            for (index, chunk) in chunks.enumerated() {
                var params = common
                params["submissions"] = .array(chunk)
                group.addTask {
                    let answer = await self.result(pluginID, PluginProtocol.Method.validateContributions, .object(params))
                    return (index, Self.split(answer, count: chunk.count))
                }
            }
            return Self.ordered(await group.reduce(into: []) { $0.append($1) }).flatMap { $0 }
        }
    }

    private func result(_ pluginID: String, _ method: String, _ params: JSONValue) async -> Result<JSONValue, PluginCallError> {
        do {
            return .success(try await call(pluginID, method, params))
        } catch let error as PluginCallError {
            return .failure(error)
        } catch {
            return .failure(.processEnded(plugin: pluginID, reason: "\(error)"))
        }
    }

    /// One `validate_contributions` answer as one result per submission.
    static func split(_ answer: Result<JSONValue, PluginCallError>, count: Int) -> [Result<JSONValue, PluginCallError>] {
        let entries: [JSONValue]
        switch answer {
        case .failure(let error):
            return Array(repeating: .failure(error), count: count)
        case .success(let result):
            guard case .array(let results)? = result["results"], results.count == count else {
                let error = PluginCallError.rpc(
                    RPCError(.internalError, "validate_contributions must answer one entry in results per submission (\(count))"))
                return Array(repeating: .failure(error), count: count)
            }
            entries = results
        }
        return entries.map { entry in
            if let result = entry["result"] { return .success(result) }
            if let error = entry["error"] { return .failure(.rpc(RPCError(errorObject: error))) }
            return .failure(.rpc(RPCError(.internalError, "a validate_contributions entry has neither result nor error")))
        }
    }

    private static func ordered<T>(_ pairs: [(Int, T)]) -> [T] {
        pairs.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
