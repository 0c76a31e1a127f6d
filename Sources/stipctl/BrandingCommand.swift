import NIOHTTP1
import ArgumentParser
import Foundation
import StipAdminClient
import StipJSON

/// `stipctl workspace branding SLUG [--accent #rrggbb | --default-accent] [--logo FILE | --remove-logo]`.
struct WorkspaceBranding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branding",
        abstract: "Show or set a municipality's accent colour and logo on its resident pages (the colour must read on white).")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument var slug: String
    @Option(help: ArgumentHelp("Accent colour for links, the button and the header rule.", valueName: "#rrggbb")) var accent: String?
    @Flag(name: .customLong("default-accent"), help: "Go back to the default accent colour.") var defaultAccent = false
    @Option(help: ArgumentHelp("Logo beside the municipality's name: a PNG or an SVG, at most 256 KiB.", valueName: "file")) var logo:
        String?
    @Flag(name: .customLong("remove-logo"), help: "Remove the logo.") var removeLogo = false

    func validate() throws {
        if accent != nil && defaultAccent { throw ValidationError("give --accent or --default-accent, not both") }
        if logo != nil && removeLogo { throw ValidationError("give --logo or --remove-logo, not both") }
    }

    func run() async throws {
        let client = try connection.client()
        let base = "/v1/workspaces/\(pathSegment(slug))/branding"
        var reply = try await client.send(.GET, base)
        if accent != nil || defaultAccent {
            reply = try await client.send(.PUT, base, json: ["accent_color": accent])
        }
        if let logo {
            let url = URL(filePath: logo, relativeTo: URL(filePath: FileManager.default.currentDirectoryPath, directoryHint: .isDirectory))
            let type = url.pathExtension.lowercased() == "svg" ? "image/svg+xml" : "image/png"
            reply = try await client.upload(.PUT, base + "/logo", file: url, contentType: type)
        }
        if removeLogo { reply = try await client.send(.DELETE, base + "/logo") }
        try output.print(reply) { body in
            let logo = body["logo"].flatMap { $0 == .null ? nil : $0 }
            return """
                accent colour: \(body["accent_color"].flatMap { $0 == .null ? nil : $0.cellText } ?? "default")
                logo:          \(logo.map { "\($0["media_type"]?.cellText ?? "?"), \($0["bytes"]?.cellText ?? "?") bytes" } ?? "none")
                """
        }
    }
}
