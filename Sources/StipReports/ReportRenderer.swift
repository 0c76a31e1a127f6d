public import Foundation
import Mustache
import StipJSON

/// Renders a report from its view: HTML and Markdown through the templates in `Templates/` (compiled in), JSON as
/// the view itself. Every value is escaped for its format by default: HTML by the template library, Markdown by
/// ``MarkdownContentType``.
public enum ReportRenderer {
    static let library: MustacheLibrary = {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        var library = MustacheLibrary()
        let templates = [
            ("report-html", PackageResources.report_html_mustache), ("report-md", PackageResources.report_md_mustache),
            ("municipality-html", PackageResources.municipality_html_mustache),
            ("municipality-md", PackageResources.municipality_md_mustache),
        ]
        for (name, bytes) in templates {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                preconditionFailure("template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// The report as HTML (one self-contained file), Markdown or JSON, with the workspace's own templates in
    /// place of the built-in ones they replace (``ReportTemplates``).
    public static func render(_ view: ReportView, as format: ReportOptions.Format, overrides: [String: String] = [:]) throws -> Data {
        let library = ReportTemplates.library(overrides: overrides)
        switch format {
        case .json:
            return Data(try JSONValue(encoding: view).prettyJSONText.utf8)
        case .md:
            return Data((library.render(view, withTemplate: "report-md") ?? "").utf8)
        case .html, .pdf:
            return Data((library.render(view, withTemplate: "report-html") ?? "").utf8)
        }
    }
}

extension ReportRenderer {
    /// A municipality's report across its trajectories, as HTML, Markdown or JSON.
    public static func render(_ view: MunicipalityReportView, as format: ReportOptions.Format, overrides: [String: String] = [:]) throws
        -> Data
    {
        let library = ReportTemplates.library(overrides: overrides)
        switch format {
        case .json:
            return Data(try JSONValue(encoding: view).prettyJSONText.utf8)
        case .md:
            return Data((library.render(view, withTemplate: "municipality-md") ?? "").utf8)
        case .html, .pdf:
            return Data((library.render(view, withTemplate: "municipality-html") ?? "").utf8)
        }
    }
}

/// Markdown's own escaping: characters that would start emphasis, a link, a table cell or HTML are taken literally.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "<", ">", "#": escaped += "\\\(character)"
            case "\n": escaped += " "
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
