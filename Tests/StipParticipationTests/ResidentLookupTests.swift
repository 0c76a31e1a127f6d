import Foundation
import StipDomain
@testable import StipParticipation
import Testing

/// The resident pages cache what exists, never what does not: a client asking for made-up ids cannot make the
/// cache (and the memory of the process) grow.
@Suite("lookups of the resident pages")
struct ResidentLookupTests {
    @Test(
        "5 000 unknown trajectory ids leave nothing in the cache; the one that exists is cached once (the benchmark hostile-load asks for 100 000 and measures memory)"
    )
    func unknownIdsAreNotCached() async throws {
        let fixture = try await ParticipationFixture()
        let workspace = try await fixture.resolved()
        _ = try await fixture.participation.trajectories.setStatus(workspace, fixture.plan.id, .active, by: ParticipationFixture.admin)
        let residents = fixture.participation.residents
        let current = try await fixture.resolved()
        for index in 0..<5_000 {
            let found = try await residents.trajectory(current, "onbekend-\(index)")
            if found != nil { Issue.record("onbekend-\(index) was found") }
        }
        #expect(residents.lookups.cachedTrajectoryCount(fixture.slug) == 0)
        #expect(try await residents.trajectory(current, fixture.plan.id) != nil)
        #expect(residents.lookups.cachedTrajectoryCount(fixture.slug) == 1)
    }
}
