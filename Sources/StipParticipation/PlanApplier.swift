import Foundation
import Logging
import StipConfig
import StipDomain
import StipPluginHost
import StipPluginProtocol
import StipStorage
import StipJSON
import StipVocabulary

/// Applies trajectory plans (`stipctl apply -f plan.yaml`): decodes every document, checks every rule and
/// every activity config through its method plugin, reports all problems at once with their position in the
/// YAML, and only then writes. Applying the same plan twice changes nothing.
public struct PlanApplier: Sendable {
    let resolver: WorkspaceResolver
    let store: any ParticipationStore
    let plugins: PluginHost
    let logger: Logger

    init(resolver: WorkspaceResolver, store: any ParticipationStore, plugins: PluginHost, logger: Logger) {
        self.resolver = resolver
        self.store = store
        self.plugins = plugins
        self.logger = logger
    }

    /// Options of one apply.
    public struct Options: Sendable {
        public var dryRun: Bool
        public var prune: Bool
        /// Apply a config that no longer accepts some stored contributions of a live activity; the config it
        /// replaces is archived with them.
        public var force: Bool

        public init(dryRun: Bool = false, prune: Bool = false, force: Bool = false) {
            self.dryRun = dryRun
            self.prune = prune
            self.force = force
        }
    }

    /// Applies every document of `text`.
    /// - Throws: ``PlanRejected`` with every problem; nothing is written then.
    func apply(_ text: String, file: String?, options: Options, by actor: AuditActor) async throws -> ApplyReport {
        let documents: [YAMLNode]
        do {
            documents = try YAMLLoader.load(text, file: file).filter { !$0.isEmptyDocument }
        } catch {
            throw PlanRejected(problems: error.problems.map(Self.problem))
        }
        guard !documents.isEmpty else {
            throw PlanRejected(problems: [
                .init(
                    file: file, line: nil, column: nil, path: "", message: "the file holds no document; write a plan with kind: Trajectory")
            ])
        }
        var problems: [PlanRejected.Problem] = []
        var checked: [CheckedPlan] = []
        var seen: Set<String> = []
        for (index, node) in documents.enumerated() {
            // The structure, the rules and the plugins' verdicts on the configs are all reported in one run:
            // a value that cannot be read stands in for itself and does not hide the rest.
            let (decoded, structural) = YAMLDecoder().decodeReporting(TrajectoryPlan.self, from: node, file: file)
            var found = structural.map(Self.problem)
            if let plan = decoded {
                let located = { (issue: PlanIssue) in Self.problem(issue, in: node, file: file) }
                // (Without a workspace or an id, the plan's own problems say so; it is not a duplicate of another.)
                if !plan.workspace.isEmpty, !plan.id.isEmpty, !seen.insert("\(plan.workspace)/\(plan.id)").inserted {
                    found.append(located(PlanIssue("/id", "trajectory \(plan.workspace)/\(plan.id) appears twice in this file")))
                } else {
                    let outcome = await check(plan, options: options)
                    found += outcome.issues.map(located)
                    if found.isEmpty, var result = outcome.checked {
                        result.index = index
                        checked.append(result)
                    }
                }
            }
            // In the order of the file, as a person reads it.
            problems += found.enumerated().sorted { lhs, rhs in
                let (left, right) = (lhs.element, rhs.element)
                return (left.line ?? 0, left.column ?? 0, lhs.offset) < (right.line ?? 0, right.column ?? 0, rhs.offset)
            }.map(\.element)
        }
        guard problems.isEmpty else { throw PlanRejected(problems: problems) }

        var results: [ApplyReport.Result] = []
        var warnings: [PlanRejected.Problem] = []
        var notes: [String] = []
        var writes: [(WorkspaceSlug, TrajectoryWrite, Bool)] = []
        for plan in checked {
            let (planResults, needsWrite) = compare(plan)
            results += planResults
            warnings += plan.warnings.map { Self.problem($0, in: plan.node(documents), file: file) }
            if (plan.stored?.status ?? .draft) == .draft {
                notes.append(Self.draftNote(plan.slug, plan.plan.id))
            }
            writes.append((plan.slug, Self.write(plan, prune: options.prune), needsWrite))
        }
        if !options.dryRun {
            for (slug, write, needsWrite) in writes where needsWrite {
                try await store.saveTrajectory(slug, write, by: actor)
                logger.info("applied trajectory \(slug)/\(write.plan.id)")
            }
        }
        return ApplyReport(dryRun: options.dryRun, results: results, warnings: warnings.map(ApplyReport.Warning.init), notes: notes)
    }

