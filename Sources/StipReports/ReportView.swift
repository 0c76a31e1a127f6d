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
        /// Distinct participants the activity reached (with a participant record), when the cycle kept it.
        public var participants: Int?
        public var results: [Figure]
    }

    /// A named figure: a host metric, or one of a method's own.
    public struct Figure: Codable, Sendable, Equatable {
        public var name: String
        public var value: String
    }

    /// One group's representation: the participants' share (with its interval) beside the population's, their
    /// ratio, and the geometry of the group's two bars in the chart (pixels; the widest share fills 300).
    public struct Representation: Codable, Sendable, Equatable {
        public var group: String
        public var participantsShare: String
        public var populationShare: String
        public var ratio: String
        public var interval: String
        public var n: Int?
        /// `below`, `within` or `above` proportional (by the whole interval).
        public var position: String
        public var chart: Bars

        public struct Bars: Codable, Sendable, Equatable {
            public var y: Int
            public var participants: Int
            public var low: Int
            public var high: Int
            public var population: Int
            public var populationY: Int
            public var textY: Int
            public var whiskerY: Int

            enum CodingKeys: String, CodingKey {
                case y, participants, low, high, population
                case populationY = "population_y"
                case textY = "text_y"
                case whiskerY = "whisker_y"
            }
        }

        enum CodingKeys: String, CodingKey {
            case group, ratio, interval, n, position, chart
            case participantsShare = "participants_share"
            case populationShare = "population_share"
        }
    }

    /// A goal's figure across cycles, this one last, as a table and as a line (`points`, SVG coordinates).
    public struct Trend: Codable, Sendable, Equatable {
        public struct Point: Codable, Sendable, Equatable {
            public var cycle: Int
            public var date: String
            public var value: String
        }

        public var goal: String
        public var points: [Point]
        /// The polyline's points, "x,y x,y …", in a 300 × 80 box; empty with fewer than two figures.
        public var line: String
    }

    /// What was done with the input: received, answered, how fast, and the report-backs sent.
    public struct Feedback: Codable, Sendable, Equatable {
        public struct ReportBack: Codable, Sendable, Equatable {
            public var sentOn: String
            public var channel: String
            public var recipients: Int
            public var summary: String

            enum CodingKeys: String, CodingKey {
                case channel, recipients, summary
                case sentOn = "sent_on"
            }
        }

        /// The decision that stands per theme, with its explanation.
        public struct Decision: Codable, Sendable, Equatable {
            public var theme: String
            public var status: String
            public var reason: String
            public var decidedOn: String

            enum CodingKeys: String, CodingKey {
                case theme, status, reason
                case decidedOn = "decided_on"
            }
        }

        public var figures: [Figure]
        public var reportBacks: [ReportBack]
        public var decisions: [Decision]
        /// How many contributions and themes stand at each status.
        public var byStatus: [Figure]

        enum CodingKeys: String, CodingKey {
            case figures, decisions
            case reportBacks = "report_backs"
            case byStatus = "by_status"
        }
    }

    /// A phase's reflection: what went well, what to change.
    public struct Reflection: Codable, Sendable, Equatable {
        public var phase: String
        public var wentWell: String
        public var toChange: String

        enum CodingKeys: String, CodingKey {
            case phase
            case wentWell = "went_well"
            case toChange = "to_change"
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
    public var trends: [Trend]
    public var feedback: Feedback?
    public var reflections: [Reflection]
    public var findings: [Finding]
    /// The workspace's house style for templates: its logo as a `data:` URI and its accent colour. Not part of the
    /// JSON report.
    public var brand = Brand()

    /// What a workspace's own template may use of its branding.
    public struct Brand: Sendable, Equatable {
        public var logo: String?
        public var accent: String?

        public init(logo: String? = nil, accent: String? = nil) {
            self.logo = logo
            self.accent = accent
        }
    }

    enum CodingKeys: String, CodingKey {
        case language, audience, municipality, trajectory, title, cycle, trigger, labels, goals, context, phases, activities, reach,
            representation, findings, trends, feedback, reflections
        case cycleDate = "cycle_date"
        case planRevision = "plan_revision"
        case populationYear = "population_year"
        case keyFindings = "key_findings"
        case chartHeight = "chart_height"
    }
}
