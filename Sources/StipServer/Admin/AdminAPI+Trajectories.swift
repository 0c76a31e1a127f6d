import Foundation
import Hummingbird
import StipConfig
import StipDomain
import StipParticipation
import StipStorage

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
    func registerTrajectoryRoutes(_ r: RouteRegistrar) {
        r.add(.post, "/v1/apply") { request, context in
            let text = try await Self.text(request, limit: self.settings.maxBodyBytes)
            let query = request.uri.queryParameters
            let options = PlanApplier.Options(dryRun: try Self.flag(request, "dry_run"), prune: try Self.flag(request, "prune"))
            do {
                let report = try await self.services().applier.apply(
                    text, file: query.get("file"), options: options, by: Self.caller(context))
                return try JSONBodies.response(report)
            } catch let rejected as PlanRejected {
                throw APIProblem.invalidPlan(rejected)
            } catch let error as StorageError where error.code == .activityHasContributions {
                throw APIProblem(error)
            }
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories") { _, context in
            let slug = try Self.slug(context)
            return try JSONBodies.response(TrajectoryListBody(trajectories: try await self.services().store.trajectories(slug)))
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories/{trajectory}") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "trajectory", what: "trajectory")
            let stored = try await self.services().store.trajectory(slug, id)
            if Self.wantsYAML(request) {
                let yaml = try YAMLEncoder().encode(stored.plan)
                return Self.yamlResponse(
                    "# Trajectory \(slug)/\(id) as applied. `status` is read-only here: change it with `stipctl trajectory status`.\n"
                        + yaml)
            }
            return try JSONBodies.response(stored.plan)
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories/{trajectory}/activities") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(ActivityListBody(activities: try await self.services().store.trajectory(slug, id).activities))
        }
        r.add(.put, "/v1/workspaces/{slug}/trajectories/{trajectory}/status") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "trajectory", what: "trajectory")
            let body = try await Self.decodeObject(StatusBody.self, allowed: StatusBody.fields, request, limit: self.settings.maxBodyBytes)
            let stored = try await self.services().store.setTrajectoryStatus(slug, id, body.status, by: Self.caller(context))
            return try JSONBodies.response(stored.plan)
        }
        r.add(.get, "/v1/workspaces/{slug}/trajectories/{trajectory}/reflections") { _, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "trajectory", what: "trajectory")
            return try JSONBodies.response(
                ReflectionListBody(reflections: try await self.services().store.trajectory(slug, id).reflections))
        }
        r.add(.put, "/v1/workspaces/{slug}/trajectories/{trajectory}/phases/{phase}/reflection") { request, context in
            let slug = try Self.slug(context)
            let id = try Self.identifier(context, "trajectory", what: "trajectory")
            let phase = try Self.identifier(context, "phase", what: "phase")
            let body = try await Self.decodeObject(
                ReflectionBody.self, allowed: ReflectionBody.fields, request, limit: self.settings.maxBodyBytes)
            let reflection = PhaseReflection(phase: phase, wentWell: body.wentWell, toChange: body.toChange, updatedAt: Date())
            let stored = try await self.services().store.setReflection(slug, id, reflection, by: Self.caller(context))
            return try JSONBodies.response(ReflectionListBody(reflections: stored.reflections))
        }
    }
}
