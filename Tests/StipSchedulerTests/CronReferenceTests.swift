import Foundation
import StipScheduler
import Testing

/// Next runs held against tables made by an independent implementation (cronsim, see Reference/README.md), for
/// daylight-saving weekends, zones without it, leap days, short months, names, steps and shorthands.
@Suite("cron next runs agree with the reference tables")
struct CronReferenceTests {
    struct Table: Decodable {
        struct Case: Decodable, CustomTestStringConvertible {
            var name: String
            var expression: String
            var alias: String?
            var timezone: String
            var from: String
            var next: [String]
            var testDescription: String { "\(name): \(alias ?? expression) in \(timezone)" }
        }
        var generator: String
        var cases: [Case]
    }

    static let table: Table = {
        let url = Bundle.module.url(forResource: "cron-tables", withExtension: "json")!
        return try! JSONDecoder().decode(Table.self, from: Data(contentsOf: url))
    }()

    @Test("the tables hold enough cases to mean something")
    func tableIsThere() {
        #expect(Self.table.cases.count >= 40, "\(Self.table.cases.count) cases")
    }

    @Test("each case's next runs", arguments: table.cases)
    func nextRuns(_ reference: Table.Case) throws {
        let zone = try #require(TimeZone(identifier: reference.timezone))
        let from = try Date(reference.from, strategy: .iso8601)
        let expression = try CronExpression(reference.alias ?? reference.expression)
        let runs = expression.nextRuns(after: from, in: zone, count: reference.next.count)
        let expected = try reference.next.map { try Date($0, strategy: .iso8601) }
        #expect(runs == expected, "\(reference.testDescription)")
    }
}
