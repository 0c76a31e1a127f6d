import Foundation
import StipVocabulary
public import StipDomain

/// One document per municipality across its trajectories (`stipctl report W --overview`): for the annual
/// participation report a participatieverordening asks for. Each trajectory as its latest finished cycle saw it.
public struct MunicipalityReportView: Codable, Sendable, Equatable {
    public struct Trajectory: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var period: String
        public var level: String
        /// "Cycle 3, 2026-12-01", or that there is no evaluation yet.
        public var evaluated: String
        public var goals: [ReportView.Goal]
        public var reach: [ReportView.Figure]
        public var keyFindings: [ReportView.Finding]

        enum CodingKeys: String, CodingKey {
            case id, title, status, period, level, evaluated, goals, reach
            case keyFindings = "key_findings"
        }
    }

    public var language: String
    public var audience: String
    public var municipality: String
    public var heading: String
    public var intro: String
    public var labels: ReportLabels
    public var trajectories: [Trajectory]
    /// Participants and contributions over all trajectories' latest cycles (a resident in two trajectories counts
    /// twice: each trajectory counts its own).
    public var totals: [ReportView.Figure]
}

extension ReportBuilder {
    /// The municipality's report: every trajectory, as of its latest finished cycle (`nil`: not evaluated yet).
    public func municipality(_ trajectories: [(summary: TrajectorySummary, plan: TrajectoryPlan, latest: CycleSnapshot?)])
        -> MunicipalityReportView
    {
        let rows = trajectories.map { item -> MunicipalityReportView.Trajectory in
            let plan = item.latest?.plan ?? item.plan
            let starts = plan.phases.map(\.starts).min()?.description ?? ""
            let ends = plan.phases.map(\.ends).max()?.description ?? ""
            let view = item.latest.map { self.view(of: $0) }
            return MunicipalityReportView.Trajectory(
                id: item.summary.id, title: plan.title.text(language), status: status(item.summary.status), period: "\(starts) – \(ends)",
                level: level(plan.participationLevel),
                evaluated: view.map { "\($0.labels.cycle) \($0.cycle), \($0.cycleDate)" }
                    ?? (english ? "not evaluated yet" : "nog niet geëvalueerd"),
                goals: view?.goals ?? [], reach: view?.reach ?? [], keyFindings: view?.keyFindings ?? [])
        }
        let participants = trajectories.compactMap { $0.latest?.standing.metrics["participants.unique"]?.value }.reduce(0, +)
        let contributions = trajectories.compactMap { $0.latest?.standing.metrics["contributions.count"]?.value }.reduce(0, +)
        return MunicipalityReportView(
            language: language, audience: options.audience.rawValue, municipality: municipality,
            heading: english ? "Participation in \(municipality)" : "Participatie in \(municipality)",
            intro: english
                ? "Every participation trajectory of the municipality, each as its latest evaluation cycle measured it."
                : "Alle participatietrajecten van de gemeente, elk zoals de laatste evaluatiecyclus het mat.",
            labels: ReportLabels.of(language), trajectories: rows,
            totals: [
                .init(name: english ? "trajectories" : "trajecten", value: String(trajectories.count)),
                .init(
                    name: english ? "participants (per trajectory, added up)" : "deelnemers (per traject, opgeteld)",
                    value: number(participants, decimals: 0)),
                .init(name: english ? "contributions" : "bijdragen", value: number(contributions, decimals: 0)),
            ])
    }

    func status(_ status: TrajectoryStatus) -> String {
        switch status {
        case .draft: english ? "draft" : "concept"
        case .active: english ? "running" : "loopt"
        case .closed: english ? "closed" : "afgesloten"
        }
    }
}
