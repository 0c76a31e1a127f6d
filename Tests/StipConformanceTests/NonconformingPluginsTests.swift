import Foundation
import StipConformance
import StipTestSupport
import Testing

/// `Tests/Plugins/nonconforming/`: one copy of a conforming plugin per way of breaking docs/plugin-protocol.md §15.
/// The first line of each plugin.yaml says which item it breaks (`# breaks §15.N: …`); the check must fail that
/// item, and pass the unbroken copy in full. A check that passes a broken plugin is worse than none.
@Suite("the conformance check fails every plugin of the broken set", .timeLimit(.minutes(3)))
struct NonconformingPluginsTests {
    struct Broken: Sendable, CustomTestStringConvertible {
        var directory: String
        /// The §15 item it breaks; `nil` for the conforming copy.
        var item: Int?
        var testDescription: String { directory }
    }

    static let root = TestPlugins.directory.appending(path: "nonconforming", directoryHint: .isDirectory)

    static let plugins: [Broken] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { name in
            guard
                let first = try? String(contentsOf: root.appending(path: "\(name)/plugin.yaml"), encoding: .utf8)
                    .split(separator: "\n").first
            else { return nil }
            let item = first.firstMatch(of: #/^# breaks §15\.(\d+):/#).flatMap { Int($0.1) }
            return Broken(directory: name, item: item)
        }
    }()

    @Test("the set covers every item of §15 and has a conforming copy")
    func coversEveryItem() {
        #expect(Set(Self.plugins.compactMap(\.item)) == Set(1...16), "\(Self.plugins.map(\.directory))")
        #expect(Self.plugins.contains { $0.directory == "conforming" && $0.item == nil })
    }

    @Test("the check fails each broken plugin at the item it breaks, and passes the conforming one", arguments: plugins)
    func check(_ plugin: Broken) async throws {
        let manifest = Self.root.appending(path: "\(plugin.directory)/plugin.yaml")
        let report = Report(await ConformanceCheck.run(manifestFile: manifest))
        guard let item = plugin.item else {
            #expect(report.failed.isEmpty && report.notProbed.isEmpty, "\(report.transcript)")
            #expect(report.items == Set(1...16), "\(report.transcript)")
            return
        }
        let failures = report.steps.filter(\.failed)
        #expect(failures.contains { $0.item == item }, "no failure at §15.\(item):\n\(report.transcript)")
        for failure in failures {
            #expect(!failure.sent.isEmpty && !failure.received.isEmpty && !failure.detail.isEmpty, "\(failure)")
        }
    }
}
