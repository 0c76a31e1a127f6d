@testable import StipPluginHost
import Testing

/// Health pings go on a fixed beat: a hang is found at the third beat after the first unanswered ping, that is
/// 3 ping intervals after it (30 s by default), not after the ping is waited for and the interval slept in turn.
@Suite("the beat of health pings")
struct PingBeatTests {
    @Test("three unanswered pings in a row mean a hang; an answer resets the count")
    func hang() {
        var beat = PingBeat()
        var hung: Bool
        hung = beat.isHung(afterPreviousPingAnswered: true)
        #expect(!hung)  // first beat: nothing outstanding yet
        hung = beat.isHung(afterPreviousPingAnswered: false)
        #expect(!hung)
        hung = beat.isHung(afterPreviousPingAnswered: false)
        #expect(!hung)
        hung = beat.isHung(afterPreviousPingAnswered: true)
        #expect(!hung, "an answer resets the count")
        hung = beat.isHung(afterPreviousPingAnswered: false)
        #expect(!hung)
        hung = beat.isHung(afterPreviousPingAnswered: false)
        #expect(!hung)
        hung = beat.isHung(afterPreviousPingAnswered: false)
        #expect(hung)
        #expect(beat.missed == 3)
    }
}
