import Foundation

/// Representation (docs/metrics.md): the participants' share in a group divided by the population's share in the
/// trajectory's area, with the participants' Wilson interval carried to the ratio.
struct Representation {
    let plan: TrajectoryPlan
    let figures: TrajectoryFigures
    let population: PopulationTable?

    /// The regions of the trajectory's area in the population figures.
    private var areaRegions: [PopulationFigures] {
        guard let population else { return [] }
        let codes = Set(plan.area)
        return population.regions.filter { codes.contains($0.region) }
    }

    func age(_ band: String) -> Estimate? { ageShare(band)?.ratio }

    func area(_ text: String) -> Estimate? { areaShare(text)?.ratio }

    /// The participants' share in an age band beside the population's.
    func ageShare(_ band: String) -> GroupShare? {
        // Regions whose age figures CBS suppressed are left out of both sides of the population's share.
        let regions = areaRegions.filter { region in AgeBandName.all.allSatisfy { region.count(band: $0) != nil } }
        let inBand = regions.reduce(0) { $0 + ($1.count(band: band) ?? 0) }
        let known = regions.reduce(0) { total, region in total + AgeBandName.all.reduce(0) { $0 + (region.count(band: $1) ?? 0) } }
        guard known > 0 else { return nil }
        let participantsKnown = figures.profiles.filter { $0.ageBand != nil }.reduce(0) { $0 + $1.participants }
        let participantsInBand = figures.profiles.filter { $0.ageBand == band }.reduce(0) { $0 + $1.participants }
        return Estimate.share(participantsInBand, of: participantsKnown).map {
            GroupShare(group: "age.\(band)", participants: $0, population: Double(inBand) / Double(known))
        }
    }

    /// The participants' share in a buurt or wijk beside the population's.
    func areaShare(_ text: String) -> GroupShare? {
        guard let code = RegionCode(text), let population else { return nil }
        let regions = areaRegions.filter { $0.inhabitants != nil }
        let total = regions.reduce(0) { $0 + $1.inhabitants! }
        // The region itself when its figures are there (a buurt of a wijk in the area), else the area's regions in it.
        let inCode =
            population.regions.first { $0.region == text }?.inhabitants
            ?? regions.filter { RegionCode($0.region).map { code == $0 || code.contains($0) } ?? false }.reduce(0) { $0 + $1.inhabitants! }
        guard total > 0, inCode > 0 else { return nil }
        let known = figures.profiles.filter { $0.area != nil }.reduce(0) { $0 + $1.participants }
        let inside = figures.profiles.filter { profile in
            guard let area = profile.area.flatMap(RegionCode.init) else { return false }
            return area == code || code.contains(area)
        }.reduce(0) { $0 + $1.participants }
        return Estimate.share(inside, of: known).map {
            GroupShare(group: "area.\(text)", participants: $0, population: Double(inCode) / Double(total))
        }
    }
}

extension PopulationFigures {
    /// Inhabitants in an age band, `nil` when CBS suppressed the figure or the file had no such column.
    func count(band: String) -> Int? {
        ageBands[band] ?? nil
    }
}