    /// A draft is applied but not public: the consultant should not wait for residents who cannot see it.
    static func draftNote(_ slug: WorkspaceSlug, _ id: String) -> String {
        "trajectory \(slug)/\(id) is a draft: residents see nothing of it until `stipctl trajectory status \(slug)/\(id) active`"
    }

    // MARK: - Checking

    struct CheckedPlan {
        var slug: WorkspaceSlug
        var plan: TrajectoryPlan
        var index: Int
        var normalised: [String: JSONValue]
        var schedules: [String: [ActivitySession]] = [:]
        var stored: StoredTrajectory?
        /// Things that look wrong but may be meant (an activity outside its phase's dates).
        var warnings: [PlanIssue] = []
        /// Configs of live activities being replaced, kept with their contributions.
        var configArchives: [String: ConfigArchive] = [:]

        func node(_ documents: [YAMLNode]) -> YAMLNode { documents[index] }
    }

    /// Everything wrong with one plan, and the plan as it would be written when nothing is.
    private func check(_ plan: TrajectoryPlan, options: Options) async -> (checked: CheckedPlan?, issues: [PlanIssue]) {
        let prune = options.prune
        var issues: [PlanIssue] = []
        guard let slug = try? WorkspaceSlug(validating: plan.workspace) else {
            return (nil, PlanRules(installedMethods: [], enabledMethods: [], metrics: .init()).check(plan))
        }
        let enabled: Set<String>
        let stored: StoredTrajectory?
        let timeZone: TimeZone
        let municipality: CBSMunicipalityCode?
        do {
            let workspace = try await resolver.resolve(slug)
            timeZone = workspace.timeZone
            if workspace.state == .deleted {
                return (nil, [PlanIssue("/workspace", "workspace \(slug) has been deleted")])
            }
            municipality = workspace.workspace.cbsCode
            enabled = workspace.enabledMethods
            stored = try await store.trajectoryIfPresent(slug, plan.id)
        } catch let error as DomainError where error.code == .workspaceNotFound {
            return (nil, [PlanIssue("/workspace", "no workspace \"\(slug)\"; create it with `stipctl workspace create \(slug)` first")])
        } catch {
            return (nil, [PlanIssue("/workspace", "cannot read workspace \(slug): \(error)")])
        }
        let installed = plugins.pluginIDs
        var catalogue = MetricCatalogue()
        for method in enabled.intersection(installed).sorted() {
            do {
                let metrics = try await plugins.manifest(of: method).metrics
                catalogue.methodMetrics[method] = Set(metrics.filter { $0.kind != "distribution" }.map(\.id))
                catalogue.distributions[method] = Set(metrics.filter { $0.kind == "distribution" }.map(\.id))
                catalogue.methodQuantities[method] = Dictionary(
                    metrics.map { ($0.id, MetricCatalogue.Quantity(kind: $0.kind, unit: $0.unit)) }, uniquingKeysWith: { first, _ in first }
                )
            } catch {
                catalogue.unavailableMethods[method] = "plugin \(method) is unavailable (\(error))"
            }
        }
        var rules = PlanRules(installedMethods: installed, enabledMethods: enabled, metrics: catalogue)
        rules.municipality = municipality
        issues += rules.check(plan)
        let unreadable = Set(plan.allDecodingIssues.compactMap(\.standIn))
        if let status = plan.status, let current = stored?.status ?? .some(.draft), status != current {
            issues.append(
                PlanIssue(
                    "/status",
                    "status is \(current.rawValue) and is not set by a plan; use `stipctl trajectory status \(slug)/\(plan.id) \(status.rawValue)` or leave status out"
                ))
        }
        var normalised: [String: JSONValue] = [:]
        var schedules: [String: [ActivitySession]] = [:]
        let area = await trajectoryArea(slug, plan)
        // Each activity that could be read is shown to its plugin, whatever else is wrong with the plan.
        for (index, activity) in plan.activities.enumerated()
        where enabled.contains(activity.method) && installed.contains(activity.method)
            && !PlanRules.isInside("/activities/\(index)", any: unreadable)
        {
            let at = "/activities/\(index)/config"
            do {
                let result = try await plugins.call(
                    activity.method, PluginProtocol.Method.validateActivity,
                    .object([
                        "workspace": .string(slug.rawValue), "activity_id": .string(activity.id), "config": activity.config,
                        "trajectory_area": area,
                    ]))
                let config = result["config"] ?? activity.config
                normalised[activity.id] = config
                switch Self.schedule(result["schedule"]) {
                case .success(let sessions): schedules[activity.id] = sessions
                case .failure(let problem):
                    issues.append(
                        PlanIssue(
                            at,
                            "method \(activity.method) described when and where this activity takes place wrongly (\(problem.message)); report it to the plugin's maker"
                        ))
                }
                for (pointer, message) in HostConfigKeys.problems(
                    written: activity.config, normalised: config, method: activity.method, timeZone: timeZone)
                {
                    issues.append(PlanIssue(at + pointer, message))
                }
            } catch let PluginCallError.rpc(error) where error.knownCode == .invalidConfig {
                let fieldErrors = error.fieldErrors
                if fieldErrors.isEmpty { issues.append(PlanIssue(at, "\(activity.method): \(error.message)")) }
                for field in fieldErrors { issues.append(PlanIssue(at + field.pointer, field.message)) }
            } catch {
                issues.append(
                    PlanIssue(
                        "/activities/\(index)/method",
                        "could not check the config with plugin \(activity.method): \(error); see `stipctl plugin list` and apply again"))
            }
        }
        if let stored, let refusal = Self.removalRefusal(plan, stored: stored, unreadable: unreadable, prune: prune) {
            issues.append(refusal)
        }
        var checked = CheckedPlan(slug: slug, plan: plan, index: 0, normalised: normalised, schedules: schedules, stored: stored)
        checked.warnings = PhaseDates.warnings(plan, configs: normalised, schedules: schedules)
        if area.elements.contains(where: { $0["name"] == nil }) {
            for (index, activity) in plan.activities.enumerated() where Self.offersCodes(normalised[activity.id]) {
                checked.warnings.append(
                    PlanIssue(
                        "/activities/\(index)/config",
                        "activity \(activity.id) asks residents where they live, but the area's buurten and wijken have no names yet, so they would choose a code; import the CBS figures (`stipctl population import \(slug) FILE.csv`) and apply again"
                    ))
            }
        }
        if let stored {
            let live = await liveConfigs(slug, plan, stored: stored, normalised: normalised, force: options.force)
            issues += live.issues
            checked.warnings += live.warnings
            checked.configArchives = live.archives
        }
        return (checked, issues)
    }

