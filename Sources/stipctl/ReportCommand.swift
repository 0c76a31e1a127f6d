import ArgumentParser
import Foundation
import NIOHTTP1
import StipAdminClient
import StipJSON

/// Reports of evaluation cycles: written to a file, or published for residents.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a cycle's report (the default), or publish its public version on the trajectory's resident page.",
        subcommands: [RenderReport.self, PublishReport.self, UnpublishReport.self, ReportTemplateCommand.self],
        defaultSubcommand: RenderReport.self)
}

/// A cycle's report for the college, the council or residents, in one file.
struct RenderReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Write the report of an evaluation cycle: HTML, PDF, Markdown or JSON, in Dutch or English.",
        discussion: """
            The report is rendered from the cycle's frozen snapshot, so an old cycle gives the same document after the \
            plan changed. Without --cycle, the latest finished cycle. --audience public leaves out what is internal \
            (the plan's owner, why an activity was not evaluated). PDF needs WeasyPrint (Debian package weasyprint). \
            See docs/reports.md.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case html, pdf, md, json }
    enum Language: String, ExpressibleByArgument, CaseIterable { case nl, en }
    enum Audience: String, ExpressibleByArgument, CaseIterable { case college, council, `public` }

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "workspace/trajectory, or the workspace alone with --overview.") var reference: String
    @Flag(help: "One document for the whole municipality: every trajectory as its latest cycle measured it.") var overview = false
    @Option(help: "The cycle's number; default the latest finished cycle.") var cycle: Int?
    @Option(help: "html (one self-contained file), pdf, md or json.") var format: Format = .html
    @Option(help: "nl or en; default the workspace's language.") var lang: Language?
    @Option(help: "college, council or public.") var audience: Audience = .council
    @Option(name: [.short, .customLong("out")], help: "The file to write; default standard output.") var out: String?

    func run() async throws {
        let client = try connection.client()
        var query = "format=\(format.rawValue)&audience=\(audience.rawValue)"
        if let lang { query += "&lang=\(lang.rawValue)" }
        if overview {
            guard cycle == nil else { throw ValidationError("--overview takes every trajectory's latest cycle; leave out --cycle") }
            let ref = try Reference.parse(reference, "workspace", minimum: 0, maximum: 0)
            try write(try await client.send(.GET, "\(ref.base)/report?\(query)").body, what: "the municipality's report")
            return
        }
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let cycles = "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/cycles"
        let number: Int
        if let cycle {
            number = cycle
        } else {
            let listed = try JSONValue.parse(try await client.send(.GET, cycles).body)
            guard
                let latest = (listed["cycles"]?.elements ?? []).last(where: { $0["state"]?.stringValue == "finished" })?["number"]?.intValue
            else {
                throw ValidationError("\(reference) has no finished cycle yet: run one with stipctl evaluate \(reference) --wait")
            }
            number = Int(latest)
        }
        let reply = try await client.send(.GET, "\(cycles)/\(number)/report?\(query)")
        try write(reply.body, what: "the report of cycle \(number)")
    }

    /// Writes the document to `--out`, saying so on standard error, or to standard output.
    func write(_ document: Data, what: String) throws {
        guard let out else {
            FileHandle.standardOutput.write(document)
            return
        }
        try document.write(to: URL(filePath: out))
        FileHandle.standardError.write(Data("wrote \(what) to \(out) (\(document.count) bytes)\n".utf8))
    }
}

/// `stipctl report publish W/T --cycle N`: the public report of a finished cycle on the trajectory's resident page.
struct PublishReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the public report of a finished cycle on the trajectory's resident page (HTML in the page, and a PDF).",
        discussion: "Nothing is published without this command; `stipctl report unpublish` takes it down again.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String
    @Option(help: "The finished cycle whose report residents see.") var cycle: Int

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(
            .PUT, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/published-report", json: ["cycle": cycle])
        try output.print(reply) { body in
            "published the public report of cycle \(body["cycle"]?.cellText ?? "?") on /\(ref.workspace)/\(ref.parts[0])/"
        }
    }
}

/// `stipctl report unpublish W/T`.
struct UnpublishReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpublish", abstract: "Take the trajectory's public report off its resident page.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "workspace/trajectory.") var reference: String

    func run() async throws {
        let ref = try Reference.parse(reference, "workspace/trajectory")
        let reply = try await connection.client().send(.DELETE, "\(ref.base)/trajectories/\(pathSegment(ref.parts[0]))/published-report")
        try output.print(reply) { body in
            body["unpublished"] == .bool(true) ? "the public report is off the page" : "no report was published; nothing changed"
        }
    }
}

/// `stipctl report template …`: a workspace's own report templates (its house style).
struct ReportTemplateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "A workspace's own report templates: set one from a file, reset it to the built-in one, list them.",
        discussion: """
            The templates are report-html, report-md, municipality-html and municipality-md (swift-mustache; the \
            built-in ones are in Sources/StipReports/Templates). A template that does not parse or turns escaping \
            off is refused when it is set, with its line and column. See docs/reports.md.
            """,
        subcommands: [SetReportTemplate.self, ResetReportTemplate.self, ListReportTemplates.self])
}

struct SetReportTemplate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Use this file as the workspace's template NAME.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The workspace.") var workspace: String
    @Argument(help: "report-html, report-md, municipality-html or municipality-md.") var name: String
    @Argument(help: "The template file (UTF-8).") var file: String

    func run() async throws {
        let ref = try Reference.parse(workspace, "workspace", minimum: 0, maximum: 0)
        let text = try Data(contentsOf: URL(filePath: file))
        _ = try await connection.client().send(
            .PUT, "\(ref.base)/report-templates/\(pathSegment(name))", body: text, contentType: "text/plain; charset=utf-8")
        print("\(workspace) renders its reports with its own \(name) from now on")
    }
}

struct ResetReportTemplate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset", abstract: "Go back to the built-in template NAME.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The workspace.") var workspace: String
    @Argument(help: "The template's name.") var name: String

    func run() async throws {
        let ref = try Reference.parse(workspace, "workspace", minimum: 0, maximum: 0)
        let reply = try await connection.client().send(.DELETE, "\(ref.base)/report-templates/\(pathSegment(name))")
        let removed = (try? JSONValue.parse(reply.body))?["removed"] == .bool(true)
        print(removed ? "\(workspace) uses the built-in \(name) again" : "\(workspace) had no \(name) of its own; nothing changed")
    }
}

struct ListReportTemplates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The templates and which ones the workspace replaced.")

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The workspace.") var workspace: String

    func run() async throws {
        let ref = try Reference.parse(workspace, "workspace", minimum: 0, maximum: 0)
        let reply = try await connection.client().send(.GET, "\(ref.base)/report-templates")
        try output.print(reply) { body in
            let replaced = Set((body["replaced"]?.elements ?? []).compactMap(\.stringValue))
            let rows = (body["names"]?.elements ?? []).compactMap(\.stringValue).map {
                [$0, replaced.contains($0) ? "the workspace's own" : "built-in"]
            }
            return TextTable(headers: ["TEMPLATE", "IN USE"], rows: rows).render()
        }
    }
}
