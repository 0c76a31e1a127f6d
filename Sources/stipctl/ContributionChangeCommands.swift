import ArgumentParser
import Foundation
import NIOHTTP1
import StipAdminClient
import StipJSON

struct AmendContribution: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Change fields of a contribution (a walk observation's follow-up); validated again by its method plugin.",
        discussion: """
            --set follow_up.status=done sets a field (dotted path, text value); --unset removes one; --patch takes a \
            JSON merge patch (RFC 7386) for numbers, lists and objects. Example: \
            stipctl contributions amend voorbeeldstad/c-3k9x --set follow_up.status=in_progress --set follow_up.owner="Team Wijkbeheer"
            """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/contribution-id.") var reference: String
    @Option(name: .customLong("set"), help: ArgumentHelp("A field and its new text, e.g. follow_up.status=done.", valueName: "path=value"))
    var assignments: [String] = []
    @Option(name: .customLong("unset"), help: ArgumentHelp("A field to remove.", valueName: "path")) var removals: [String] = []
    @Option(help: ArgumentHelp("A JSON merge patch of the contribution.", valueName: "json")) var patch: String?
    @Option(name: .customLong("theme"), help: "Replace the contribution's themes (repeat for more).") var themes: [String] = []
    @Option(name: .customLong("occurred-on"), help: ArgumentHelp("Correct the day it was made.", valueName: "YYYY-MM-DD"))
    var occurredOn: String?

    func validate() throws {
        if assignments.isEmpty && removals.isEmpty && patch == nil && themes.isEmpty && occurredOn == nil {
            throw ValidationError("say what changes: --set path=value, --unset path, --patch JSON, --theme or --occurred-on")
        }
        try validateDay(occurredOn, option: "--occurred-on")
    }

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/contribution-id")
        var merge = JSONValue.object([:])
        if let patch {
            do { merge = try JSONValue.parse(patch) } catch { throw AdminClientError.usage("--patch is not JSON: \(error)") }
        }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw AdminClientError.usage("--set \(assignment): write it as path=value, e.g. follow_up.status=done")
            }
            merge = merge.merging(
                Self.patch(String(assignment[..<equals]), .string(String(assignment[assignment.index(after: equals)...]))))
        }
        for path in removals { merge = merge.merging(Self.patch(path, .null)) }
        var body: [String: (any JSONRepresentable)?] = ["payload_patch": merge]
        if !themes.isEmpty { body["themes"] = themes }
        if let occurredOn { body["occurred_on"] = occurredOn }
        let reply = try await connection.client().send(.PATCH, "\(ref.base)/contributions/\(pathSegment(ref.parts[0]))", json: body)
        try output.print(reply) { c in "amended contribution \(c["id"]?.cellText ?? "?")" }
    }

    /// `a.b.c` and a value as the merge patch `{"a": {"b": {"c": value}}}`.
    static func patch(_ path: String, _ value: JSONValue) -> JSONValue {
        path.split(separator: ".").reversed().reduce(value) { inner, key in .object([String(key): inner]) }
    }
}

struct ExportContributions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "A document the activity's method writes from its contributions (e.g. a walk's CSV or GeoJSON).",
        discussion: "`stipctl plugin list -o yaml` shows each method's export_formats.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "workspace/activity or workspace/trajectory/activity.") var reference: String
    @Option(help: "One of the method's export formats, e.g. csv, geojson or checklist.") var format: String
    @Option(name: .customLong("out"), help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var file: String?

    func run() async throws {
        let (ref, activity, trajectory) = try activityReference(reference)
        let path =
            "\(ref.base)/activities/\(pathSegment(activity))/export?format=\(queryValue(format))"
            + (trajectory.map { "&trajectory=\(queryValue($0))" } ?? "")
        if let file {
            let written = try await connection.client().download(path, to: URL(filePath: file))
            print("wrote \(file) (\(written) bytes)")
        } else {
            FileHandle.standardOutput.write(try await connection.client().send(.GET, path).body)
        }
    }
}
