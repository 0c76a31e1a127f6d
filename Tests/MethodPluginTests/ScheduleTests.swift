import NeighbourhoodWalkMethod
import PollMethod
import StipPluginKit
import Testing
import WorkshopMethod

/// What each method tells the host about when and where its activity takes place (protocol §8.2, `schedule`).
@Suite("the methods' schedules")
struct ScheduleTests {
    @Test("a workshop reports each session with its end and place; a walk its day and meeting point; a poll nothing")
    func schedules() throws {
        let workshop = Workshop()
        let sessions = workshop.schedule(
            of: try workshop.validate(config: try json(PlanFixtures.workshop).decode(Workshop.Config.self)))
        #expect(sessions == [ActivitySession(starts: "2027-01-20T19:30:00", ends: "2027-01-20T21:30:00", location: "Wijkcentrum De Plint")])
        #expect(sessions.allSatisfy { $0.problems.isEmpty })

        let walk = NeighbourhoodWalk()
        let day = walk.schedule(of: try walk.validate(config: try json(PlanFixtures.walk).decode(NeighbourhoodWalk.Config.self)))
        #expect(day == [ActivitySession(starts: "2027-01-27", location: "Fietsenstalling noordzijde")])

        let poll = Poll()
        #expect(poll.schedule(of: try poll.validate(config: try json(PlanFixtures.poll).decode(Poll.Config.self))).isEmpty)
    }

    @Test("a session reads its own problems: not a date, an end before its start")
    func problems() {
        #expect(!ActivitySession(starts: "next tuesday").problems.isEmpty)
        #expect(ActivitySession(starts: "2027-01-20T21:30", ends: "2027-01-20T19:30").problems.first?.contains("before") == true)
        #expect(ActivitySession(starts: "2027-01-20T25:00").problems.count == 1)
        #expect(ActivitySession(starts: "2027-01-20", ends: "2027-01-21", location: "Plein").problems.isEmpty)
    }
}
