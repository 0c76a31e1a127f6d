public import StipJSON
public import StipVocabulary
/// A trajectory's plan of approach ("plan van aanpak") as a consultant writes it in YAML (`kind: Trajectory`).
///
/// This is the document `stipctl apply` takes and `stipctl get trajectory -o yaml` gives back; the stored
/// form is exactly this value, so a document read back applies again without change. Lists that a plan
/// leaves out decode as empty lists.
public struct TrajectoryPlan: Codable, Sendable, Equatable {
    /// The only kind this document type accepts.
    public static let kindName = "Trajectory"

    public var kind: String
    /// The workspace (municipality) slug the trajectory belongs to.
    public var workspace: String
    public var id: String
    /// What residents read: Dutch, or `{nl, en}`.
    public var title: PlanText
    /// Why the municipality asks residents ("waarom").
    public var why: PlanText
    public var objectives: [PlanText]
    /// What the trajectory must deliver ("resultaatbeschrijving").
    public var resultDescription: PlanText
    public var participationLevel: ParticipationLevel
    public var levelRationale: String?
    public var decisionMaker: DecisionMaker
    public var legalBasis: LegalBasis
    /// The team or person responsible.
    public var owner: String
    /// CBS codes of the area concerned.
    public var area: [String]
    public var goals: [Goal]
    public var stakeholders: [Stakeholder]
    public var targetGroups: [TargetGroup]
    public var phases: [Phase]
    public var activities: [Activity]
    public var evaluation: EvaluationPlan?
    /// Read-only in a plan: `get` shows it, `apply` refuses to change it (use `stipctl trajectory status`).
    public var status: TrajectoryStatus?
    /// Values that could not be read (an unknown enum value), reported with the plan's other problems.
    public var decodingIssues: [DecodingIssue] = []

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, workspace, id, title, why, objectives
        case resultDescription = "result_description"
        case participationLevel = "participation_level"
        case levelRationale = "level_rationale"
        case decisionMaker = "decision_maker"
        case legalBasis = "legal_basis"
        case owner, area, goals, stakeholders
        case targetGroups = "target_groups"
        case phases, activities, evaluation, status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Missing keys are recorded rather than thrown, so one run of `apply` reports them with every other problem.
        var issues: [DecodingIssue] = []
        kind = try c.required(.kind, issues: &issues)
        workspace = try c.required(.workspace, issues: &issues)
        id = try c.required(.id, issues: &issues)
        title = try c.required(.title, issues: &issues)
        why = try c.required(.why, issues: &issues)
        objectives = try c.recovering([PlanText].self, forKey: .objectives, issues: &issues) ?? []
        resultDescription = try c.required(.resultDescription, issues: &issues)
        participationLevel = try c.requiredLenient(
            ParticipationLevel.self, forKey: .participationLevel, fallback: .consult, issues: &issues)
        levelRationale = try c.recovering(String.self, forKey: .levelRationale, issues: &issues)
        decisionMaker = try c.requiredLenient(DecisionMaker.self, forKey: .decisionMaker, fallback: .council, issues: &issues)
        legalBasis = try c.requiredLenient(LegalBasis.self, forKey: .legalBasis, fallback: .voluntary, issues: &issues)
        owner = try c.required(.owner, issues: &issues)
        area = try c.recovering([String].self, forKey: .area, issues: &issues) ?? []
        goals = try c.recoveringList(Goal.self, forKey: .goals, issues: &issues) ?? []
        stakeholders = try c.recoveringList(Stakeholder.self, forKey: .stakeholders, issues: &issues) ?? []
        targetGroups = try c.recoveringList(TargetGroup.self, forKey: .targetGroups, issues: &issues) ?? []
        phases = try c.requiredList(Phase.self, forKey: .phases, issues: &issues)
        activities = try c.recoveringList(Activity.self, forKey: .activities, issues: &issues) ?? []
        evaluation = try c.recovering(EvaluationPlan.self, forKey: .evaluation, issues: &issues)
        status = try c.lenientIfPresent(TrajectoryStatus.self, forKey: .status, issues: &issues)
        decodingIssues = issues
    }

    /// Everything that could not be read, in this plan and its parts.
    public var allDecodingIssues: [DecodingIssue] {
        decodingIssues + stakeholders.flatMap(\.decodingIssues) + targetGroups.flatMap(\.criteria.decodingIssues)
            + activities.flatMap(\.decodingIssues) + (evaluation?.decodingIssues ?? [])
    }

    public static func == (lhs: TrajectoryPlan, rhs: TrajectoryPlan) -> Bool {
        (try? JSONValue(encoding: lhs)) == (try? JSONValue(encoding: rhs))
    }

    /// A goal made measurable: a metric from the catalogue and a target.
    public struct Goal: Codable, Sendable, Equatable, PlanElement {
        public var id: String
        public var metric: String
        /// A comparison such as `">= 300"`; see ``TargetExpression``.
        public var target: String
        public var title: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, metric, target, title }

        static func standIn(id: String) -> Self { Goal(id: id, metric: "", target: "") }
    }

    /// A party with an interest in the outcome ("belanghebbende").
    public struct Stakeholder: Codable, Sendable, Equatable, PlanElement {
        public var id: String
        public var name: String
        public var kind: StakeholderKind?
        var decodingIssues: [DecodingIssue] = []

        enum CodingKeys: String, CodingKey, CaseIterable { case id, name, kind }

        init(id: String, name: String, kind: StakeholderKind?) {
            self.id = id
            self.name = name
            self.kind = kind
        }

        static func standIn(id: String) -> Self { Stakeholder(id: id, name: "", kind: nil) }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.required(.id, issues: &decodingIssues)
            name = try c.required(.name, issues: &decodingIssues)
            kind = try c.lenientIfPresent(StakeholderKind.self, forKey: .kind, issues: &decodingIssues)
        }

        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id && lhs.name == rhs.name && lhs.kind == rhs.kind }
    }

    /// A group the trajectory wants to reach, defined over the coarse participant profile.
    public struct TargetGroup: Codable, Sendable, Equatable, PlanElement {
        public var id: String
        public var title: String
        public var criteria: Criteria

        enum CodingKeys: String, CodingKey, CaseIterable { case id, title, criteria }

        static func standIn(id: String) -> Self { TargetGroup(id: id, title: "", criteria: Criteria()) }

        /// Who belongs to the group: every listed dimension must match (a dimension lists alternatives).
        public struct Criteria: Codable, Sendable, Equatable {
            public var ageBand: [AgeBand]?
            public var area: [String]?
            public var role: [ParticipantRole]?
            var decodingIssues: [DecodingIssue] = []

            enum CodingKeys: String, CodingKey, CaseIterable {
                case ageBand = "age_band"
                case area, role
            }

            init() {}

            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                ageBand = try c.lenientList(AgeBand.self, forKey: .ageBand, issues: &decodingIssues)
                area = try c.recovering([String].self, forKey: .area, issues: &decodingIssues)
                role = try c.lenientList(ParticipantRole.self, forKey: .role, issues: &decodingIssues)
            }

            public static func == (lhs: Self, rhs: Self) -> Bool {
                lhs.ageBand == rhs.ageBand && lhs.area == rhs.area && lhs.role == rhs.role
            }
        }
    }

    /// A stretch of the trajectory ("fase") with its dates, inclusive.
    public struct Phase: Codable, Sendable, Equatable, PlanElement {
        public var id: String
        public var title: PlanText
        public var starts: LocalDate
        public var ends: LocalDate

        enum CodingKeys: String, CodingKey, CaseIterable { case id, title, starts, ends }

        /// Its dates are never compared: the rules skip a stand-in.
        static func standIn(id: String) -> Self {
            let day = LocalDate("1970-01-01")!
            return Phase(id: id, title: PlanText(nl: ""), starts: day, ends: day)
        }
    }

    /// One use of a participation method in a phase.
    public struct Activity: Codable, Sendable, Equatable, PlanElement {
        public var id: String
        public var title: PlanText?
        /// The method plugin's id, as its plugin.yaml names it.
        public var method: String
        public var phase: String
        public var access: ActivityAccess
        public var targetGroups: [String]
        /// The method's configuration, checked by its plugin.
        public var config: JSONValue
        var decodingIssues: [DecodingIssue] = []

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, method, phase, access
            case targetGroups = "target_groups"
            case config
        }

        init(id: String, method: String, phase: String) {
            self.id = id
            self.method = method
            self.phase = phase
            access = .open
            targetGroups = []
            config = .object([:])
        }

        static func standIn(id: String) -> Self { Activity(id: id, method: "", phase: "") }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.required(.id, issues: &decodingIssues)
            title = try c.recovering(PlanText.self, forKey: .title, issues: &decodingIssues)
            method = try c.required(.method, issues: &decodingIssues)
            phase = try c.required(.phase, issues: &decodingIssues)
            access = try c.lenient(ActivityAccess.self, forKey: .access, fallback: .open, issues: &decodingIssues)
            targetGroups = try c.recovering([String].self, forKey: .targetGroups, issues: &decodingIssues) ?? []
            config = try c.decodeIfPresent(JSONValue.self, forKey: .config) ?? .object([:])
        }

        public static func == (lhs: Self, rhs: Self) -> Bool { (try? JSONValue(encoding: lhs)) == (try? JSONValue(encoding: rhs)) }
    }

    /// When evaluation cycles run; stored as given until the scheduler reads it.
    public struct EvaluationPlan: Codable, Sendable, Equatable {
        /// A five-field cron expression in the workspace's time zone.
        public var schedule: String
        public var catchUp: CatchUpPolicy
        var decodingIssues: [DecodingIssue] = []

        enum CodingKeys: String, CodingKey, CaseIterable {
            case schedule
            case catchUp = "catch_up"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schedule = try c.required(.schedule, issues: &decodingIssues)
            catchUp = try c.lenient(CatchUpPolicy.self, forKey: .catchUp, fallback: .latest, issues: &decodingIssues)
        }

        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.schedule == rhs.schedule && lhs.catchUp == rhs.catchUp }
    }
}
