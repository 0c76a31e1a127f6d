/// What `apply` did (or would do, with `dry_run`) per object.
public struct ApplyReport: Sendable, Codable {
    public enum Action: String, Sendable, Codable {
        case created, updated, unchanged
        /// An activity left out of the plan that had no contributions.
        case removed
        /// An activity left out of the plan, kept with its contributions (`--prune`).
        case archived
    }

    /// One object: a trajectory or one of its activities.
    public struct Result: Sendable, Codable {
        public var kind: String
        public var workspace: String
        /// `trajectory` or `trajectory/activity`.
        public var id: String
        public var action: Action
        /// Changed fields as paths; list items are named by their id (`phases/explore/ends`).
        public var changes: [String]
    }

    /// Something in the plan that looks wrong but may be meant (an activity outside its phase's dates); the plan
    /// is applied all the same. Positioned like a problem.
    public struct Warning: Sendable, Codable, Equatable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The field path, e.g. `activities[2].config.opens`.
        public var field: String
        public var message: String

        init(_ problem: PlanRejected.Problem) {
            file = problem.file
            line = problem.line
            column = problem.column
            field = problem.path
            message = problem.message
        }
    }

    public var dryRun: Bool
    public var results: [Result]
    public var warnings: [Warning]
    /// What the consultant should know next, in words (a draft is not public yet).
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case results, warnings, notes
    }
}

/// A plan that cannot be applied, with every problem positioned in the YAML.
public struct PlanRejected: Error, Sendable, CustomStringConvertible {
    /// One problem: where (file, line, column, path) and what.
    public struct Problem: Sendable, Codable, Equatable {
        public var file: String?
        public var line: Int?
        public var column: Int?
        /// The field path, e.g. `activities[2].config.sessions[0].capacity`.
        public var path: String
        public var message: String
    }

    public var problems: [Problem]

    public var description: String {
        problems.map { problem in
            let position = [problem.file, problem.line.map(String.init), problem.column.map(String.init)].compactMap { $0 }.joined(
                separator: ":")
            return (position.isEmpty ? "" : position + ": ") + (problem.path.isEmpty ? "" : problem.path + ": ") + problem.message
        }.joined(separator: "\n")
    }
}
