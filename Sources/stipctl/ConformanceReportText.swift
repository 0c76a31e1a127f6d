import Foundation
import StipConformance

/// `stipctl plugin check` as a person reads it: per probe the verdict and the §15 item, then what was sent and
/// what came back, and for a failure what to do; a count at the end.
struct ConformanceReportText {
    let steps: [ConformanceStep]

    init(_ steps: [ConformanceStep]) {
        self.steps = steps
    }

    var text: String {
        var out = ""
        for step in steps {
            let verdict =
                switch step.outcome {
                case .passed: "PASS"
                case .failed: "FAIL"
                case .notProbed: "SKIP"
                }
            out += "\(verdict)  \("§15.\(step.item)".padding(toLength: 7, withPad: " ", startingAt: 0)) \(step.name)\n"
            out += "        sent  \(step.sent)\n"
            out += "        got   \(step.received)\n"
            if !step.detail.isEmpty { out += "        \(step.outcome == .failed ? "fix " : "why ")  \(step.detail)\n" }
        }
        let failed = steps.filter { $0.outcome == .failed }.count
        let skipped = steps.filter { $0.outcome == .notProbed }.count
        var summary = "\(steps.count - failed - skipped) passed, \(failed) failed"
        if skipped > 0 { summary += ", \(skipped) not probed" }
        return out + "\n" + summary + "\n"
    }
}
