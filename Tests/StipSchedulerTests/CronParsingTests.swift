import Foundation
import StipScheduler
import Testing

@Suite("cron expressions are read as Debian cron reads them")
struct CronParsingTests {
    @Test(
        "a mistake names the field and what is wrong in it",
        arguments: [
            ("0 25 * * *", "\"0 25 * * *\": hour 25 is out of range 0–23 (field 2)"),
            ("60 * * * *", "\"60 * * * *\": minute 60 is out of range 0–59 (field 1)"),
            ("0 7 * * MOM", "\"0 7 * * MOM\": \"MOM\" is not a day of week; use 0–7 or SUN, MON, TUE, WED, THU, FRI, SAT (field 5)"),
            ("0 7 * 13 *", "\"0 7 * 13 *\": month 13 is out of range 1–12 (field 4)"),
            ("0 7 0 * *", "\"0 7 0 * *\": day of month 0 is out of range 1–31 (field 3)"),
            ("0 7 * *", "\"0 7 * *\": has 4 fields; write five: minute hour day-of-month month day-of-week, e.g. \"0 7 * * MON\""),
            ("*/0 * * * *", "\"*/0 * * * *\": step \"0\" in \"*/0\" is not a whole number above 0 (field 1)"),
            ("0 9-5 * * *", "\"0 9-5 * * *\": range 9-5 runs backwards; write the smaller hour first (field 2)"),
            ("0,,5 * * * *", "\"0,,5 * * * *\": has an empty item in \"\"; remove the extra comma (field 1)"),
            (
                "@reboot",
                "\"@reboot\": @reboot is not a shorthand Stip knows; use @hourly, @daily, @weekly, @monthly or @yearly, or five fields"
            ),
            ("x * * * *", "\"x * * * *\": \"x\" is not a minute; use a number 0–59 (field 1)"),
        ])
    func errors(_ text: String, _ message: String) {
        #expect(throws: CronError.self) { try CronExpression(text) }
        do {
            _ = try CronExpression(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(
        "lists, ranges, steps, names in any case, 7 for Sunday and the shorthands are accepted",
        arguments: [
            "0 7 * * MON", "0 7 * * mon-fri", "*/15 * * * *", "10-50/20 9 * * *", "0 0 1 JAN,jul *", "0 8 * * 7", "5/15 * * * *",
            "@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight", "  0   7 * *   MON ",
        ])
    func accepted(_ text: String) throws {
        _ = try CronExpression(text)
    }
}
