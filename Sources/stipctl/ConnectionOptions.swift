import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipDomain
import StipConfig

/// Where the daemon is: shared by every command.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The daemon's admin socket.", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Read admin.socket from this stipd config file.", valueName: "file"))
    var config: String?

    /// A client for the resolved socket.
    func client() throws -> AdminClient {
        AdminClient(socketPath: try resolvedSocket())
    }

    func resolvedSocket() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let socket { return socket }
        if let socket = environment["STIP_SOCKET"], !socket.isEmpty { return socket }
        let explicit = config ?? environment["STIP_CONFIG"]
        let file = explicit ?? "/etc/stip/stipd.yaml"
        if explicit != nil || FileManager.default.fileExists(atPath: file) {
            return try Self.socket(fromConfig: file)
        }
        return "/run/stip/stipd.sock"
    }

    /// Reads `admin.socket` from a daemon config, resolving a relative path against the file's directory.
    static func socket(fromConfig path: String) throws -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AdminClientError.usage("cannot read the config file \(path): \(error.localizedDescription)")
        }
        let documents: [YAMLNode]
        do {
            documents = try YAMLLoader.load(text, file: path)
        } catch {
            throw AdminClientError.usage("the config file \(path) has errors:\n\(error.description)")
        }
        guard let value = documents.first?.node(at: [.key("admin"), .key("socket")])?.scalarValue else {
            return "/run/stip/stipd.sock"
        }
        if value.hasPrefix("/") { return value }
        return URL(filePath: path).deletingLastPathComponent().appending(path: value).standardizedFileURL.path
    }
}
