import Synchronization

/// The probes' outcomes so far, filled from several tasks.
final class StepLog: Sendable {
    private let list = Mutex<[ConformanceStep]>([])

    func record(
        _ item: Int, _ name: String, _ outcome: ConformanceStep.Outcome, sent: String, received: String, detail: String = ""
    ) {
        list.withLock {
            $0.append(ConformanceStep(item: item, name: name, outcome: outcome, sent: sent, received: received, detail: detail))
        }
    }

    /// Records a pass when `passed`, else a failure with `failure` as the detail.
    func expect(_ item: Int, _ name: String, _ passed: Bool, sent: String, received: String, failure: @autoclosure () -> String) {
        record(item, name, passed ? .passed : .failed, sent: sent, received: received, detail: passed ? "" : failure())
    }

    /// Ordered by §15 item; within an item, in the order the probes ran.
    var all: [ConformanceStep] {
        list.withLock { steps in
            steps.enumerated().sorted { ($0.element.item, $0.offset) < ($1.element.item, $1.offset) }.map(\.element)
        }
    }
}
