/// A report as its templates read it and as `--format json` writes it (docs/report.schema.json): every figure
/// taken from one cycle's snapshot, every text already in the report's language.
public struct ReportView: Codable, Sendable, Equatable {
    public struct Goal: Codable, Sendable, Equatable {
        public var id: String
        public var metric: String
        public var target: String
        public var value: String
        public var interval: String
        public var verdict: String
        /// `met`, `not_met`, `undecided`, `not_measurable`: for styling and scripts.
        public var verdictCode: String
        public var trend: String

        enum CodingKeys: String, CodingKey {
            case id, metric, target, value, interval, verdict, trend
            case verdictCode = "verdict_code"
        }
    }

    public struct Finding: Codable, Sendable, Equatable {
        public var code: String
        public var severity: String
        public var message: String
        public var recommendation: String?
    }

    public struct Context: Codable, Sendable, Equatable {
        public var why: String
        public var objectives: [String]
        public var result: String
        public var level: String
        public var levelRationale: String?
        public var decisionMaker: String
        public var legalBasis: String
        /// Internal: absent for the `public` audience.
        public var owner: String?

        enum CodingKeys: String, CodingKey {
            case why, objectives, result, level, owner
            case levelRationale = "level_rationale"
            case decisionMaker = "decision_maker"
            case legalBasis = "legal_basis"
        }
    }

    public struct Phase: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var starts: String
        public var ends: String
    }

    public struct Activity: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var method: String
        public var phase: String
        public var access: String
        public var evaluated: Bool
        public var reason: String?
        public var results: [Figure]
    }

    /// A named figure: a host metric, or one of a method's own.
    public struct Figure: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// One group's representation, with the geometry of its bar in the chart (in a 0–2 scale, 1.0 proportional).
    public struct Representation: Codable, Sendable, Equatable {
        public var group: String
        public var ratio: String
        public var interval: String
        public var n: Int?
        /// `below`, `within` or `above` proportional (by the whole interval).
        public var position: String
        public var chart: Bar

        public struct Bar: Codable, Sendable, Equatable {
            public var y: Int
            public var width: Int
            public var low: Int
            public var high: Int
            public var textY: Int

            enum CodingKeys: String, CodingKey {
                case y, width, low, high
                case textY = "text_y"
            }
        }
    }

    public var language: String
    public var audience: String
    public var municipality: String
    public var trajectory: String
    public var title: String
    public var cycle: Int
    public var cycleDate: String
    public var trigger: String
    public var planRevision: String
    public var populationYear: Int?
    public var labels: ReportLabels
    public var goals: [Goal]
    public var keyFindings: [Finding]
    public var context: Context?
    public var phases: [Phase]
    public var activities: [Activity]
    public var reach: [Figure]
    public var representation: [Representation]
    /// The chart's height in pixels, with room for every bar.
    public var chartHeight: Int
    public var findings: [Finding]

    enum CodingKeys: String, CodingKey {
        case language, audience, municipality, trajectory, title, cycle, trigger, labels, goals, context, phases, activities, reach,
            representation, findings
        case cycleDate = "cycle_date"
        case planRevision = "plan_revision"
        case populationYear = "population_year"
        case keyFindings = "key_findings"
        case chartHeight = "chart_height"
    }
}
