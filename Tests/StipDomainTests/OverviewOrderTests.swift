import Foundation
import StipDomain
import Testing

/// The overview's order: what needs attention first.
@Suite("overview order")
struct OverviewOrderTests {
    func row(_ name: String, failing: [String] = [], critical: Int = 0, overdue: Int = 0, notMet: Int = 0, age: Int? = 1)
        -> OverviewRow
    {
        var goals = OverviewRow.GoalCounts()
        goals.notMet = notMet
        var findings = OverviewRow.FindingCounts()
        findings.critical = critical
        return OverviewRow(
            workspace: name, workspaceName: name, workspaceState: .active, trajectory: "t", title: "T", status: .active, currentPhase: nil,
            lastCycle: age.map { .init(number: 1, finishedAt: Date(), ageDays: $0) }, goals: goals, findings: findings,
            overdueContributions: overdue, nextRun: nil, failingPlugins: failing)
    }

    @Test("failing plugins, then critical findings, overdue contributions, goals not met; then the longest unevaluated; then by name")
    func order() {
        let rows = [
            row("b-calm"), row("a-calm"), row("never", age: nil), row("stale", age: 30), row("notmet", notMet: 1),
            row("overdue", overdue: 3),
            row("critical", critical: 1), row("failing", failing: ["poll"]),
        ]
        #expect(
            rows.sorted(by: OverviewRow.needsAttentionFirst).map(\.workspace) == [
                "failing", "critical", "overdue", "notmet", "never", "stale", "a-calm", "b-calm",
            ])
    }
}
