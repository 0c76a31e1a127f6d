import Foundation
import StipConfig
import StipDomain
import StipJSON
import StipReports

// Rendering the report of a trajectory with 20 activities and 12 cycles behind it (issue "Reports"), in each
// format and both languages. Baseline, in the same run: encoding the same snapshot as JSON, the least any
// rendering of the same data has to do.
//
// Usage: report-rendering [repetitions]

let repetitions = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200 : 200
let repository = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let planText = try String(contentsOf: repository.appending(path: "etc/examples/plan-voorbeeldstad.yaml"), encoding: .utf8)
var plan = try YAMLDecoder().decode(TrajectoryPlan.self, from: planText)
let template = plan.activities[0]
plan.activities = (1...20).map { index in
    var activity = template
    activity.id = "activity-\(index)"
    return activity
}

let day = Date(timeIntervalSince1970: 1_796_025_600)
var metrics: [String: Estimate] = ["participants.unique": .exact(1200), "contributions.count": .exact(4800)]
var shares: [GroupShare] = []
for (index, band) in ["0-15", "15-25", "25-45", "45-65", "65+"].enumerated() {
    let share = Estimate(value: 0.1 + Double(index) * 0.05, low: 0.08 + Double(index) * 0.05, high: 0.12 + Double(index) * 0.05, n: 1200)
    shares.append(GroupShare(group: "age.\(band)", participants: share, population: 0.2))
    metrics["representation.age.\(band)"] = share.ratio(to: 0.2)
}
var standing = Standing(
    trajectory: plan.id, computedAt: day, populationYear: 2024, metrics: metrics,
    goals: plan.goals.map {
        .init(id: $0.id, metric: $0.metric, target: $0.target, verdict: .undecided, estimate: .exact(100), reason: nil)
    })
standing.shares = shares
var snapshot = CycleSnapshot(
    number: 12, trajectory: plan.id, trigger: .schedule, plannedAt: day, phase: nil, startedAt: day, finishedAt: day,
    planRevision: day, pluginVersions: ["workshop": "1.0.0"], standing: standing, trends: [:],
    activities: plan.activities.map { activity in
        ActivityEvaluation(
            id: activity.id, method: activity.method, evaluated: true, reason: nil, contributions: 240,
            metrics: (1...8).map { .object(["id": .string("metric_\($0)"), "value": .int(Int64($0 * 10))]) })
    },
    findings: (1...15).map { index in
        Finding(
            code: "finding_\(index)", severity: index % 3 == 0 ? .critical : .warning, source: "host", parameters: [:], evidence: "",
            message: LocalizedText(nl: "Bevinding \(index) met wat tekst.", en: "Finding \(index) with some text."),
            recommendation: LocalizedText(nl: "Doe iets aan \(index).", en: "Do something about \(index)."))
    },
    plan: plan)
snapshot.goalHistory = Dictionary(
    uniqueKeysWithValues: plan.goals.map { goal in
        (
            goal.id,
            (1...11).map { GoalPoint(cycle: $0, finishedAt: day.addingTimeInterval(Double($0 - 12) * 604_800), value: Double($0 * 9)) }
        )
    })

func timed(_ body: () throws -> Int) rethrows -> (seconds: Double, bytes: Int) {
    let clock = ContinuousClock()
    let start = clock.now
    var bytes = 0
    for _ in 0..<repetitions { bytes = try body() }
    let elapsed = clock.now - start
    return ((Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(repetitions), bytes)
}

let floor = try timed { try JSONValue(encoding: snapshot).jsonText.utf8.count }
print("report of a trajectory with 20 activities and 12 cycles, \(repetitions) renders each")
print(String(format: "  baseline: the snapshot encoded as JSON      %8.2f ms  %7d bytes", floor.seconds * 1000, floor.bytes))
for format in [ReportOptions.Format.html, .md, .json] {
    for language in ["nl", "en"] {
        let builder = ReportBuilder(
            options: ReportOptions(format: format, language: language, audience: .council), municipality: "Gemeente Voorbeeldstad",
            timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        let run = try timed { try ReportRenderer.render(builder.view(of: snapshot), as: format).count }
        let name = "\(format.rawValue) \(language)".padding(toLength: 7, withPad: " ", startingAt: 0)
        print(
            "  \(name) (view and render)                 "
                + String(format: "%8.2f ms  %7d bytes  = %.1f× the baseline", run.seconds * 1000, run.bytes, run.seconds / floor.seconds))
    }
}
