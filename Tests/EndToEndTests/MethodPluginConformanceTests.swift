import Foundation
import Testing

/// The three participation-method plugins (Plugins/) run through the real `stipctl plugin check`,
/// with the activity configs of the example plan, exactly as the consultant writes them in YAML.
@Suite("method plugins pass the conformance check", .timeLimit(.minutes(3)))
struct MethodPluginConformanceTests {
    /// A method plugin and the config of its activity in the example plan (plan-voorbeeldstad.yaml).
    struct Method: Sendable, CustomTestStringConvertible {
        var id: String
        var exampleConfig: String
        /// A config with a mistake, which `validate_activity` must refuse.
        var brokenConfig: String
        var testDescription: String { id }
    }

    static let methods = [
        Method(
            id: "workshop",
            exampleConfig: """
                sessions:
                  - starts: 2027-01-20T19:30
                    ends: 2027-01-20T21:30
                    location: Wijkcentrum De Plint
                    capacity: 40
                """,
            brokenConfig: """
                sessions:
                  - starts: 2027-01-20T19:30
                    ends: 2027-01-20T19:00
                    location: Wijkcentrum De Plint
                    capacity: 0
                """),
        Method(
            id: "poll",
            exampleConfig: """
                opens: 2027-03-01T09:00
                closes: 2027-03-21T23:59
                one_response_per: browser       # browser | code
                questions:
                  - id: variant
                    type: single_choice
                    text: Welke ontwerpvariant heeft uw voorkeur?
                    options:
                      - { id: a, label: "Variant A: autoluw plein" }
                      - { id: b, label: "Variant B: groen plein" }
                      - { id: c, label: "Variant C: fietsplein" }
                  - id: safety
                    type: scale
                    text: Hoe veilig voelt u zich nu op het plein?
                    min: 1
                    max: 5
                  - id: why
                    type: text
                    text: Waarom kiest u deze variant?
                    optional: true
                    max_length: 2000
                profile_questions: [age_band, area, role]
                """,
            brokenConfig: """
                opens: 2027-03-21T09:00
                closes: 2027-03-01T09:00
                questions:
                  - { id: safety, type: scale, text: Hoe veilig?, min: 5, max: 1 }
                """),
        Method(
            id: "neighbourhood-walk",
            exampleConfig: """
                date: 2027-01-27
                meeting_point: Fietsenstalling noordzijde
                route:
                  - { lat: 52.0907, lon: 5.1214, label: Noordingang }
                  - { lat: 52.0899, lon: 5.1230, label: Busstation }
                  - { lat: 52.0893, lon: 5.1209, label: Zuidzijde plein }
                """,
            brokenConfig: """
                date: 2027-02-30
                meeting_point: Fietsenstalling noordzijde
                route:
                  - { lat: 152.0907, lon: 5.1214, label: Noordingang }
                """),
    ]

    /// Installs the plugin from the build folder into a fresh plugins directory; returns its plugin.yaml.
    func install(_ method: Method, into directory: URL) throws -> URL {
        try PluginFixtures.install(
            id: method.id, executable: Binaries.directory.appending(path: "stip-plugin-\(method.id)"), into: directory)
        return directory.appending(path: "\(method.id)/plugin.yaml")
    }

    func scratchDirectory() throws -> URL {
        let directory = URL(filePath: NSTemporaryDirectory()).appending(
            path: "stip-methods-\(UUID().uuidString.prefix(8))", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("stipctl plugin check passes with the example plan's config", arguments: methods)
    func conformance(_ method: Method) async throws {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let manifest = try install(method, into: scratch.appending(path: "plugins", directoryHint: .isDirectory))

        let plain = try await ProcessRunner.run(Binaries.stipctl, ["plugin", "check", manifest.path])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(!plain.stdout.contains("FAIL"), "\(plain.stdout)")

        let config = scratch.appending(path: "\(method.id)-config.yaml")
        try method.exampleConfig.write(to: config, atomically: true, encoding: .utf8)
        let deep = try await ProcessRunner.run(Binaries.stipctl, ["plugin", "check", manifest.path, "--activity-config", config.path])
        #expect(deep.status == 0, "\(deep.stdout)\(deep.stderr)")
        #expect(!deep.stdout.contains("FAIL"), "\(deep.stdout)")
        // With the example config nothing is left unprobed.
        #expect(deep.stdout.contains(" passed, 0 failed\n") && !deep.stdout.contains("SKIP"), "\(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.9   validate_activity (config given with --activity-config)"), "\(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.10  import (csv)") && deep.stdout.contains("PASS  §15.10  import (yaml)"), "\(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.11  evaluate\n"), "\(deep.stdout)")
        // Built on the SDK, every method speaks 1.3 and validates batches: one answer per submission.
        #expect(deep.stdout.contains("        got   protocol 1.3;"), "\(deep.stdout)")
        #expect(deep.stdout.contains("PASS  §15.15  validate_contributions"), "\(deep.stdout)")
        if method.id == "poll" {
            #expect(
                deep.stdout.contains("PASS  §15.10  public_form (nl)") && deep.stdout.contains("PASS  §15.10  public_form (en)"),
                "\(deep.stdout)")
        }
        if method.id == "neighbourhood-walk" {
            #expect(deep.stdout.contains("PASS  §15.16  export (geojson)"), "\(deep.stdout)")
        }
    }

    @Test("a config with mistakes is refused by validate_activity", arguments: methods)
    func refusesBrokenConfig(_ method: Method) async throws {
        let scratch = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let manifest = try install(method, into: scratch.appending(path: "plugins", directoryHint: .isDirectory))
        let config = scratch.appending(path: "\(method.id)-broken.yaml")
        try method.brokenConfig.write(to: config, atomically: true, encoding: .utf8)
        let report = try await ProcessRunner.run(Binaries.stipctl, ["plugin", "check", manifest.path, "--activity-config", config.path])
        #expect(report.status == 1, "\(report.stdout)\(report.stderr)")
        #expect(report.stdout.contains("FAIL  §15.9   validate_activity (config given with --activity-config)"), "\(report.stdout)")
        #expect(report.stdout.contains("invalid_config"), "\(report.stdout)")
    }
}
