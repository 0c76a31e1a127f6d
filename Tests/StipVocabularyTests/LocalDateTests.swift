import Foundation
import StipJSON
import StipVocabulary
import Testing

@Suite("LocalDate: the calendar dates plans and residents write")
struct LocalDateTests {
    @Test("YYYY-MM-DD is read into year, month and day, and written back the same")
    func parsesAndPrints() throws {
        let date = try #require(LocalDate("2027-01-10"))
        #expect(date.year == 2027 && date.month == 1 && date.day == 10)
        #expect(date.description == "2027-01-10")
        #expect(LocalDate("0999-12-31")?.description == "0999-12-31")
    }

    @Test(
        "text that is not a date, or names a day that does not exist, is refused",
        arguments: [
            "2027-02-31", "2027-02-29", "2027-04-31", "2027-13-01", "2027-00-10", "2027-01-00", "2027-1-10", "27-01-10", "2027/01/10",
            "2027-01-10T09:00", "", "2027-01", "2027-01-10-", "zomaar", "2027-+1-10", "2027-01-+9", "+999-01-10", "-999-01-10",
        ])
    func refusesImpossibleDates(_ text: String) {
        #expect(LocalDate(text) == nil, "\(text) was accepted")
    }

    @Test("29 February exists in leap years only (every 4th year, not every 100th, but every 400th)")
    func leapYears() {
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2027-02-29") == nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("2100-02-29") == nil)
        #expect(LocalDate("2028-02-30") == nil)
    }

    @Test("days(until:) counts whole days across months, leap days and years, negative backwards")
    func dayDifferences() throws {
        let start = try #require(LocalDate("2027-01-10"))
        #expect(start.days(until: start) == 0)
        #expect(start.days(until: try #require(LocalDate("2027-01-11"))) == 1)
        #expect(start.days(until: try #require(LocalDate("2027-02-21"))) == 42)
        #expect(try #require(LocalDate("2028-02-28")).days(until: try #require(LocalDate("2028-03-01"))) == 2)
        #expect(try #require(LocalDate("2027-02-28")).days(until: try #require(LocalDate("2027-03-01"))) == 1)
        #expect(try #require(LocalDate("2027-12-31")).days(until: try #require(LocalDate("2028-12-31"))) == 366)
        #expect(try #require(LocalDate("2027-03-01")).days(until: start) == -50)
        #expect(try #require(LocalDate("1970-01-01")).days(until: try #require(LocalDate("2000-01-01"))) == 10_957)
    }

    @Test("dates order by year, then month, then day")
    func ordering() throws {
        let dates = try ["2027-03-01", "2026-12-31", "2027-01-10", "2027-01-09"].map { try #require(LocalDate($0)) }
        #expect(dates.sorted().map(\.description) == ["2026-12-31", "2027-01-09", "2027-01-10", "2027-03-01"])
    }

    @Test("the same instant is a different date on either side of midnight in different time zones")
    func dateInTimeZone() throws {
        // 2027-01-10 23:30 UTC is already 11 January in Amsterdam (UTC+1 in winter), still 10 January in New York.
        let instant = try #require(ISO8601DateFormatter().date(from: "2027-01-10T23:30:00Z"))
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "UTC"))).description == "2027-01-10")
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "Europe/Amsterdam"))).description == "2027-01-11")
        #expect(LocalDate(instant, in: try #require(TimeZone(identifier: "America/New_York"))).description == "2027-01-10")
        // In summer Amsterdam is UTC+2: 22:30 UTC is past midnight there, 21:30 UTC is not.
        let lateSummer = try #require(ISO8601DateFormatter().date(from: "2027-07-01T22:30:00Z"))
        let earlierSummer = try #require(ISO8601DateFormatter().date(from: "2027-07-01T21:30:00Z"))
        let amsterdam = try #require(TimeZone(identifier: "Europe/Amsterdam"))
        #expect(LocalDate(lateSummer, in: amsterdam).description == "2027-07-02")
        #expect(LocalDate(earlierSummer, in: amsterdam).description == "2027-07-01")
    }

    @Test("as JSON a date is its YYYY-MM-DD string; a day that does not exist says so, another form gets the format")
    func codable() throws {
        let date = try #require(LocalDate("2028-02-29"))
        #expect(try JSONValue(encoding: date) == .string("2028-02-29"))
        #expect(try JSONValue.string("2027-01-10").decode(LocalDate.self) == LocalDate("2027-01-10"))
        #expect {
            try JSONValue.string("2027-02-31").decode(LocalDate.self)
        } throws: { error in
            "\(error)".contains("2027-02-31 is not a day: February 2027 has 28 days")
        }
        #expect {
            try JSONValue.string("31-02-2027").decode(LocalDate.self)
        } throws: { error in
            "\(error)".contains("YYYY-MM-DD")
        }
    }
}