    /// Live activities whose config changes: refused when stored contributions would be orphaned (unless
    /// `force`), warned when wording they answered changes; the replaced config is archived with them.
    private func liveConfigs(
        _ slug: WorkspaceSlug, _ plan: TrajectoryPlan, stored: StoredTrajectory, normalised: [String: JSONValue], force: Bool
    ) async -> (issues: [PlanIssue], warnings: [PlanIssue], archives: [String: ConfigArchive]) {
        var issues: [PlanIssue] = []
        var warnings: [PlanIssue] = []
        var archives: [String: ConfigArchive] = [:]
        let guarding = LiveConfigGuard(store: store, plugins: plugins)
        for (index, activity) in plan.activities.enumerated() {
            guard let config = normalised[activity.id], let row = stored.activities.first(where: { $0.id == activity.id }) else {
                continue
            }
            let at = "/activities/\(index)/config"
            let impact: LiveConfigGuard.Impact?
            do {
                impact = try await guarding.impact(slug, row, newConfig: config)
            } catch {
                issues.append(
                    PlanIssue(
                        at,
                        "activity \(activity.id) holds \(row.contributions) contributions and its config changes, but plugin \(activity.method) could not check them against the new config (\(error)); apply again when it is back"
                    ))
                continue
            }
            guard let impact else { continue }
            let answers = "\(impact.contributions) contribution\(impact.contributions == 1 ? "" : "s")"
            if !impact.orphaned.isEmpty && !force {
                let why = impact.reasons.map { "\($0.field.isEmpty ? "" : "\($0.field): ")\($0.message) (\($0.count)×)" }.joined(
                    separator: "; ")
                issues.append(
                    PlanIssue(
                        at,
                        "activity \(activity.id) already holds \(answers); the new config no longer accepts \(impact.orphaned.count) of them (\(why)). "
                            + "Keep what they answered (an option, a question, its type), or apply with --force to keep the current config archived with the contributions made under it"
                    ))
                continue
            }
            archives[activity.id] = ConfigArchive(config: row.config, contributions: impact.contributionIDs, orphaned: impact.orphaned)
            let worded = impact.changedFields.map { Self.dottedPath($0) }.filter { $0.hasSuffix("text") || $0.hasSuffix("label") }
            if !worded.isEmpty {
                warnings.append(
                    PlanIssue(
                        at,
                        "activity \(activity.id) already holds \(answers), given to the old wording of \(worded.joined(separator: ", ")); the old config is archived with them"
                    ))
            }
        }
        return (issues, warnings, archives)
    }

