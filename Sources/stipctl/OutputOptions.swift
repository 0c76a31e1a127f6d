import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipConfig
import StipJSON

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned tables and sentences for people.
    case table
    /// The daemon's JSON, pretty-printed, for scripts.
    case json
    /// The same as YAML.
    case yaml
}

struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: table, json or yaml.")
    var output: OutputFormat = .table

    /// Prints a reply: JSON and YAML as data, else the table or text `human` makes.
    func print(_ reply: AdminClient.Reply, human: (JSONValue) -> String) throws {
        let value: JSONValue
        do {
            value = try JSONValue.parse(reply.body)
        } catch {
            throw AdminClientError.transport("stipd answered with something that is not JSON: \(error)")
        }
        switch output {
        case .json:
            Swift.print(value.prettyJSONText)
        case .yaml:
            Swift.print(try YAMLEncoder().encode(value), terminator: "")
        case .table:
            Swift.print(human(value))
        }
    }
}

/// Percent-encodes a path segment so that whatever the user typed reaches the daemon's own checks intact.
func pathSegment(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Percent-encodes a query value.
func queryValue(_ text: String) -> String {
    pathSegment(text)
}
