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
    public var title: String
    /// Why the municipality asks residents ("waarom").
    public var why: String
    public var objectives: [String]
    /// What the trajectory must deliver ("resultaatbeschrijving").
    public var resultDescription: String
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
        kind = try c.decode(String.self, forKey: .kind)
        workspace = try c.decode(String.self, forKey: .workspace)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        why = try c.decode(String.self, forKey: .why)
        objectives = try c.decodeIfPresent([String].self, forKey: .objectives) ?? []
        resultDescription = try c.decode(String.self, forKey: .resultDescription)
        participationLevel = try c.decode(ParticipationLevel.self, forKey: .participationLevel)
        levelRationale = try c.decodeIfPresent(String.self, forKey: .levelRationale)
        decisionMaker = try c.decode(DecisionMaker.self, forKey: .decisionMaker)
        legalBasis = try c.decode(LegalBasis.self, forKey: .legalBasis)
        owner = try c.decode(String.self, forKey: .owner)
        area = try c.decodeIfPresent([String].self, forKey: .area) ?? []
        goals = try c.decodeIfPresent([Goal].self, forKey: .goals) ?? []
        stakeholders = try c.decodeIfPresent([Stakeholder].self, forKey: .stakeholders) ?? []
        targetGroups = try c.decodeIfPresent([TargetGroup].self, forKey: .targetGroups) ?? []
        phases = try c.decode([Phase].self, forKey: .phases)
        activities = try c.decodeIfPresent([Activity].self, forKey: .activities) ?? []
        evaluation = try c.decodeIfPresent(EvaluationPlan.self, forKey: .evaluation)
        status = try c.decodeIfPresent(TrajectoryStatus.self, forKey: .status)
    }

    /// A goal made measurable: a metric from the catalogue and a target.
    public struct Goal: Codable, Sendable, Equatable {
        public var id: String
        public var metric: String
        /// A comparison such as `">= 300"`; see ``TargetExpression``.
        public var target: String
        public var title: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, metric, target, title }
    }

    /// A party with an interest in the outcome ("belanghebbende").
    public struct Stakeholder: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: StakeholderKind?

        enum CodingKeys: String, CodingKey, CaseIterable { case id, name, kind }
    }

    /// A group the trajectory wants to reach, defined over the coarse participant profile.
    public struct TargetGroup: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var criteria: Criteria

        enum CodingKeys: String, CodingKey, CaseIterable { case id, title, criteria }

        /// Who belongs to the group: every listed dimension must match (a dimension lists alternatives).
        public struct Criteria: Codable, Sendable, Equatable {
            public var ageBand: [AgeBand]?
            public var area: [String]?
            public var role: [ParticipantRole]?

            enum CodingKeys: String, CodingKey, CaseIterable {
                case ageBand = "age_band"
                case area, role
            }
        }
    }

    /// A stretch of the trajectory ("fase") with its dates, inclusive.
    public struct Phase: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var starts: LocalDate
        public var ends: LocalDate

        enum CodingKeys: String, CodingKey, CaseIterable { case id, title, starts, ends }
    }

    /// One use of a participation method in a phase.
    public struct Activity: Codable, Sendable, Equatable {
        public var id: String
        public var title: String?
        /// The method plugin's id (`workshop`, `poll`, `neighbourhood-walk`, …).
        public var method: String
        public var phase: String
        public var access: ActivityAccess
        public var targetGroups: [String]
        /// The method's configuration, checked by its plugin.
        public var config: JSONValue

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, title, method, phase, access
            case targetGroups = "target_groups"
            case config
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decodeIfPresent(String.self, forKey: .title)
            method = try c.decode(String.self, forKey: .method)
            phase = try c.decode(String.self, forKey: .phase)
            access = try c.decodeIfPresent(ActivityAccess.self, forKey: .access) ?? .open
            targetGroups = try c.decodeIfPresent([String].self, forKey: .targetGroups) ?? []
            config = try c.decodeIfPresent(JSONValue.self, forKey: .config) ?? .object([:])
        }
    }

    /// When evaluation cycles run; stored as given until the scheduler reads it.
    public struct EvaluationPlan: Codable, Sendable, Equatable {
        /// A five-field cron expression in the workspace's time zone.
        public var schedule: String
        public var catchUp: CatchUpPolicy

        enum CodingKeys: String, CodingKey, CaseIterable {
            case schedule
            case catchUp = "catch_up"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schedule = try c.decode(String.self, forKey: .schedule)
            catchUp = try c.decodeIfPresent(CatchUpPolicy.self, forKey: .catchUp) ?? .latest
        }
    }
}