    /// The trajectory's area for the plugins (protocol 1.3 `trajectory_area`): each code of the plan with its name
    /// from the newest CBS figures, when there are any.
    private func trajectoryArea(_ slug: WorkspaceSlug, _ plan: TrajectoryPlan) async -> JSONValue {
        guard !plan.area.isEmpty else { return .array([]) }
        let names = Dictionary(
            ((try? await store.population(slug, year: nil))?.regions ?? []).map { ($0.region, $0.name) }, uniquingKeysWith: { a, _ in a })
        return .array(
            plan.area.map { code in
                var item: [String: JSONValue] = ["code": .string(code)]
                // A CBS export without names repeats the code: that is no name to offer residents.
                if let name = names[code], !name.isEmpty, name != code { item["name"] = .string(name) }
                return .object(item)
            })
    }

    /// Whether a normalised config offers residents areas labelled only by their codes.
    static func offersCodes(_ config: JSONValue?) -> Bool {
        (config?["areas"]?.elements ?? []).contains { area in
            guard let code = area["code"]?.stringValue else { return false }
            return area["label"]?.stringValue == code || area["label"]?["nl"]?.stringValue == code
        }
    }

    /// An activity left out of the plan that holds contributions is refused unless `--prune`, so that no
    /// resident's input disappears by accident.
    static func removalRefusal(_ plan: TrajectoryPlan, stored: StoredTrajectory, unreadable: Set<String>, prune: Bool) -> PlanIssue? {
        guard !prune else { return nil }
        // An activity whose id could not be read may be the one that looks removed.
        guard !plan.activities.contains(where: \.id.isEmpty) else { return nil }
        let planned = Set(plan.activities.map(\.id))
        guard let row = stored.activities.first(where: { !$0.archived && !planned.contains($0.id) && $0.contributions > 0 }) else {
            return nil
        }
        return PlanIssue(
            "/activities",
            "activity \(row.id) was removed from the plan but holds \(row.contributions) contribution\(row.contributions == 1 ? "" : "s"); "
                + "put it back, or apply with --prune to archive it with its contributions (they are kept, not deleted)")
    }

    static func write(_ plan: CheckedPlan, prune: Bool) -> TrajectoryWrite {
        var write = TrajectoryWrite(plan: plan.plan, normalisedConfigs: plan.normalised, prune: prune)
        write.schedules = plan.schedules
        write.configArchives = plan.configArchives
        return write
    }

    /// `validate_activity`'s optional `schedule`: a list of sessions, each readable.
    static func schedule(_ value: JSONValue?) -> Result<[ActivitySession], IssueList.Message> {
        guard let value, value != .null else { return .success([]) }
        guard let sessions = try? value.decode([ActivitySession].self) else {
            return .failure(.init(message: "schedule must be a list of {starts, ends, location}"))
        }
        for (index, session) in sessions.enumerated() {
            if let problem = session.problems.first { return .failure(.init(message: "schedule[\(index)]: \(problem)")) }
        }
        return .success(sessions)
    }

    struct IssueList: Error {
        struct Message: Error {
            var message: String
        }
        var issues: [PlanIssue]
        init(_ issues: [PlanIssue]) { self.issues = issues }
    }

    // MARK: - Comparing with what is stored

