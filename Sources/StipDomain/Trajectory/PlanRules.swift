import StipScheduler
import Foundation
import StipJSON

/// One problem in a plan, at a JSON Pointer into the document (`/phases/1/ends`).
public struct PlanIssue: Sendable, Hashable {
    public var pointer: String
    public var message: String

    public init(_ pointer: String, _ message: String) {
        self.pointer = pointer
        self.message = message
    }
}

/// The rules a plan must follow that its types cannot express. Every problem is reported, not just the first.
public struct PlanRules: Sendable {
    /// Methods installed on this host.
    public var installedMethods: Set<String>
    /// Methods enabled in the plan's workspace.
    public var enabledMethods: Set<String>
    /// Metrics goals may name.
    public var metrics: MetricCatalogue
    /// The CBS code of the plan's workspace, when it has one: every area code must lie inside it.
    public var municipality: CBSMunicipalityCode?

    public init(installedMethods: Set<String>, enabledMethods: Set<String>, metrics: MetricCatalogue) {
        self.installedMethods = installedMethods
        self.enabledMethods = enabledMethods
        self.metrics = metrics
    }

    /// Identifiers inside a plan: lowercase letters, digits and hyphens, like workspace slugs.
    public static func isIdentifier(_ text: String) -> Bool {
        // Bytes, not Characters: this runs for every path the resident pages serve.
        func isLowercaseOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        let bytes = text.utf8
        guard let first = bytes.first, isLowercaseOrDigit(first), bytes.count <= 63 else { return false }
        return bytes.allSatisfy { isLowercaseOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// Every rule broken by `plan`, in document order.
    public func check(_ plan: TrajectoryPlan) -> [PlanIssue] {
        let decoding = plan.allDecodingIssues
        // An unreadable value has been reported as such: what the rules would say about its stand-in is noise.
        let standIns = Set(decoding.compactMap(\.standIn))
        let rules = checkRules(plan, standIns: standIns).filter { !Self.isInside($0.pointer, any: standIns) }
        return decoding.map { PlanIssue($0.pointer, $0.message) } + rules
    }

    /// Whether `pointer` is one of `roots` or lies inside one.
    public static func isInside(_ pointer: String, any roots: Set<String>) -> Bool {
        roots.contains { pointer == $0 || pointer.hasPrefix($0 + "/") }
    }

    private func checkRules(_ plan: TrajectoryPlan, standIns: Set<String>) -> [PlanIssue] {
        var issues: [PlanIssue] = []
        if plan.kind != TrajectoryPlan.kindName {
            issues.append(PlanIssue("/kind", "unknown kind \"\(plan.kind)\"; this document type is kind: Trajectory"))
        }
        if (try? WorkspaceSlug(validating: plan.workspace)) == nil {
            issues.append(PlanIssue("/workspace", "\"\(plan.workspace)\" is not a workspace slug ([a-z0-9][a-z0-9-]{0,62})"))
        }
        checkIdentifier(plan.id, at: "/id", into: &issues)
        for (field, text) in [("title", plan.title), ("why", plan.why), ("result_description", plan.resultDescription)] where text.isBlank {
            issues.append(PlanIssue("/\(field)", "must not be empty (in no language given)"))
        }
        if plan.owner.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { issues.append(PlanIssue("/owner", "must not be empty")) }
        for (index, code) in plan.area.enumerated() where RegionCode(code) == nil {
            issues.append(PlanIssue("/area/\(index)", "\"\(code)\" is not \(RegionCode.expectation)"))
        }
        checkArea(plan.area, into: &issues)
        checkGoals(plan, into: &issues)
        checkUnique(plan.stakeholders.map(\.id), at: "/stakeholders", into: &issues)
        checkTargetGroups(plan, into: &issues)
        checkPhases(plan, standIns: standIns, into: &issues)
        checkActivities(plan, into: &issues)
        if let evaluation = plan.evaluation {
            do {
                _ = try CronExpression(evaluation.schedule)
            } catch {
                issues.append(PlanIssue("/evaluation/schedule", error.description))
            }
        }
        return issues
    }

    private func checkGoals(_ plan: TrajectoryPlan, into issues: inout [PlanIssue]) {
        checkUnique(plan.goals.map(\.id), at: "/goals", into: &issues)
        let groups = Set(plan.targetGroups.map(\.id))
        for (index, goal) in plan.goals.enumerated() {
            if let problem = metrics.problem(with: goal.metric, targetGroups: groups) {
                issues.append(PlanIssue("/goals/\(index)/metric", problem))
            } else if goal.metric.hasPrefix("representation.area."), let code = RegionCode(String(goal.metric.dropFirst(20))),
                let problem = outsideMunicipality(code)
            {
                issues.append(PlanIssue("/goals/\(index)/metric", problem))
            }
            if let problem = TargetExpression.problem(with: goal.target) {
                issues.append(PlanIssue("/goals/\(index)/target", problem))
            } else if let target = TargetExpression(goal.target),
                let problem = metrics.problem(with: target, of: goal.metric, written: goal.target)
            {
                issues.append(PlanIssue("/goals/\(index)/target", problem))
            }
        }
    }

    private func checkTargetGroups(_ plan: TrajectoryPlan, into issues: inout [PlanIssue]) {
        checkUnique(plan.targetGroups.map(\.id), at: "/target_groups", into: &issues)
        for (index, group) in plan.targetGroups.enumerated() {
            let criteria = group.criteria
            if (criteria.ageBand ?? []).isEmpty && (criteria.area ?? []).isEmpty && (criteria.role ?? []).isEmpty {
                issues.append(
                    PlanIssue(
                        "/target_groups/\(index)/criteria", "name at least one of age_band, area or role, each with one or more values"))
            }
            for (position, text) in (criteria.area ?? []).enumerated() {
                let at = "/target_groups/\(index)/criteria/area/\(position)"
                if let code = RegionCode(text) {
                    if let problem = outsideMunicipality(code) { issues.append(PlanIssue(at, problem)) }
                } else {
                    issues.append(PlanIssue(at, "\"\(text)\" is not \(RegionCode.expectation)"))
                }
            }
        }
    }

    private func checkPhases(_ plan: TrajectoryPlan, standIns: Set<String>, into issues: inout [PlanIssue]) {
        if plan.phases.isEmpty { issues.append(PlanIssue("/phases", "a trajectory needs at least one phase")) }
        checkUnique(plan.phases.map(\.id), at: "/phases", into: &issues)
        var previous: TrajectoryPlan.Phase?
        // An unreadable phase's dates are stand-ins: neither it nor its neighbours are compared with them.
        for (index, phase) in plan.phases.enumerated() where !standIns.contains("/phases/\(index)") {
            if phase.ends < phase.starts {
                issues.append(
                    PlanIssue("/phases/\(index)/ends", "phase \(phase.id) ends (\(phase.ends)) before it starts (\(phase.starts))"))
            }
            if let previous, phase.starts <= previous.ends {
                issues.append(
                    PlanIssue(
                        "/phases/\(index)/starts",
                        "phase \(phase.id) starts \(phase.starts), not after phase \(previous.id) ends (\(previous.ends)); "
                            + "phases are listed in order and do not overlap"))
            }
            previous = phase
        }
    }

    private func checkActivities(_ plan: TrajectoryPlan, into issues: inout [PlanIssue]) {
        checkUnique(plan.activities.map(\.id), at: "/activities", into: &issues)
        let phases = Set(plan.phases.map(\.id))
        let groups = Set(plan.targetGroups.map(\.id))
        for (index, activity) in plan.activities.enumerated() {
            let at = "/activities/\(index)"
            if !installedMethods.contains(activity.method) {
                let known = installedMethods.sorted().joined(separator: ", ")
                issues.append(
                    PlanIssue(
                        "\(at)/method",
                        "unknown method \"\(activity.method)\"; installed methods: \(known.isEmpty ? "none" : known) (see `stipctl plugin list`)"
                    ))
            } else if !enabledMethods.contains(activity.method) {
                issues.append(
                    PlanIssue(
                        "\(at)/method",
                        "method \"\(activity.method)\" is not enabled in workspace \(plan.workspace); "
                            + "enable it with `stipctl workspace enable-method \(plan.workspace) \(activity.method)`"))
            }
            if !phases.contains(activity.phase) {
                issues.append(
                    PlanIssue(
                        "\(at)/phase",
                        "unknown phase \"\(activity.phase)\"; the plan's phases are \(plan.phases.map(\.id).joined(separator: ", "))"))
            }
            for (position, group) in activity.targetGroups.enumerated() where !groups.contains(group) {
                issues.append(
                    PlanIssue(
                        "\(at)/target_groups/\(position)",
                        "unknown target group \"\(group)\"; the plan's target groups are \(groups.isEmpty ? "none" : groups.sorted().joined(separator: ", "))"
                    ))
            }
            if activity.access == .targeted && activity.targetGroups.isEmpty {
                issues.append(PlanIssue("\(at)/target_groups", "a targeted activity names the target groups it is aimed at"))
            }
            if case .object = activity.config {
            } else {
                issues.append(PlanIssue("\(at)/config", "config must be a mapping of the method's settings"))
            }
        }
    }

    private func checkIdentifier(_ id: String, at pointer: String, into issues: inout [PlanIssue]) {
        if !Self.isIdentifier(id) {
            issues.append(
                PlanIssue(pointer, "\"\(id)\" is not an id; use lowercase letters, digits and hyphens (at most 63), e.g. kickoff-workshop"))
        }
    }

    private func checkUnique(_ ids: [String], at pointer: String, into issues: inout [PlanIssue]) {
        var seen: [String: Int] = [:]
        for (index, id) in ids.enumerated() {
            checkIdentifier(id, at: "\(pointer)/\(index)/id", into: &issues)
            if let first = seen[id] {
                issues.append(PlanIssue("\(pointer)/\(index)/id", "the id \"\(id)\" is used twice (also at position \(first + 1))"))
            } else {
                seen[id] = index
            }
        }
    }
}
