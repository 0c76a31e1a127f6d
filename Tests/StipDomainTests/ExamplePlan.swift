import Foundation
import StipConfig
import StipDomain

/// The example plan and population file in etc/examples, as a consultant and CBS write them.
enum ExampleFiles {
    static let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let planURL = repository.appending(path: "etc/examples/plan-voorbeeldstad.yaml")
    static let populationURL = repository.appending(path: "etc/examples/population-voorbeeldstad.csv")

    static func planText() throws -> String { try String(contentsOf: planURL, encoding: .utf8) }

    static func plan() throws -> TrajectoryPlan {
        try YAMLDecoder().decode(TrajectoryPlan.self, from: try planText(), file: "plan-voorbeeldstad.yaml")
    }

    /// Rules for a workspace where the three methods are installed and enabled.
    static let rules = PlanRules(
        installedMethods: ["workshop", "poll", "neighbourhood-walk"], enabledMethods: ["workshop", "poll", "neighbourhood-walk"],
        metrics: MetricCatalogue(methodMetrics: ["poll": ["responses"]]))
}