    /// The per-object results and whether anything must be written (removals were refused in ``check``).
    private func compare(_ checked: CheckedPlan) -> ([ApplyReport.Result], Bool) {
        let workspace = checked.slug.rawValue
        let id = checked.plan.id
        var plan = checked.plan
        plan.status = nil
        guard var stored = checked.stored else {
            return (
                [ApplyReport.Result(kind: "Trajectory", workspace: workspace, id: id, action: .created, changes: [])]
                    + plan.activities.map {
                        ApplyReport.Result(kind: "Activity", workspace: workspace, id: "\(id)/\($0.id)", action: .created, changes: [])
                    }, true
            )
        }
        stored.plan.status = nil
        let old = (try? JSONValue(encoding: stored.plan)) ?? .null
        let new = (try? JSONValue(encoding: plan)) ?? .null
        let trajectoryChanges = Self.paths(old.changedPointers(to: new)).filter { !$0.hasPrefix("activities") }
        var results = [
            ApplyReport.Result(
                kind: "Trajectory", workspace: workspace, id: id, action: trajectoryChanges.isEmpty ? .unchanged : .updated,
                changes: trajectoryChanges)
        ]
        var anyChange = !trajectoryChanges.isEmpty
        let oldActivities = Dictionary(stored.plan.activities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for activity in plan.activities {
            let storedRow = stored.activities.first { $0.id == activity.id }
            if let previous = oldActivities[activity.id], storedRow?.archived != true {
                var changes = Self.paths(
                    ((try? JSONValue(encoding: previous)) ?? .null).changedPointers(to: (try? JSONValue(encoding: activity)) ?? .null))
                // A plugin upgrade may normalise differently, or report a schedule it did not before: the plan is
                // unchanged, but what is stored changes, and the report says so.
                if changes.isEmpty, let normalised = checked.normalised[activity.id], storedRow?.config != normalised {
                    changes.append("config (as \(activity.method) normalises it now)")
                }
                if let schedule = checked.schedules[activity.id], storedRow?.schedule != schedule {
                    changes.append("schedule (when and where, as \(activity.method) reads the config)")
                }
                if let archive = checked.configArchives[activity.id] {
                    let count = storedRow?.contributions ?? 0
                    changes.append(
                        "previous config archived with the \(count) contribution\(count == 1 ? "" : "s") made under it"
                            + (archive.orphaned.isEmpty ? "" : " (\(archive.orphaned.count) no longer match the new config)"))
                }
                anyChange = anyChange || !changes.isEmpty
                results.append(
                    ApplyReport.Result(
                        kind: "Activity", workspace: workspace, id: "\(id)/\(activity.id)", action: changes.isEmpty ? .unchanged : .updated,
                        changes: changes))
            } else {
                anyChange = true
                results.append(
                    ApplyReport.Result(kind: "Activity", workspace: workspace, id: "\(id)/\(activity.id)", action: .created, changes: []))
            }
        }
        let planned = Set(plan.activities.map(\.id))
        for row in stored.activities where !row.archived && !planned.contains(row.id) {
            anyChange = true
            results.append(
                ApplyReport.Result(
                    kind: "Activity", workspace: workspace, id: "\(id)/\(row.id)", action: row.contributions > 0 ? .archived : .removed,
                    changes: []))
        }
        return (results, anyChange)
    }

    // MARK: - Positions

    static func paths(_ pointers: [String]) -> [String] {
        pointers.map { String($0.dropFirst()) }
    }

    static func problem(_ problem: YAMLProblem) -> PlanRejected.Problem {
        PlanRejected.Problem(
            file: problem.file, line: problem.mark?.line, column: problem.mark?.column, path: problem.path, message: problem.message)
    }

    static func problem(_ issue: PlanIssue, in node: YAMLNode, file: String?) -> PlanRejected.Problem {
        let mark = node.nearestMark(atJSONPointer: issue.pointer)
        return PlanRejected.Problem(
            file: file, line: mark.line, column: mark.column, path: dottedPath(issue.pointer), message: issue.message)
    }

    /// `/activities/2/config/sessions/0/capacity` → `activities[2].config.sessions[0].capacity`.
    static func dottedPath(_ pointer: String) -> String {
        guard let components = YAMLNode.path(fromJSONPointer: pointer) else { return pointer }
        var text = ""
        for component in components {
            if case .key(let key) = component, let index = Int(key) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? component.description : "." + component.description
            }
        }
        return text
    }
}
