import StipAdminClient

/// `workspace/object` references as typed on the command line: `voorbeeldstad/herinrichting-stationsplein`,
/// `voorbeeldstad/kickoff-workshop` or `voorbeeldstad/herinrichting-stationsplein/kickoff-workshop`.
struct Reference {
    var workspace: String
    var parts: [String]

    /// Splits `text`, requiring between `minimum` and `maximum` parts after the workspace.
    static func parse(_ text: String, _ shape: String, minimum: Int = 1, maximum: Int = 1) throws -> Reference {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count >= 1 + minimum, pieces.count <= 1 + maximum, !pieces.contains(where: \.isEmpty) else {
            throw AdminClientError.usage("\"\(text)\" is not a reference of the form \(shape)")
        }
        return Reference(workspace: pieces[0], parts: Array(pieces.dropFirst()))
    }

    /// The workspace's API path, `/v1/workspaces/<slug>`.
    var base: String { "/v1/workspaces/\(pathSegment(workspace))" }
}

/// Reads a file argument, `-` being standard input.
func readInput(_ path: String) throws -> (data: [UInt8], name: String) {
    if path == "-" {
        var bytes: [UInt8] = []
        while let line = readLine(strippingNewline: false) { bytes += Array(line.utf8) }
        return (bytes, "stdin")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw AdminClientError.usage("cannot read \(path): check that the file exists and is readable")
    }
    return ([UInt8](data), path)
}

import Foundation
