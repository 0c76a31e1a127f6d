import Foundation
import MethodSupport
import StipPluginKit
import Testing

/// Parses JSON written in a test.
func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(Data(text.utf8))
}

/// What `validate_activity` answers: the normalised config, or the field errors.
func validateConfig<P: MethodPlugin>(_ plugin: P, _ config: JSONValue) throws -> Result<JSONValue, ValidationFailure> {
    let decoded = try config.decode(P.Config.self)
    let normalised: P.Config
    do {
        normalised = try plugin.validate(config: decoded)
    } catch {
        return .failure(error)
    }
    return .success(try JSONValue(encoding: normalised))
}

/// What `validate_contribution` answers: the normalised contribution, or the field errors.
func validateContribution<P: MethodPlugin>(_ plugin: P, _ submission: JSONValue, config: JSONValue) throws -> Result<
    JSONValue, ValidationFailure
> {
    let decodedConfig = try config.decode(P.Config.self)
    let decoded = try submission.decode(P.Contribution.self)
    let normalised: P.Contribution
    do {
        normalised = try plugin.validate(contribution: decoded, config: decodedConfig)
    } catch {
        return .failure(error)
    }
    return .success(try JSONValue(encoding: normalised))
}

extension Result where Failure == ValidationFailure {
    /// The field errors as `pointer: message` lines, for readable expectations.
    var errors: [String] {
        if case .failure(let failure) = self { return failure.errors.map { "\($0.pointer): \($0.message)" } }
        return []
    }

    /// The pointers of the field errors.
    var pointers: [String] {
        if case .failure(let failure) = self { return failure.errors.map(\.pointer) }
        return []
    }

    var value: Success? { try? get() }
}

/// Runs `import` as the SDK would and gives contributions and errors as JSON.
func importRows<P: MethodPlugin>(_ plugin: P, _ rows: [JSONValue], format: String, config: JSONValue, firstRow: Int = 2) throws -> (
    contributions: [(row: Int, contribution: JSONValue)], errors: [(row: Int, pointer: String, message: String)]
) {
    let outcome = try plugin.importRows(rows, format: format, firstRow: firstRow, config: try config.decode(P.Config.self))
    return (try outcome.contributions.map { ($0.row, try JSONValue(encoding: $0.contribution)) }, outcome.errors)
}

/// Runs `evaluate` over contributions given as JSON, with optional creation times and responses.
func evaluate<P: MethodPlugin>(
    _ plugin: P, config: JSONValue, _ contributions: [(JSONValue, createdAt: String?, responded: Bool)]
) throws -> EvaluationOutcome {
    let items = try contributions.enumerated().map { index, item in
        EvaluationItem(
            id: "c-\(index + 1)", contribution: try item.0.decode(P.Contribution.self), createdAt: item.createdAt, channel: "offline",
            responded: item.responded)
    }
    return try plugin.evaluate(items, config: try config.decode(P.Config.self), state: nil)
}

extension EvaluationOutcome {
    /// The metric value with this id.
    func metric(_ id: String) -> JSONValue? {
        metrics.first { $0["id"] == .string(id) }
    }

    /// The numeric `value` of a metric.
    func value(_ id: String) -> Double? {
        switch metric(id)?["value"] {
        case .int(let value)?: Double(value)
        case .double(let value)?: value
        default: nil
        }
    }

    /// The buckets of a distribution metric.
    func distribution(_ id: String) -> [String: Int64] {
        (metric(id)?["distribution"]?.members ?? [:]).compactMapValues(\.intValue)
    }

    /// The ids of the findings.
    var findingIDs: [String] {
        findings.compactMap { $0["id"]?.stringValue }
    }
}

/// The repository root, for plugin.yaml files.
let repositoryRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The example plan's configs (docs: /work/shared/fixtures/plan-voorbeeldstad.yaml), as the host
/// hands them over after converting the YAML: dates and local times are strings, numbers numbers.
enum PlanFixtures {
    static let workshop = """
        {"sessions": [{"starts": "2027-01-20T19:30", "ends": "2027-01-20T21:30", "location": "Wijkcentrum De Plint", "capacity": 40}]}
        """

    static let walk = """
        {"date": "2027-01-27", "meeting_point": "Fietsenstalling noordzijde", "route": [
          {"lat": 52.0907, "lon": 5.1214, "label": "Noordingang"},
          {"lat": 52.0899, "lon": 5.1230, "label": "Busstation"},
          {"lat": 52.0893, "lon": 5.1209, "label": "Zuidzijde plein"}]}
        """

    static let poll = """
        {"opens": "2027-03-01T09:00", "closes": "2027-03-21T23:59", "one_response_per": "browser",
         "questions": [
           {"id": "variant", "type": "single_choice", "text": "Welke ontwerpvariant heeft uw voorkeur?",
            "options": [{"id": "a", "label": "Variant A: autoluw plein"}, {"id": "b", "label": "Variant B: groen plein"},
                        {"id": "c", "label": "Variant C: fietsplein"}]},
           {"id": "safety", "type": "scale", "text": "Hoe veilig voelt u zich nu op het plein?", "min": 1, "max": 5},
           {"id": "why", "type": "text", "text": "Waarom kiest u deze variant?", "optional": true, "max_length": 2000}],
         "profile_questions": ["age_band", "area", "role"]}
        """
}

/// Evaluates in cycles, as the host does with an incremental plugin: each cycle gets only its own contributions
/// and the state the previous cycle returned, passed through JSON text as the host stores it. Returns the last
/// cycle's outcome.
func evaluateIncrementally<P: MethodPlugin>(
    _ plugin: P, config: JSONValue, cycles: [[(JSONValue, createdAt: String?, responded: Bool)]]
) throws -> EvaluationOutcome {
    var state: JSONValue?
    var outcome = EvaluationOutcome(metrics: [], findings: [])
    var number = 0
    for cycle in cycles {
        var tally = try plugin.tally(config: try config.decode(P.Config.self), state: state)
        for item in cycle {
            number += 1
            try tally.add(
                EvaluationItem(
                    id: "c-\(number)", contribution: try item.0.decode(P.Contribution.self), createdAt: item.createdAt,
                    channel: "offline", responded: item.responded))
        }
        outcome = try tally.outcome()
        state = try outcome.state.map { try JSONValue.parse(bytes: Array($0.jsonText.utf8)) }
    }
    return outcome
}
