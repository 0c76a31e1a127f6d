import Foundation
import StipJSON
@testable import StipParticipation
import Testing

@Suite("when an online activity takes responses")
struct ActivityWindowTests {
    let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!

    func moment(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    @Test("a date alone in closes keeps the form open through the whole of that day, as a phase's end date")
    func dateOnlyClosesAtTheEndOfTheDay() {
        let window = ActivityWindow(
            config: .object(["opens": .string("2027-03-01"), "closes": .string("2027-03-21")]), timeZone: amsterdam)
        #expect(window.position(at: moment("2027-02-28T22:59:59Z")) == .notYetOpen)  // 23:59:59 local, the day before
        #expect(window.position(at: moment("2027-02-28T23:00:00Z")) == .open)  // 00:00 local on 1 March
        #expect(window.position(at: moment("2027-03-21T22:59:30Z")) == .open)  // 23:59:30 local on 21 March
        #expect(window.position(at: moment("2027-03-21T23:00:00Z")) == .closed)  // midnight local
    }

    @Test("a time in closes keeps the form open through that minute")
    func closesWithTime() {
        let window = ActivityWindow(config: .object(["closes": .string("2027-03-21T17:00")]), timeZone: amsterdam)
        #expect(window.position(at: moment("2027-03-21T16:00:59Z")) == .open)
        #expect(window.position(at: moment("2027-03-21T16:01:00Z")) == .closed)
    }
}
