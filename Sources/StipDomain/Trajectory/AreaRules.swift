/// The area of a plan against its municipality: CBS codes carry the municipality they lie in (`BU` + the
/// gemeente's 4 digits + wijk + buurt), so a code of another gemeente, or a buurt listed next to its own wijk,
/// is seen from the codes alone.
extension PlanRules {
    /// Why `code` is not in the workspace's municipality, or `nil` (also when either is unknown).
    func outsideMunicipality(_ code: RegionCode) -> String? {
        guard let municipality, let own = RegionCode(municipality.rawValue), !own.contains(code) else { return nil }
        let theirs = "GM" + code.rawValue.dropFirst(2).prefix(4)
        return "\(code) lies in municipality \(theirs), not in \(municipality), this workspace's municipality; "
            + "use codes of \(municipality) (wijk WK\(own.rawValue.dropFirst(2))…, buurt BU\(own.rawValue.dropFirst(2))…)"
    }

    /// A plan's `area`: every code in the municipality, and no region listed together with one inside it, whose
    /// inhabitants would then count twice in the reference population.
    func checkArea(_ codes: [String], into issues: inout [PlanIssue]) {
        let regions = codes.enumerated().compactMap { index, text in RegionCode(text).map { (index, $0) } }
        for (index, code) in regions {
            if let problem = outsideMunicipality(code) {
                issues.append(PlanIssue("/area/\(index)", problem))
            } else if let (_, wider) = regions.first(where: { $0.1 != code && $0.1.kind != code.kind && $0.1.contains(code) }) {
                issues.append(
                    PlanIssue(
                        "/area/\(index)",
                        "\(code) lies in \(wider.kind.rawValue) \(wider), which the area also lists: its inhabitants would count twice; "
                            + "list the \(wider.kind.rawValue) or the regions in it, not both"))
            }
        }
    }
}
