import StipDomain
import Foundation
import StipJSON
import StipVocabulary
import StipPluginHost
import StipPluginProtocol
import StipStorage

/// Documents a method writes from an activity's contributions (capability `export_formats`): the host streams
/// the contributions to the plugin (`export_begin`, `export_batch`, `export_end`) and hands on what it wrote.
/// The host knows no format itself; a walk's CSV for the reporting desk and its GeoJSON live in its plugin.
struct ContributionExport: Sendable {
    let store: any ParticipationStore
    let plugins: PluginHost

    /// Writes `format` for the activity.
    /// - Throws: `unsupported_format` (listing the formats the method offers), plugin failures.
    func run(_ workspace: ResolvedWorkspace, trajectory: String?, activity id: String, format: String) async throws -> ExportedDocument {
        let subject = try await store.activity(workspace.slug, trajectory: trajectory, id: id)
        let manifest = try await plugins.manifest(of: subject.method)
        guard let offered = manifest.capabilities.exportFormats.first(where: { $0.id == format }) else {
            let formats = manifest.capabilities.exportFormats.map(\.id)
            throw DomainError(
                .unsupportedFormat,
                formats.isEmpty
                    ? "method \(subject.method) exports nothing; list the contributions with `stipctl contributions list` instead"
                    : "method \(subject.method) exports \(formats.joined(separator: ", ")), not \"\(format)\"")
        }
        var activities = [subject]
        if offered.scope == .trajectory {
            let stored = try await store.trajectory(workspace.slug, subject.trajectory)
            activities = stored.activities.filter { $0.method == subject.method && !$0.archived }
        }
        let plugin = try plugins.pinned(subject.method)
        let exportID = "x-" + UUID().uuidString.lowercased()
        func describe(_ activity: StoredActivity) -> JSONValue {
            .object(["activity_id": .string(activity.id), "config": activity.config])
        }
        _ = try await plugin.call(
            PluginProtocol.Method.exportBegin,
            .object([
                "export_id": .string(exportID), "format": .string(format), "locale": .string(workspace.locale.rawValue),
                "subject": describe(subject), "activities": .array(activities.map(describe)),
            ]))
        let batchSize = max(1, manifest.capabilities.maxBatchSize ?? 500)
        for activity in activities {
            let contributions = try await store.contributions(
                workspace.slug, ContributionFilter(trajectory: activity.trajectory, activity: activity.id, state: .accepted, limit: .max))
            for start in stride(from: 0, to: contributions.count, by: batchSize) {
                let batch = contributions[start..<min(start + batchSize, contributions.count)].map { contribution -> JSONValue in
                    // What the document needs, never who contributed: exports go to desks and GIS.
                    var item: [String: JSONValue] = [
                        "id": .string(contribution.id), "activity_id": .string(contribution.activity),
                        "created_at": .string(contribution.createdAt.formatted(.iso8601)),
                        "channel": .string(contribution.channel.rawValue),
                        "contribution": contribution.payload, "themes": .array(contribution.themes.map(JSONValue.string)),
                        "responded": .bool(contribution.response?.status.isAnswer == true),
                    ]
                    // Protocol 1.3: the day it was made, apart from the moment it was entered.
                    if let day = contribution.occurredOn { item["occurred_on"] = .string(day.description) }
                    return .object(item)
                }
                _ = try await plugin.call(
                    PluginProtocol.Method.exportBatch, .object(["export_id": .string(exportID), "contributions": .array(batch)]))
            }
        }
        let result = try await plugin.call(PluginProtocol.Method.exportEnd, .object(["export_id": .string(exportID)]))
        guard let text = result["text"]?.stringValue else {
            throw PluginCallError.rpc(RPCError(.internalError, "export_end answered without text"))
        }
        return ExportedDocument(
            mediaType: offered.mediaType, fileName: "\(workspace.slug)-\(subject.id)-\(format).\(offered.fileExtension)", text: text)
    }
}

/// A document a method plugin wrote.
public struct ExportedDocument: Sendable {
    /// Its media type, as the plugin declared it.
    public var mediaType: String
    /// A download name: `workspace-activity-format.extension`.
    public var fileName: String
    public var text: String
}
