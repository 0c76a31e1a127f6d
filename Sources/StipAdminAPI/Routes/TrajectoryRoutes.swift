import Foundation
import Hummingbird
import StipDomain
import StipHTTP
import StipParticipation

// MARK: - Trajectories: apply, read back, status and reflections

struct TrajectoryListBody: Encodable {
    var trajectories: [TrajectorySummary]
}

struct ActivityListBody: Encodable {
    var activities: [StoredActivity]
}

struct ReflectionListBody: Encodable {
    var reflections: [PhaseReflection]
}

struct StatusBody: Decodable {
    static let fields: Set<String> = ["status"]
    var status: TrajectoryStatus
}

struct ReflectionBody: Decodable {
    static let fields: Set<String> = ["went_well", "to_change"]
    var wentWell: String
    var toChange: String

    enum CodingKeys: String, CodingKey {
        case wentWell = "went_well"
        case toChange = "to_change"
    }
}

extension AdminAPI {
    /// Plans name their own workspace, so `apply` is outside the workspace group.
    func registerApplyRoute(_ r: NodeRoutes) {
        r.add(.post, "/v1/apply") { request, context in
            let text = try await RequestReading.text(request, limit: self.settings.maxBodyBytes)
            let options = PlanApplier.Options(
                dryRun: try RequestReading.flag(request, "dry_run"), prune: try RequestReading.flag(request, "prune"),
                force: try RequestReading.flag(request, "force"))
            let report = try await self.participation.trajectories.apply(
                text, file: request.uri.queryParameters.get("file"), options: options, by: context.caller)
            return try JSONBodies.response(report)
        }
    }

    func registerTrajectoryRoutes(_ r: WorkspaceRoutes) {
        let trajectories = participation.trajectories
        r.add(.get, "/trajectories") { _, context in
            try JSONBodies.response(TrajectoryListBody(trajectories: try await trajectories.list(context.workspace)))
        }
        r.add(.get, "/trajectories/{trajectory}") { request, context in
            let id = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            if RequestReading.wantsYAML(request) {
                return RequestReading.yamlResponse(try await trajectories.planYAML(context.workspace, id))
            }
            return try JSONBodies.response(try await trajectories.get(context.workspace, id).plan)
        }
        r.add(.get, "/trajectories/{trajectory}/activities") { _, context in
            let id = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(ActivityListBody(activities: try await trajectories.get(context.workspace, id).activities))
        }
        r.add(.put, "/trajectories/{trajectory}/status") { request, context in
            let id = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let body = try await JSONBodies.decodeObject(
                StatusBody.self, allowed: StatusBody.fields, request, limit: self.settings.maxBodyBytes)
            return try JSONBodies.response(try await trajectories.setStatus(context.workspace, id, body.status, by: context.caller).plan)
        }
        r.add(.get, "/trajectories/{trajectory}/reflections") { _, context in
            let id = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(ReflectionListBody(reflections: try await trajectories.get(context.workspace, id).reflections))
        }
        r.add(.put, "/trajectories/{trajectory}/phases/{phase}/reflection") { request, context in
            let id = try RequestReading.identifier(context, "trajectory", what: "trajectory")
            let phase = try RequestReading.identifier(context, "phase", what: "phase")
            let body = try await JSONBodies.decodeObject(
                ReflectionBody.self, allowed: ReflectionBody.fields, request, limit: self.settings.maxBodyBytes)
            let stored = try await trajectories.reflect(
                context.workspace, id, phase: phase, wentWell: body.wentWell, toChange: body.toChange, by: context.caller)
            return try JSONBodies.response(ReflectionListBody(reflections: stored.reflections))
        }
    }
}
