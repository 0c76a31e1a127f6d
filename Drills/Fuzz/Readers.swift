import Foundation
import StipDaemon
import StipDomain
import StipParticipation
import StipPluginProtocol

/// What a reader made of one input.
enum Verdict {
    case accepted
    /// Refused, with the message a person would read.
    case rejected(String)
    /// Refused without telling what was wrong (a 5xx, an empty or internal message): counted as a finding.
    case unclear(String)
}

/// One reader under test: where its inputs come from and how one is read.
struct FuzzReader: Sendable {
    var name: String
    var seeds: [[UInt8]]
    var tokens: [String]
    /// Inputs read at once: the in-process readers are CPU-bound; those behind HTTP or a plugin overlap waits.
    var concurrency = 1
    var read: @Sendable ([UInt8]) async -> Verdict
}

/// A rejection a person can act on: says something, in words, without a dump of internals.
enum Clarity {
    static let internals = [
        "Swift.", "DecodingError", "Optional(", "The operation couldn", "NSCocoaErrorDomain", "<unknown>", "Fatal error",
    ]

    static func verdict(_ message: String) -> Verdict {
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count < 12 { return .unclear("too short to act on: \"\(text)\"") }
        if let word = internals.first(where: { text.contains($0) }) { return .unclear("names an internal (\(word)): \(text.prefix(300))") }
        return .rejected(text)
    }
}

extension FuzzReader {
    static let yamlTokens = [
        ": ", "- ", "\n", "\n  ", "[", "]", "{", "}", ",", "\"", "'", "&a ", "*a", "!!str ", "!!binary ", "|", ">", "#", "? ",
        "---\n", "...\n", "%YAML 1.2\n", "<<: *a\n", "~", "null", "true", "\t", "\\u0000", ": :",
    ]
    static let jsonTokens = [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "1e999", "-0", "\"\\u0000\"", "\"\\ud800\"", "\\", "{\"a\":",
        "[[[[", "\"x\":1,", "  ", "\n",
    ]

    /// `stipd.yaml`, read the way stipd reads it (file, decode, check every value, resolve).
    static func config(scratch: URL) throws -> FuzzReader {
        let seeds = [
            try String(contentsOf: URL(filePath: "etc/stipd.yaml"), encoding: .utf8),
            try String(contentsOf: URL(filePath: "etc/stipd.dev.yaml"), encoding: .utf8),
            "data_dir: /var/lib/stip\nadmin:\n  socket: /run/stip/stipd.sock\nmetrics:\n  listen: 127.0.0.1:9464\n  workspace_labels: false\n",
        ]
        return FuzzReader(name: "config-yaml", seeds: seeds.map { Array($0.utf8) }, tokens: yamlTokens, concurrency: 2) { input in
            // A file per input: two are read at once.
            let file = scratch.appending(path: "stipd-\(UUID().uuidString.prefix(8)).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                try Data(input).write(to: file)
                _ = try DaemonSettings.load(file: file)
                return .accepted
            } catch let error as ConfigurationError {
                // Every line must name the file and, for the YAML, the line and column.
                for line in error.lines {
                    guard line.hasPrefix(file.path + ":") else { return .unclear("no file position: \(line.prefix(300))") }
                    if case .unclear(let why) = Clarity.verdict(line) { return .unclear(why) }
                }
                return error.lines.isEmpty ? .unclear("an error without lines") : .rejected(error.description)
            } catch {
                return .unclear("not a configuration error: \(error)")
            }
        }
    }

    /// A trajectory plan, applied as a dry run to a workspace with the three methods (their plugins check configs).
    static func plan(node: FuzzNode) throws -> FuzzReader {
        let example = try String(contentsOf: URL(filePath: "etc/examples/plan-voorbeeldstad.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "workspace: voorbeeldstad", with: "workspace: \(FuzzNode.slug)")
        let seeds = [example, FuzzNode.plan]
        return FuzzReader(name: "plan-yaml", seeds: seeds.map { Array($0.utf8) }, tokens: yamlTokens, concurrency: 4) { input in
            do {
                _ = try await node.participation.trajectories.apply(
                    String(decoding: input, as: UTF8.self), file: "plan.yaml", options: .init(dryRun: true), by: .daemon)
                return .accepted
            } catch let error as DomainError {
                return Clarity.verdict(error.message)
            } catch {
                return .unclear("not a domain error: \(error)")
            }
        }
    }

    /// CBS Kerncijfers wijken en buurten CSV.
    static func cbs() throws -> FuzzReader {
        let fixture = try String(contentsOf: URL(filePath: "etc/examples/population-voorbeeldstad.csv"), encoding: .utf8)
        let seeds = [fixture, String(fixture.prefix(600)), fixture.replacingOccurrences(of: ";", with: ",")]
        return FuzzReader(
            name: "cbs-csv", seeds: seeds.map { Array($0.utf8) },
            tokens: [";", ",", "\"", "\n", "\r\n", ".", "-", "?", "k_0Tot15Jaar", "WK", "BU", "GM"]
        ) {
            input in
            do {
                _ = try CBSKerncijfersCSV.read(String(decoding: input, as: UTF8.self))
                return .accepted
            } catch let error as CBSKerncijfersCSV.FileError {
                return Clarity.verdict(error.description)
            } catch {
                return .unclear("not a file error: \(error)")
            }
        }
    }

    /// One line a plugin writes to the host (JSON-RPC 2.0).
    static func pluginProtocol() -> FuzzReader {
        let seeds = [
            #"{"jsonrpc":"2.0","id":1,"result":{"protocol_version":"1.0","manifest":{"id":"poll","version":"1.0.0"}}}"#,
            #"{"jsonrpc":"2.0","id":7,"error":{"code":-32011,"message":"invalid","data":{"errors":[{"pointer":"/answers/variant","message":"kies"}]}}}"#,
            #"{"jsonrpc":"2.0","method":"$/log","params":{"level":"info","message":"hallo"}}"#,
            #"{"jsonrpc":"2.0","id":3,"result":{"results":[{"ok":true,"contribution":{"answers":{"variant":"a"}}}]}}"#,
        ]
        return FuzzReader(name: "plugin-protocol", seeds: seeds.map { Array($0.utf8) }, tokens: jsonTokens) { input in
            do {
                _ = try RPCMessage.decode(line: input)
                return .accepted
            } catch let error as RPCError {
                return Clarity.verdict(error.message)
            } catch {
                return .unclear("not a protocol error: \(error)")
            }
        }
    }

    /// A workspace archive (`stipctl workspace import`): tar, manifest, database.
    static func archive(node: FuzzNode, seed: Data) -> FuzzReader {
        let scratch = node.root.appending(path: "archives", directoryHint: .isDirectory)
        try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // The seed is binary: its bytes are mutated, not its text.
        return FuzzReader(
            name: "archive", seeds: [Array(seed)], tokens: ["ustar", "manifest.json", "workspace.sqlite", "{", "\"", "0000644", "\0"],
            concurrency: 2
        ) {
            input in
            let file = scratch.appending(path: "\(UUID().uuidString).tar")
            defer { try? FileManager.default.removeItem(at: file) }
            do {
                try Data(input).write(to: file)
                // The first import of the seed's slug succeeds; later ones are refused as `workspace_exists`.
                _ = try await node.participation.workspaces.importArchive(file, by: .daemon)
                return .accepted
            } catch let error as DomainError {
                return Clarity.verdict(error.message)
            } catch {
                return .unclear("not a domain error: \(error)")
            }
        }
    }
}
