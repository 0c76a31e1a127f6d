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
        for (name, bytes) in [("report-html", PackageResources.report_html_mustache), ("report-md", PackageResources.report_md_mustache)] {
            do {
                try library.register(String(decoding: bytes, as: UTF8.self), named: name)
            } catch {
                preconditionFailure("template \(name).mustache does not parse: \(error)")
            }
        }
        return library
    }()

    /// The report as HTML (one self-contained file), Markdown or JSON.
    public static func render(_ view: ReportView, as format: ReportOptions.Format) throws -> Data {
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
